/// What one master component (no RECURRENCE-ID) says about its instances: DTSTART, how long
/// each lasts, its RRULEs, RDATEs and EXDATEs (RFC 5545 §3.8.5), with every date resolved to UTC.
struct RecurrenceSet {
    /// A candidate instance before overrides: its original start and, for an RDATE PERIOD, its
    /// own end.
    struct Slot: Hashable {
        var utc: Int64
        var isDate: Bool
        var end: Int64?
    }

    let componentIndex: Int
    /// DTSTART (or, for a VTODO without one, DUE).
    let start: ICalDateTime
    let startUTC: Int64
    /// The wall clock the rules run on: DTSTART's zone (RFC 5545 §3.3.10: instances keep their
    /// local time across DST changes); the floating zone for DATE and floating values.
    let zone: TimeZoneResolver.Zone
    let span: InstanceSpan
    let rules: [RecurrenceRule]
    /// Sorted by `utc`.
    let rdates: [Slot]
    let exdates: Set<Int64>
    /// EXDATE;VALUE=DATE on a DATE-TIME series: every instance on that local day goes.
    let exdateDays: Set<Int64>

    var isRecurring: Bool { !rules.isEmpty || !rdates.isEmpty }
    var isUnbounded: Bool { rules.contains { !$0.isBounded } }

    /// Nil when the component has neither DTSTART nor DUE (it has no time to expand).
    init?(component: Component, index: Int, resolver: TimeZoneResolver) throws(RecurrenceError) {
        let startProperty = component.property("DTSTART") ?? component.property("DUE")
        guard let startProperty else { return nil }
        guard let start = ICalDateTime(property: startProperty) else {
            throw RecurrenceError(.invalidComponent, "\(startProperty.name) '\(startProperty.value)' is not a DATE or DATE-TIME")
        }
        componentIndex = index
        self.start = start
        zone = resolver.zone(for: start)
        startUTC = resolver.utcSeconds(start)
        span = try RecurrenceSet.span(of: component, start: start, startUTC: startUTC, resolver: resolver)

        var rules: [RecurrenceRule] = []
        for property in component.properties("RRULE") { rules.append(try RecurrenceRule.parse(property.value)) }
        self.rules = rules

        var rdates: [Slot] = []
        for property in component.properties("RDATE") {
            for item in property.listValues {
                guard let slot = RecurrenceSet.rdate(item, property: property, series: start, seriesZone: zone, resolver: resolver) else {
                    throw RecurrenceError(.invalidComponent, "RDATE '\(item)' is not a DATE, DATE-TIME or PERIOD")
                }
                rdates.append(slot)
            }
        }
        self.rdates = rdates.sorted { $0.utc < $1.utc }

        var exdates = Set<Int64>()
        var exdateDays = Set<Int64>()
        for property in component.properties("EXDATE") {
            let tzid = property.parameter("TZID")
            let isDate = property.parameter("VALUE")?.uppercased() == "DATE"
            for item in property.listValues {
                guard let value = ICalDateTime.parse(isDate ? String(item.prefix(8)) : item, tzid: tzid) else {
                    throw RecurrenceError(.invalidComponent, "EXDATE '\(item)' is not a DATE or DATE-TIME")
                }
                if value.isDate && !start.isDate {
                    exdateDays.insert(CivilCalendar.days(year: Int64(value.year), month: Int64(value.month), day: Int64(value.day)))
                } else {
                    exdates.insert(RecurrenceSet.instant(value, series: start, seriesZone: zone, resolver: resolver))
                }
            }
        }
        self.exdates = exdates
        self.exdateDays = exdateDays
    }

    /// The instant of an RDATE, EXDATE or RECURRENCE-ID of this series. RFC 5545 wants them in
    /// DTSTART's form; a floating DATE-TIME next to a zoned DTSTART (a common client slip) is
    /// read on the series' wall clock rather than in the floating zone.
    static func instant(_ value: ICalDateTime, series: ICalDateTime, seriesZone: TimeZoneResolver.Zone,
                        resolver: TimeZoneResolver) -> Int64 {
        guard value.zone == .floating, !value.isDate, case .tzid = series.zone else { return resolver.utcSeconds(value) }
        return seriesZone.utc(fromLocal: value.wallSeconds)
    }

