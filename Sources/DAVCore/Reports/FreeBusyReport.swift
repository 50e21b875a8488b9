import FoundationEssentials

/// `free-busy-query` (RFC 4791 §7.10): one VFREEBUSY for the requested range, built from the
/// calendar's events (TRANSP and STATUS honoured, recurrences expanded) and the FREEBUSY
/// periods of stored VFREEBUSY components, merged per busy type.
struct FreeBusyReport: ReportHandler {
    func run(_ body: XMLElement, on target: PropertyTarget, context: RequestContext) async throws -> DAVResponse {
        guard let collection = target.collection, collection.kind == .calendar else {
            throw DAVError.forbidden("free-busy-query runs on a calendar collection")
        }
        guard let element = body.child(.caldav("time-range")), element.attribute("start") != nil else {
            throw DAVError.precondition(403, .caldav("valid-filter"), "free-busy-query needs a time-range with a start (RFC 4791 §7.10)")
        }
        var range = try CalendarFilter.TimeRange(element: element)
        if range.end == nil { range.end = range.start.map { $0 + 366 * 86_400 } }
        let floating = try CalendarTimeZone.floatingZone(request: nil, collection: collection)
        // One read and one parse per object: its events count when it is a VEVENT candidate, its
        // FREEBUSY periods when it is a VFREEBUSY candidate (without a query hook, every member is both).
        let events = try await candidateNames("VEVENT", range, in: collection.path, context: context)
        let freeBusy = try await candidateNames("VFREEBUSY", range, in: collection.path, context: context)
        var busy = FreeBusySet()
        for batch in events.union(freeBusy).sorted().chunks(of: CalendarQueryReport.batchSize) {
            for object in try await context.storage.objects(in: collection.path, named: Array(batch)) {
                guard let name = object.info.path.name, let calendar = try? ContentParser.parse(object.bytes).first else { continue }
                let resolver = TimeZoneResolver(calendar: calendar, floating: floating)
                if events.contains(name) {
                    busy.addEvents(of: calendar, in: range, resolver: resolver, limits: context.configuration.limits.recurrence)
                }
                if freeBusy.contains(name) { busy.addFreeBusy(of: calendar, in: range, resolver: resolver) }
            }
        }
        let text = busy.vcalendar(range: range, now: Int64(Date().timeIntervalSince1970))
        return DAVResponse(status: 200, body: Array(text.utf8), contentType: "text/calendar; charset=utf-8")
    }

    private func candidateNames(_ component: String, _ range: CalendarFilter.TimeRange, in collection: ResourcePath,
                                context: RequestContext) async throws -> Set<String> {
        let query = StorageQuery(componentType: component, timeRangeStart: range.start, timeRangeEnd: range.end)
        return try await Set(context.storage.candidates(query, in: collection).map(\.name))
    }
}

/// Busy periods by FBTYPE, clipped to the query range and merged (RFC 5545 §3.8.2.6).
struct FreeBusySet {
    private(set) var periods: [String: [PeriodValue]] = [:]

    mutating func add(_ type: String, _ start: Int64, _ end: Int64, range: CalendarFilter.TimeRange) {
        let s = max(start, range.start ?? .min), e = min(end, range.end ?? .max)
        guard e > s else { return }
        periods[type, default: []].append(PeriodValue(start: s, end: e))
    }

    mutating func addEvents(of calendar: Component, in range: CalendarFilter.TimeRange, resolver: TimeZoneResolver,
                            limits: RecurrenceExpander.Limits) {
        for group in calendar.components("VEVENT").groupedByUID() {
            guard group.contains(where: { $0.property("DTSTART") != nil }) else { continue }
            let expander = RecurrenceExpander(components: group, resolver: resolver, limits: limits)
            guard let occurrences = try? expander.occurrences(from: range.start, to: range.end) else { continue }
            for o in occurrences {
                let event = group[o.componentIndex]
                if event.property("TRANSP")?.value.uppercased() == "TRANSPARENT" { continue }
                let status = event.property("STATUS")?.value.uppercased()
                if status == "CANCELLED" { continue }
                let end = o.end ?? (o.isDate ? o.start + 86_400 : o.start)
                add(status == "TENTATIVE" ? "BUSY-TENTATIVE" : "BUSY", o.start, end, range: range)
            }
        }
    }

    mutating func addFreeBusy(of calendar: Component, in range: CalendarFilter.TimeRange, resolver: TimeZoneResolver) {
        for fb in calendar.components("VFREEBUSY") {
            for p in fb.properties("FREEBUSY") {
                let type = p.parameter("FBTYPE")?.uppercased() ?? "BUSY"
                if type == "FREE" { continue }
                for period in PeriodValue.parseList(p.value, resolver: resolver) { add(type, period.start, period.end, range: range) }
            }
        }
    }

    /// Overlapping and touching periods of one type joined, in start order.
    static func merged(_ list: [PeriodValue]) -> [PeriodValue] {
        var out: [PeriodValue] = []
        for p in list.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
            if let last = out.last, p.start <= last.end {
                out[out.count - 1].end = max(last.end, p.end)
            } else {
                out.append(p)
            }
        }
        return out
    }

    func vcalendar(range: CalendarFilter.TimeRange, now: Int64) -> String {
        var fb = Component(name: "VFREEBUSY", properties: [
            ContentLine(name: "DTSTAMP", value: ICalDateTime.utcString(now)),
        ])
        if let s = range.start { fb.properties.append(ContentLine(name: "DTSTART", value: ICalDateTime.utcString(s))) }
        if let e = range.end { fb.properties.append(ContentLine(name: "DTEND", value: ICalDateTime.utcString(e))) }
        for type in ["BUSY", "BUSY-TENTATIVE", "BUSY-UNAVAILABLE"] + periods.keys.sorted() where periods[type] != nil {
            let list = Self.merged(periods[type] ?? [])
            guard !list.isEmpty, !fb.properties.contains(where: { $0.parameter("FBTYPE") == type }) else { continue }
            let value = list.map { "\(ICalDateTime.utcString($0.start))/\(ICalDateTime.utcString($0.end))" }.joined(separator: ",")
            fb.properties.append(ContentLine(name: "FREEBUSY", parameters: [ContentParameter(name: "FBTYPE", values: [type])], value: value))
        }
        let calendar = Component(name: "VCALENDAR", properties: [
            ContentLine(name: "VERSION", value: "2.0"), ContentLine(name: "PRODID", value: "-//pocketdav//free-busy//EN"),
        ], components: [fb])
        return calendar.serialized
    }
}
