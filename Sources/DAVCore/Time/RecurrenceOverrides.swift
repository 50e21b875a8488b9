/// The components of one UID split into masters and overrides, with what the overrides change
/// (RFC 5545 §3.8.4.4 RECURRENCE-ID).
struct RecurrenceOverrides {
    /// A component with RECURRENCE-ID: it replaces the instance at `recurrenceID`, and with
    /// RANGE=THISANDFUTURE also reshapes every later one.
    struct Override {
        let componentIndex: Int
        let recurrenceID: Int64
        let thisAndFuture: Bool
        /// The instance this component itself defines.
        let occurrence: Occurrence
        let span: InstanceSpan
    }

    let masters: [RecurrenceSet]
    let overrides: [Override]
    /// Slots replaced by an override.
    let replaced: Set<Int64>
    /// THISANDFUTURE overrides, by ascending RECURRENCE-ID.
    let futureRanges: [Override]
    /// How far (seconds) a THISANDFUTURE override moves instances later / earlier at most.
    let maxLaterShift: Int64
    let maxEarlierShift: Int64

    init(components: [Component], resolver: TimeZoneResolver) throws(RecurrenceError) {
        var masters: [RecurrenceSet] = []
        var pending: [(index: Int, component: Component, id: ICalDateTime, property: ContentLine)] = []
        for (index, component) in components.enumerated() {
            if let property = component.property("RECURRENCE-ID") {
                guard let id = ICalDateTime(property: property) else {
                    throw RecurrenceError(.invalidComponent, "RECURRENCE-ID '\(property.value)' is not a DATE or DATE-TIME")
                }
                pending.append((index, component, id, property))
            } else if let set = try RecurrenceSet(component: component, index: index, resolver: resolver) {
                masters.append(set)
            }
        }
        var overrides: [Override] = []
        for item in pending {
            let recurrenceID = masters.first?.instant(item.id, resolver: resolver) ?? resolver.utcSeconds(item.id)
            let ownStart = item.component.property("DTSTART") ?? item.component.property("DUE")
            let start = try ownStart.map { p throws(RecurrenceError) in
                guard let value = ICalDateTime(property: p) else {
                    throw RecurrenceError(.invalidComponent, "\(p.name) '\(p.value)' is not a DATE or DATE-TIME")
                }
                return value
            } ?? item.id
            let startUTC = resolver.utcSeconds(start)
            var span = try RecurrenceSet.span(of: item.component, start: start, startUTC: startUTC, resolver: resolver)
            // Without its own DTSTART an override has no length of its own (RFC 5545 §3.6.1 ties
            // DTEND and DURATION to DTSTART); it keeps the series' length.
            if item.component.property("DTSTART") == nil, let master = masters.first {
                span = master.span
            }
            let zone = resolver.zone(for: start)
            let occurrence = Occurrence(start: startUTC, end: span.end(after: startUTC, in: zone), isDate: start.isDate,
                                        recurrenceID: recurrenceID, componentIndex: item.index)
            let thisAndFuture = item.property.parameter("RANGE")?.uppercased() == "THISANDFUTURE"
            overrides.append(Override(componentIndex: item.index, recurrenceID: recurrenceID, thisAndFuture: thisAndFuture,
                                      occurrence: occurrence, span: span))
        }
        self.masters = masters
        self.overrides = overrides
        replaced = Set(overrides.map(\.recurrenceID))
        futureRanges = overrides.filter(\.thisAndFuture).sorted { $0.recurrenceID < $1.recurrenceID }
        maxLaterShift = futureRanges.map { max(0, $0.occurrence.start - $0.recurrenceID) }.max() ?? 0
        maxEarlierShift = futureRanges.map { max(0, $0.recurrenceID - $0.occurrence.start) }.max() ?? 0
    }

    /// The longest any instance of `master` may last, overrides included.
    func maximumSpan(of master: RecurrenceSet) -> Int64 {
        let allDay = master.start.isDate || master.rdates.contains(where: \.isDate)
        return futureRanges.reduce(master.span.maximumSeconds(allDay: allDay)) { max($0, $1.span.maximumSeconds(allDay: allDay)) }
    }

    /// The instance standing in `slot` of `master`, after THISANDFUTURE overrides; nil when
    /// EXDATE removes the slot or an override replaces it (that override is listed on its own).
    func instance(for slot: RecurrenceSet.Slot, of master: RecurrenceSet) -> Occurrence? {
        guard !master.isExcluded(slot.utc), !replaced.contains(slot.utc) else { return nil }
        guard let range = futureRanges.last(where: { $0.recurrenceID < slot.utc }) else {
            return Occurrence(start: slot.utc, end: slot.end ?? master.end(after: slot.utc), isDate: slot.isDate,
                              recurrenceID: slot.utc, componentIndex: master.componentIndex)
        }
        // RFC 5545 §3.8.4.4: later instances move by the same amount as the overridden one, on
        // the series' wall clock so that they keep their local time across DST changes.
        let zone = master.zone
        let shift = zone.local(fromUTC: range.occurrence.start) - zone.local(fromUTC: range.recurrenceID)
        let start = zone.utc(fromLocal: zone.local(fromUTC: slot.utc) + shift)
        let span = range.span == .none ? master.span : range.span
        return Occurrence(start: start, end: slot.end.map { $0 + (start - slot.utc) } ?? span.end(after: start, in: zone),
                          isDate: slot.isDate, recurrenceID: slot.utc, componentIndex: range.componentIndex)
    }
}
