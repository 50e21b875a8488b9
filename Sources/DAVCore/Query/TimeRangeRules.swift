/// The overlap rules of RFC 4791 §9.9, one per component type, applied to one instance.
///
/// `a`/`b` in the comments are the query's start and end; an open bound is minus or plus
/// infinity. Each rule is the RFC's table row, written out so it can be checked against it.
enum TimeRangeRules {
    /// An instance's times as §9.9 needs them.
    struct Instance {
        var start: Int64?
        var end: Int64?
        var isDate: Bool
    }

    /// The rule for `c`'s component type: VEVENT, VTODO, or else VJOURNAL's.
    static func overlaps(_ c: Component, _ i: Instance, _ r: CalendarFilter.TimeRange, resolver: TimeZoneResolver) -> Bool {
        switch c.name {
        case "VEVENT": event(c, i, r)
        case "VTODO": todo(c, i, r, resolver: resolver)
        default: journal(i, r)
        }
    }

    static func event(_ c: Component, _ i: Instance, _ r: CalendarFilter.TimeRange) -> Bool {
        guard let dtstart = i.start else { return false }
        let a = r.start ?? .min, b = r.end ?? .max
        if c.property("DTEND") != nil || c.property("DURATION") != nil, let end = i.end {
            if end > dtstart { return a < end && b > dtstart }
            // DTEND equal to DTSTART or DURATION of zero: a point in time.
            return a <= dtstart && b > dtstart
        }
        if !i.isDate { return a <= dtstart && b > dtstart }
        return a < dtstart + 86_400 && b > dtstart
    }

    static func todo(_ c: Component, _ i: Instance, _ r: CalendarFilter.TimeRange, resolver: TimeZoneResolver) -> Bool {
        let a = r.start ?? .min, b = r.end ?? .max
        let hasDuration = c.property("DURATION") != nil
        let hasDue = c.property("DUE") != nil
        if let dtstart = i.start {
            if hasDuration, let end = i.end { return a <= end && (b > dtstart || b >= end) }
            if hasDue, let due = i.end { return (a < due || a <= dtstart) && (b > dtstart || b >= due) }
            return a <= dtstart && b > dtstart
        }
        if hasDue, let due = i.end { return a < due && b >= due }
        let completed = c.property("COMPLETED").flatMap(ICalDateTime.init(property:)).map(resolver.utcSeconds)
        let created = c.property("CREATED").flatMap(ICalDateTime.init(property:)).map(resolver.utcSeconds)
        switch (completed, created) {
        case let (done?, made?): return (a <= made || a <= done) && (b >= made || b >= done)
        case let (done?, nil): return a <= done && b >= done
        case let (nil, made?): return b > made
        case (nil, nil): return true
        }
    }

    static func journal(_ i: Instance, _ r: CalendarFilter.TimeRange) -> Bool {
        guard let dtstart = i.start else { return false }
        let a = r.start ?? .min, b = r.end ?? .max
        if !i.isDate { return a <= dtstart && b > dtstart }
        return a < dtstart + 86_400 && b > dtstart
    }

    static func freeBusy(_ c: Component, _ r: CalendarFilter.TimeRange, resolver: TimeZoneResolver) -> Bool {
        let a = r.start ?? .min, b = r.end ?? .max
        if let s = c.property("DTSTART").flatMap(ICalDateTime.init(property:)),
           let e = c.property("DTEND").flatMap(ICalDateTime.init(property:)) {
            return a <= resolver.utcSeconds(e) && b > resolver.utcSeconds(s)
        }
        let periods = c.properties("FREEBUSY").flatMap { PeriodValue.parseList($0.value, resolver: resolver) }
        return periods.contains { a < $0.end && b > $0.start }
    }

    /// VALARM (§9.9, last table): some trigger time t, including repetitions, has a <= t < b.
    static func alarm(_ alarm: Component, parent: Instance, _ r: CalendarFilter.TimeRange, resolver: TimeZoneResolver) -> Bool {
        let a = r.start ?? .min, b = r.end ?? .max
        return AlarmTimes.triggers(alarm, parent: parent, resolver: resolver).contains { a <= $0 && b > $0 }
    }
}

/// Trigger instants of a VALARM for one parent instance (RFC 5545 §3.8.6.3, §3.8.6.2).
enum AlarmTimes {
    static func triggers(_ alarm: Component, parent: TimeRangeRules.Instance, resolver: TimeZoneResolver) -> [Int64] {
        guard let trigger = alarm.property("TRIGGER") else { return [] }
        var first: Int64
        if trigger.parameter("VALUE")?.uppercased() == "DATE-TIME" || !trigger.value.contains("P") {
            guard let at = ICalDateTime(property: trigger) else { return [] }
            first = resolver.utcSeconds(at)
        } else {
            guard let offset = ICalDuration.parse(trigger.value) else { return [] }
            let related = trigger.parameter("RELATED")?.uppercased() == "END" ? (parent.end ?? parent.start) : parent.start
            guard let base = related else { return [] }
            first = base + offset.totalSeconds
        }
        var out = [first]
        if let repeats = alarm.property("REPEAT").flatMap({ Int($0.value) }), repeats > 0,
           let step = alarm.property("DURATION").flatMap({ ICalDuration.parse($0.value) })?.totalSeconds, step > 0 {
            for k in 1...min(repeats, 1000) { out.append(first + Int64(k) * step) }
        }
        return out
    }
}

/// A PERIOD value (RFC 5545 §3.3.9): `start/end` or `start/duration`, in UTC seconds.
struct PeriodValue: Hashable {
    var start: Int64
    var end: Int64

    static func parse(_ raw: String, resolver: TimeZoneResolver) -> PeriodValue? {
        let parts = raw.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let s = ICalDateTime.parse(parts[0], tzid: nil) else { return nil }
        let start = resolver.utcSeconds(s)
        if let e = ICalDateTime.parse(parts[1], tzid: nil) { return PeriodValue(start: start, end: resolver.utcSeconds(e)) }
        guard let d = ICalDuration.parse(parts[1]) else { return nil }
        return PeriodValue(start: start, end: start + d.totalSeconds)
    }

    static func parseList(_ raw: String, resolver: TimeZoneResolver) -> [PeriodValue] {
        raw.split(separator: ",").compactMap { parse(String($0), resolver: resolver) }
    }
}
