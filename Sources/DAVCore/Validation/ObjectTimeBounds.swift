/// The first and last instant a calendar object can occupy, for the storage index
/// (`ObjectSummary.firstStart`/`lastEnd`). Bounds are a superset: widened by two days so that
/// floating and all-day values match whatever zone a query later evaluates them in, and open
/// (`nil`) whenever the object recurs without end or cannot be bounded.
enum ObjectTimeBounds {
    static let slack: Int64 = 2 * 86_400

    static func bounds(of components: [Component], resolver: TimeZoneResolver) throws -> (first: Int64?, last: Int64?) {
        try validateDates(components)
        var first: Int64?
        var last: Int64?
        var open = false
        func include(_ a: Int64?, _ b: Int64?) {
            guard let a, let b else { open = true; return }
            first = min(first ?? a, a)
            last = max(last ?? b, b)
        }
        for group in components.groupedByUID() {
            switch group[0].name {
            case "VEVENT", "VTODO", "VJOURNAL":
                guard group.allSatisfy({ $0.property("DTSTART") != nil }) else { open = true; continue }
                let expander = RecurrenceExpander(components: group, resolver: resolver)
                guard let b = try? expander.bounds(), let start = b.first else { open = true; continue }
                // Without DTEND/DUE/DURATION an all-day instance still lasts its day (§9.9).
                include(start, b.last.map { max($0, start + 86_400) })
            case "VFREEBUSY":
                for c in group {
                    let times = (["DTSTART", "DTEND"].compactMap { c.property($0).flatMap(ICalDateTime.init(property:)) })
                        .map(resolver.utcSeconds)
                    let periods = c.properties("FREEBUSY").flatMap { PeriodValue.parseList($0.value, resolver: resolver) }
                    let all = times + periods.flatMap { [$0.start, $0.end] }
                    include(all.min(), all.max())
                }
            default:
                open = true
            }
        }
        if open { return (nil, nil) }
        return (first.map { $0 - slack }, last.map { $0 + slack })
    }

    /// The object's one instance when it is fixed in time (see `ObjectSummary.fixedInstance`):
    /// its instance list (`fixedInstances`) when the VEVENT does not recur (no RRULE, RDATE or
    /// EXDATE). The list already demands the rest: one VEVENT without RECURRENCE-ID, UTC or TZID
    /// date-times (a floating or all-day value moves with the query's zone), a DTEND or a
    /// DURATION and a positive length (a zero-length event has its own §9.9 rule).
    static func fixedInstance(of components: [Component], instances: [ObjectSummary.FixedInstance]?)
        -> ObjectSummary.FixedInstance?
    {
        guard let instances, instances.count == 1, let event = components.first,
              ["RRULE", "RDATE", "EXDATE"].allSatisfy({ event.property($0) == nil }) else { return nil }
        return instances[0]
    }

    /// Every instance of the object when each is fixed in time (see `ObjectSummary.instances`):
    /// one VEVENT, no RECURRENCE-ID; DTSTART, DTEND and every RDATE and EXDATE value a UTC or
    /// TZID date-time (a floating or DATE value would need the query's zone, a PERIOD more care
    /// than an index needs); an RRULE ends by COUNT or a UTC UNTIL; at most
    /// `ObjectSummary.maxIndexedInstances` instances, each of positive length. Expanded by the same
    /// `RecurrenceExpander` the query evaluator uses, so both see the same instances.
    static func fixedInstances(of components: [Component], resolver: TimeZoneResolver) -> [ObjectSummary.FixedInstance]? {
        guard components.count == 1, let event = components.first, event.name == "VEVENT",
              event.property("RECURRENCE-ID") == nil,
              let start = event.property("DTSTART").flatMap(ICalDateTime.init(property:)), isFixed(start) else { return nil }
        let end = event.property("DTEND").flatMap(ICalDateTime.init(property:))
        switch (end, event.property("DURATION") != nil) {
        case (let end?, false): guard isFixed(end) else { return nil }
        case (nil, true): break
        default: return nil
        }
        // Lists too (`EXDATE:a,b`, RFC 5545 §3.8.5.1): half of the recurring events in the bench's
        // data exclude several dates on one line. A PERIOD item fails the parse, a DATE `isFixed`;
        // VALUE=DATE alone is enough to refuse, whatever the value looks like.
        for name in ["RDATE", "EXDATE"] {
            for property in event.properties(name) {
                if property.parameter("VALUE")?.uppercased() == "DATE" { return nil }
                let tzid = property.parameter("TZID")
                for item in property.listValues {
                    guard let value = ICalDateTime.parse(item, tzid: tzid), isFixed(value) else { return nil }
                }
            }
        }
        for property in event.properties("RRULE") {
            guard let rule = try? RecurrenceRule.parse(property.value) else { return nil }
            if rule.count != nil { continue }
            guard let until = rule.until, case .utc = until.zone else { return nil }
        }
        var limits = RecurrenceExpander.Limits()
        limits.maxInstances = ObjectSummary.maxIndexedInstances
        let expander = RecurrenceExpander(components: [event], resolver: resolver, limits: limits)
        guard let occurrences = try? expander.occurrences(from: nil, to: nil), !occurrences.isEmpty else { return nil }
        var instances: [ObjectSummary.FixedInstance] = []
        instances.reserveCapacity(occurrences.count)
        for occurrence in occurrences {
            guard !occurrence.isDate, let end = occurrence.end, end > occurrence.start else { return nil }
            instances.append(ObjectSummary.FixedInstance(start: occurrence.start, end: end))
        }
        return instances
    }

    private static func isFixed(_ value: ICalDateTime) -> Bool {
        if value.isDate { return false }
        if case .floating = value.zone { return false }
        return true
    }

    /// Dates and rules must parse: a value the server cannot read would make queries guess.
    private static func validateDates(_ components: [Component]) throws {
        for c in components {
            for name in ["DTSTART", "DTEND", "DUE", "RECURRENCE-ID"] {
                if let p = c.property(name), ICalDateTime(property: p) == nil {
                    throw DAVError.precondition(403, .caldav("valid-calendar-data"), "\(name):\(p.value) is not a valid date or date-time")
                }
            }
            for p in c.properties("DURATION") where ICalDuration.parse(p.value) == nil {
                throw DAVError.precondition(403, .caldav("valid-calendar-data"), "DURATION:\(p.value) is not a valid duration")
            }
            for p in c.properties("RRULE") {
                do { _ = try RecurrenceRule.parse(p.value) } catch {
                    throw DAVError.precondition(403, .caldav("valid-calendar-data"), "RRULE:\(p.value) is not valid: \(error)")
                }
            }
        }
    }
}
