/// Rewrites of a calendar object for `calendar-data` (RFC 4791 §9.6.5–§9.6.7).
enum RecurrenceRewriting {
    static let recurring: Set<String> = ["VEVENT", "VTODO", "VJOURNAL"]

    /// §9.6.5: every instance overlapping `range` as its own component, with DTSTART, DTEND/DUE
    /// and RECURRENCE-ID in UTC and no RRULE, RDATE or EXDATE; VTIMEZONEs are dropped because
    /// nothing refers to them any more.
    static func expand(_ calendar: Component, in range: CalendarFilter.TimeRange, resolver: TimeZoneResolver,
                       limits: RecurrenceExpander.Limits = RecurrenceExpander.Limits()) throws -> Component {
        var out = Component(name: calendar.name, properties: calendar.properties)
        for c in calendar.components where !recurring.contains(c.name) && c.name != "VTIMEZONE" { out.components.append(c) }
        for group in calendar.components.filter({ recurring.contains($0.name) }).groupedByUID() {
            guard group.contains(where: { $0.property("DTSTART") != nil }) else {
                out.components += group
                continue
            }
            let expander = RecurrenceExpander(components: group, resolver: resolver, limits: limits)
            let occurrences: [Occurrence]
            do { occurrences = try expander.occurrences(from: range.start, to: range.end) } catch {
                throw DAVError.precondition(403, .caldav("max-instances"), "Too many instances to expand: \(error)")
            }
            for o in occurrences {
                let source = group[o.componentIndex]
                let instance = TimeRangeRules.Instance(start: o.start, end: o.end, isDate: o.isDate)
                guard TimeRangeRules.overlaps(source, instance, range, resolver: resolver) else { continue }
                out.components.append(instanceComponent(source, o))
            }
        }
        return out
    }

    private static func instanceComponent(_ source: Component, _ o: Occurrence) -> Component {
        var c = source
        c.properties.removeAll { ["RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID", "DTSTART", "DTEND", "DUE"].contains($0.name) }
        var times: [ContentLine] = [utcLine("DTSTART", o.start, isDate: o.isDate)]
        if let end = o.end {
            if source.property("DTEND") != nil { times.append(utcLine("DTEND", end, isDate: o.isDate)) }
            if source.property("DUE") != nil { times.append(utcLine("DUE", end, isDate: o.isDate)) }
        }
        if let rid = o.recurrenceID { times.append(utcLine("RECURRENCE-ID", rid, isDate: o.isDate)) }
        let at = c.properties.firstIndex { $0.name == "UID" }.map { $0 + 1 } ?? 0
        c.properties.insert(contentsOf: times, at: at)
        return c
    }

    /// All-day values stay dates (a UTC midnight would shift the day for half the world).
    private static func utcLine(_ name: String, _ seconds: Int64, isDate: Bool) -> ContentLine {
        let text = ICalDateTime.utcString(seconds)
        if isDate { return ContentLine(name: name, parameters: [ContentParameter(name: "VALUE", values: ["DATE"])], value: String(text.prefix(8))) }
        return ContentLine(name: name, value: text)
    }

    /// §9.6.6: the master stays; overrides are kept only when they or the slot they replace
    /// overlap `range`.
    static func limitRecurrenceSet(_ calendar: Component, to range: CalendarFilter.TimeRange, resolver: TimeZoneResolver) -> Component {
        var out = calendar
        out.components = calendar.components.filter { c in
            guard recurring.contains(c.name), let rid = c.property("RECURRENCE-ID").flatMap(ICalDateTime.init(property:)) else { return true }
            let slot = resolver.utcSeconds(rid)
            if c.property("RECURRENCE-ID")?.parameter("RANGE")?.uppercased() == "THISANDFUTURE" {
                return (range.end ?? .max) > slot
            }
            let start = c.property("DTSTART").flatMap(ICalDateTime.init(property:)).map(resolver.utcSeconds) ?? slot
            let end = c.property("DTEND").flatMap(ICalDateTime.init(property:)).map(resolver.utcSeconds) ?? start
            return range.overlaps(min(slot, start), max(slot, end) + 1)
        }
        return out
    }

    /// §9.6.7: FREEBUSY periods outside `range` are dropped from VFREEBUSY components.
    static func limitFreeBusySet(_ calendar: Component, to range: CalendarFilter.TimeRange, resolver: TimeZoneResolver) -> Component {
        var out = calendar
        for i in out.components.indices where out.components[i].name == "VFREEBUSY" {
            out.components[i].properties = out.components[i].properties.compactMap { p in
                guard p.name == "FREEBUSY" else { return p }
                let kept = p.value.split(separator: ",").filter { raw in
                    guard let period = PeriodValue.parse(String(raw), resolver: resolver) else { return true }
                    return range.overlaps(period.start, period.end)
                }
                if kept.isEmpty { return nil }
                var q = p
                q.value = kept.joined(separator: ",")
                return q
            }
        }
        return out
    }
}