    func instant(_ value: ICalDateTime, resolver: TimeZoneResolver) -> Int64 {
        RecurrenceSet.instant(value, series: start, seriesZone: zone, resolver: resolver)
    }

    /// Whether EXDATE removes the slot starting at `utc`.
    func isExcluded(_ utc: Int64) -> Bool {
        if exdates.contains(utc) { return true }
        guard !exdateDays.isEmpty else { return false }
        return exdateDays.contains(CivilCalendar.floorDiv(zone.local(fromUTC: utc), CivilCalendar.secondsPerDay))
    }

    /// The end of an instance starting at `start` under this component's span.
    func end(after start: Int64) -> Int64? { span.end(after: start, in: zone) }

    /// DTEND (or DUE) relative to DTSTART, else DURATION (RFC 5545 §3.6.1, §3.6.2).
    static func span(of component: Component, start: ICalDateTime, startUTC: Int64,
                     resolver: TimeZoneResolver) throws(RecurrenceError) -> InstanceSpan {
        // A VTODO anchored on DUE (no DTSTART) is a point in time.
        guard component.property("DTSTART") != nil else { return .none }
        if let endProperty = component.property("DTEND") ?? component.property("DUE") {
            guard let end = ICalDateTime(property: endProperty) else {
                throw RecurrenceError(.invalidComponent, "\(endProperty.name) '\(endProperty.value)' is not a DATE or DATE-TIME")
            }
            if end.isDate && start.isDate {
                let days = CivilCalendar.days(year: Int64(end.year), month: Int64(end.month), day: Int64(end.day))
                    - CivilCalendar.days(year: Int64(start.year), month: Int64(start.month), day: Int64(start.day))
                return .nominal(ICalDuration(isNegative: days < 0, days: Int(abs(days))))
            }
            return .exact(resolver.utcSeconds(end) - startUTC)
        }
        if let property = component.property("DURATION") {
            guard let duration = ICalDuration.parse(property.value) else {
                throw RecurrenceError(.invalidComponent, "DURATION '\(property.value)' is not a duration")
            }
            return .nominal(duration)
        }
        return .none
    }

    /// One RDATE value: DATE, DATE-TIME, or PERIOD (`start/end` or `start/duration`, §3.3.9).
    private static func rdate(_ item: String, property: ContentLine, series: ICalDateTime, seriesZone: TimeZoneResolver.Zone,
                              resolver: TimeZoneResolver) -> Slot? {
        let tzid = property.parameter("TZID")
        let parts = item.split(separator: "/", omittingEmptySubsequences: false)
        if property.parameter("VALUE")?.uppercased() == "DATE" {
            guard parts.count == 1, let date = ICalDateTime.parse(String(item.prefix(8)), tzid: nil) else { return nil }
            return Slot(utc: resolver.utcSeconds(date), isDate: true, end: nil)
        }
        guard parts.count <= 2, let start = ICalDateTime.parse(String(parts[0]), tzid: tzid) else { return nil }
        let startUTC = instant(start, series: series, seriesZone: seriesZone, resolver: resolver)
        guard parts.count == 2 else { return Slot(utc: startUTC, isDate: start.isDate, end: nil) }
        let second = String(parts[1])
        if let end = ICalDateTime.parse(second, tzid: tzid), !end.isDate {
            return Slot(utc: startUTC, isDate: false, end: max(startUTC, instant(end, series: series, seriesZone: seriesZone, resolver: resolver)))
        }
        guard let duration = ICalDuration.parse(second) else { return nil }
        return Slot(utc: startUTC, isDate: false, end: max(startUTC, duration.add(to: startUTC, in: resolver.zone(for: start))))
    }
}
