/// What a calendar or address-book query asks for, in the terms a backend can index.
public struct StorageQuery: Sendable, Hashable {
    /// `VEVENT`, `VTODO`, …, or `VCARD`; `nil` for any.
    public var componentType: String?
    /// Seconds since 1970; either bound may be open.
    public var timeRangeStart: Int64?
    public var timeRangeEnd: Int64?

    public init(componentType: String? = nil, timeRangeStart: Int64? = nil, timeRangeEnd: Int64? = nil) {
        self.componentType = componentType
        self.timeRangeStart = timeRangeStart
        self.timeRangeEnd = timeRangeEnd
    }

    /// Whether an object with these indexed values may match: `false` only when it certainly
    /// cannot, and an unknown (`nil`) value always may. The shared narrowing rule for backends
    /// that index an `ObjectSummary`.
    public func mayMatch(component: String?, firstStart: Int64?, lastEnd: Int64?) -> Bool {
        if let wanted = componentType, let component, wanted.uppercased() != component.uppercased() { return false }
        // Inclusive at both ends: RFC 4791 §9.9 counts zero-length events at the range start,
        // and a superset is always allowed.
        if let start = timeRangeStart, let lastEnd, lastEnd < start { return false }
        if let end = timeRangeEnd, let firstStart, firstStart > end { return false }
        return true
    }
}

/// A candidate returned by the query hook.
public struct QueryCandidate: Sendable, Hashable {
    public var name: String
    /// `true` when the backend has decided the whole query; `false` when the core must still
    /// parse the object and check the filter.
    public var isExactMatch: Bool

    public init(name: String, isExactMatch: Bool) {
        self.name = name
        self.isExactMatch = isExactMatch
    }
}
