/// Expands the components of one UID into instances (RFC 5545 §3.8.5; RFC 4791 §9.9 for the
/// time-range semantics).
///
/// ```swift
/// let resolver = TimeZoneResolver(calendar: vcalendar)
/// let expander = RecurrenceExpander(components: vcalendar.components("VEVENT"), resolver: resolver)
/// let week = try expander.occurrences(from: monday, to: monday + 7 * 86_400)
/// ```
/// Work is bounded by `Limits`; when they are hit before the answer is known the expander throws
/// `.limitExceeded` instead of returning a shortened list.
public struct RecurrenceExpander: Sendable {
    public struct Limits: Sendable {
        /// Instances one call may return.
        public var maxInstances = 20_000
        /// Rule periods and candidates one call may visit.
        public var maxIterations = 2_000_000
        /// Wall-clock time one call may take.
        public var deadline: Duration = .seconds(2)
        public init() {}
    }

    public let components: [Component]
    public let resolver: TimeZoneResolver
    public let limits: Limits

    /// `components`: all components with one UID of one object (master with RRULE/RDATE/EXDATE and
    /// overrides with RECURRENCE-ID, RANGE=THISANDFUTURE honoured), all of one type (VEVENT or VTODO…).
    public init(components: [Component], resolver: TimeZoneResolver, limits: Limits = Limits()) {
        self.components = components
        self.resolver = resolver
        self.limits = limits
    }

    /// Instances whose [start, end) may overlap [rangeStart, rangeEnd) (either bound open = nil),
    /// in start order; iteration stops once starts pass rangeEnd; overridden slots are replaced by
    /// their override, EXDATE'd slots removed, RDATEs (DATE, DATE-TIME, PERIOD) added.
    ///
    /// An instance without end counts as lasting one day when all-day and as a point otherwise
    /// (RFC 4791 §9.9), so one starting exactly at `rangeStart` is included. A component with
    /// neither DTSTART nor DUE has no instances.
    public func occurrences(from rangeStart: Int64?, to rangeEnd: Int64?) throws(RecurrenceError) -> [Occurrence] {
        let plan = try RecurrenceOverrides(components: components, resolver: resolver)
        var budget = RecurrenceBudget(maxIterations: limits.maxIterations, deadline: limits.deadline)
        var result: [Occurrence] = []
        func collect(_ occurrence: Occurrence) throws(RecurrenceError) {
            guard overlaps(occurrence, rangeStart, rangeEnd) else { return }
            result.append(occurrence)
            if result.count > limits.maxInstances {
                throw RecurrenceError(.limitExceeded, "more than \(limits.maxInstances) instances in the requested range")
            }
        }
        for master in plan.masters {
            guard master.isRecurring else {
                if plan.replaced.contains(master.startUTC) { continue }
                try collect(Occurrence(start: master.startUTC, end: master.end(after: master.startUTC), isDate: master.start.isDate,
                                       recurrenceID: nil, componentIndex: master.componentIndex))
                continue
            }
            var slots = try SlotStream(set: master)
            if let rangeStart {
                // Rules without COUNT jump straight to the range (RFC 5545 gives every period the
                // same shape, so nothing before it needs generating).
                slots.skip(toUTC: rangeStart - plan.maximumSpan(of: master) - plan.maxLaterShift)
            }
            let horizon = rangeEnd.map { $0 + plan.maxEarlierShift }
            while let slot = try slots.next(horizon: horizon, budget: &budget) {
                if let occurrence = plan.instance(for: slot, of: master) { try collect(occurrence) }
            }
        }
        for override in plan.overrides { try collect(override.occurrence) }
        return RecurrenceExpander.ordered(result)
    }

    /// For the storage index: first start and last end over all instances; lastEnd nil = unbounded (no COUNT/UNTIL).
    ///
    /// `first` is nil only when there are no instances at all (no DTSTART or DUE), which, like
    /// an open `last`, means "do not narrow by time". Instances without end count as lasting a
    /// day (all-day) or no time. Throws `.limitExceeded` when a COUNT or UNTIL series is too long
    /// to walk within the limits (`maxInstances` does not apply: nothing is kept).
    public func bounds() throws(RecurrenceError) -> (first: Int64?, last: Int64?) {
        let plan = try RecurrenceOverrides(components: components, resolver: resolver)
        var budget = RecurrenceBudget(maxIterations: limits.maxIterations, deadline: limits.deadline)
        var first: Int64?
        var last: Int64?
        var unbounded = false
        func note(_ occurrence: Occurrence) {
            first = min(first ?? occurrence.start, occurrence.start)
            last = max(last ?? .min, effectiveEnd(of: occurrence))
        }
        for master in plan.masters {
            guard master.isRecurring else {
                if plan.replaced.contains(master.startUTC) { continue }
                note(Occurrence(start: master.startUTC, end: master.end(after: master.startUTC), isDate: master.start.isDate,
                                recurrenceID: nil, componentIndex: master.componentIndex))
                continue
            }
            unbounded = unbounded || master.isUnbounded
            var slots = try SlotStream(set: master)
            while let slot = try slots.next(horizon: nil, budget: &budget) {
                guard let occurrence = plan.instance(for: slot, of: master) else { continue }
                note(occurrence)
                if master.isUnbounded { break }  // only the first start is needed
            }
        }
        for override in plan.overrides { note(override.occurrence) }
        if first == nil { return (nil, nil) }
        return (first, unbounded ? nil : last)
    }

    /// The end RFC 4791 §9.9 implies: DTEND/DUE/DURATION, else one day for DATE, else the start.
    private func effectiveEnd(of occurrence: Occurrence) -> Int64 {
        if let end = occurrence.end { return end }
        guard occurrence.isDate else { return occurrence.start }
        return ICalDuration(days: 1).add(to: occurrence.start, in: resolver.floatingZone)
    }

    private func overlaps(_ occurrence: Occurrence, _ rangeStart: Int64?, _ rangeEnd: Int64?) -> Bool {
        if let rangeEnd, occurrence.start >= rangeEnd { return false }
        guard let rangeStart else { return true }
        let end = effectiveEnd(of: occurrence)
        return end > rangeStart || (end == occurrence.start && occurrence.start >= rangeStart)
    }

    /// Sorted by start; the same slot produced twice (a sub-daily rule crossing a DST gap maps
    /// two wall times to one instant) is kept once.
    private static func ordered(_ occurrences: [Occurrence]) -> [Occurrence] {
        let sorted = occurrences.sorted {
            ($0.start, $0.componentIndex, $0.recurrenceID ?? .min) < ($1.start, $1.componentIndex, $1.recurrenceID ?? .min)
        }
        var result: [Occurrence] = []
        result.reserveCapacity(sorted.count)
        for occurrence in sorted where result.last != occurrence { result.append(occurrence) }
        return result
    }
}
