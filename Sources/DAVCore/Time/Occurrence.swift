/// One instance of a (possibly recurring) component.
public struct Occurrence: Sendable, Hashable {
    /// UTC seconds since 1970.
    public var start: Int64
    /// From DTEND or DUE (shifted to this instance), or DTSTART+DURATION; nil when the component has none.
    public var end: Int64?
    /// The start is a DATE (an all-day instance).
    public var isDate: Bool
    /// The original slot (UTC seconds) this instance stands for; nil for a non-recurring component.
    public var recurrenceID: Int64?
    /// Index into the `components` passed to the expander: the master or the override that defines this instance.
    public var componentIndex: Int

    public init(start: Int64, end: Int64?, isDate: Bool, recurrenceID: Int64?, componentIndex: Int) {
        self.start = start
        self.end = end
        self.isDate = isDate
        self.recurrenceID = recurrenceID
        self.componentIndex = componentIndex
    }
}

/// How long each instance of a component lasts (RFC 5545 §3.8.5.3: "the same exact duration
/// will apply to all the members of the generated recurrence set").
enum InstanceSpan: Sendable, Hashable {
    /// No DTEND, DUE or DURATION.
    case none
    /// A DATE-TIME DTEND/DUE: the exact number of seconds after DTSTART.
    case exact(Int64)
    /// A DURATION, or a DATE DTEND (whole calendar days): days on the wall clock, then exact time.
    case nominal(ICalDuration)

    /// The end of an instance starting at `start`, never before it.
    func end(after start: Int64, in zone: TimeZoneResolver.Zone) -> Int64? {
        switch self {
        case .none: return nil
        case .exact(let seconds): return start + max(0, seconds)
        case .nominal(let duration): return max(start, duration.add(to: start, in: zone))
        }
    }

    /// An upper bound of the length in seconds (a nominal day may last 25 hours) of an instance
    /// starting on a DATE (`allDay`) or DATE-TIME.
    func maximumSeconds(allDay: Bool) -> Int64 {
        switch self {
        case .none: return allDay ? 90_000 : 0  // an all-day instance without end lasts a day (RFC 4791 §9.9)
        case .exact(let seconds): return max(0, seconds)
        case .nominal(let duration): return duration.isNegative ? 0 : duration.nominalDays * 90_000 + duration.exactSeconds
        }
    }
}
