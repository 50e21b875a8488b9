/// The slots of one recurrence set in ascending UTC order: DTSTART, every RRULE's instances and
/// the RDATEs (RFC 5545 §3.8.5.2: the set is their union), each once. EXDATE and overrides are
/// applied by the caller.
///
/// Rule instances are generated on DTSTART's wall clock and converted one by one, so a weekly
/// 10:00 Europe/Berlin meeting is 09:00Z in winter and 08:00Z in summer. Only sub-daily rules
/// crossing a DST gap can come out of order (by at most the size of the gap); callers sort
/// what they collect.
struct SlotStream {
    private var rules: [RuleStream]
    private var peeked: [Int64?]
    private var fetched: [Bool]
    private let rdates: [RecurrenceSet.Slot]
    private var rdateIndex = 0
    private var first: RecurrenceSet.Slot?
    private let ruleIsDate: Bool
    private var lastEmitted: Int64?

    init(set: RecurrenceSet) throws(RecurrenceError) {
        var rules: [RuleStream] = []
        for rule in set.rules { rules.append(try RuleStream(rule: rule, set: set)) }
        self.rules = rules
        peeked = Array(repeating: nil, count: rules.count)
        fetched = Array(repeating: false, count: rules.count)
        rdates = set.rdates
        first = RecurrenceSet.Slot(utc: set.startUTC, isDate: set.start.isDate, end: nil)
        ruleIsDate = set.start.isDate
    }

    /// Fast-forwards every rule without COUNT to about `utc`; DTSTART and RDATEs stay (they are
    /// few, and the caller filters them).
    mutating func skip(toUTC utc: Int64) {
        for i in rules.indices where !fetched[i] { rules[i].skip(toUTC: utc) }
    }

    /// The next slot, or nil once slots are past `horizon` (UTC; nil = no horizon). A few slots
    /// beyond it may still come; callers filter.
    mutating func next(horizon: Int64?, budget: inout RecurrenceBudget) throws(RecurrenceError) -> RecurrenceSet.Slot? {
        while true {
            for i in rules.indices where !fetched[i] {
                peeked[i] = try rules[i].next(horizon: horizon, budget: &budget)
                fetched[i] = true
            }
            var best = first
            var source = -2  // -2 DTSTART, -1 RDATE, else a rule index
            if rdateIndex < rdates.count, best == nil || rdates[rdateIndex].utc < best!.utc {
                best = rdates[rdateIndex]
                source = -1
            }
            for i in rules.indices {
                guard let utc = peeked[i], best == nil || utc < best!.utc else { continue }
                best = RecurrenceSet.Slot(utc: utc, isDate: ruleIsDate, end: nil)
                source = i
            }
            guard let slot = best else { return nil }
            // Two hours past the horizon: a sub-daily rule crossing a DST gap may still bring
            // slots up to the gap's size earlier than this one.
            if let horizon, slot.utc >= horizon + 7_200 { return nil }
            switch source {
            case -2: first = nil
            case -1: rdateIndex += 1
            default: fetched[source] = false
            }
            if slot.utc == lastEmitted { continue }  // an RDATE or second RRULE repeating a slot
            lastEmitted = slot.utc
            return slot
        }
    }
}

/// One RRULE's instances as UTC instants, with COUNT (DTSTART counts as the first, RFC 5545
/// §3.3.10) and UNTIL (inclusive; a UTC UNTIL is compared as an instant, a DATE or floating one
/// on the wall clock) applied. DTSTART itself is left to `SlotStream`.
struct RuleStream {
    private enum Until { case instant(Int64), wall(Int64) }

    private var iterator: RuleIterator
    private let count: Int?
    private let until: Until?
    private let startWall: Int64
    private let zone: TimeZoneResolver.Zone
    private var produced = 1
    private var finished = false

    init(rule: RecurrenceRule, set: RecurrenceSet) throws(RecurrenceError) {
        startWall = set.start.wallSeconds
        zone = set.zone
        count = rule.count
        iterator = try RuleIterator(rule: rule, start: startWall, isDate: set.start.isDate)
        switch rule.until {
        case .none: until = nil
        case .some(let value) where value.isDate: until = .wall(value.wallSeconds + 86_399)
        case .some(let value) where value.zone == .utc: until = .instant(value.wallSeconds)
        case .some(let value): until = .wall(value.wallSeconds)
        }
    }

    mutating func skip(toUTC utc: Int64) {
        guard count == nil else { return }  // COUNT needs every instance from DTSTART on
        // Two hours of slack: around a DST change wall and UTC order can differ by the shift.
        iterator.skip(to: zone.local(fromUTC: utc) - 7_200)
    }

    mutating func next(horizon: Int64?, budget: inout RecurrenceBudget) throws(RecurrenceError) -> Int64? {
        guard !finished else { return nil }
        // Wall clocks run at most 26 hours ahead of UTC.
        var wallHorizon = horizon.map { $0 + 93_600 }
        switch until {
        case .instant(let limit): wallHorizon = min(wallHorizon ?? .max, limit + 93_600)
        case .wall(let limit): wallHorizon = min(wallHorizon ?? .max, limit)
        case .none: break
        }
        while let wall = try iterator.next(horizon: wallHorizon, budget: &budget) {
            if wall == startWall { continue }
            if let count, produced >= count { break }
            let utc = zone.utc(fromLocal: wall)
            switch until {
            case .instant(let limit) where utc > limit: finished = true; return nil
            case .wall(let limit) where wall > limit: finished = true; return nil
            default: break
            }
            produced += 1
            return utc
        }
        finished = true
        return nil
    }
}
