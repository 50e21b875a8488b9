/// What a calendar or address-book query asks for, in the terms a backend can index.
public struct StorageQuery: Sendable, Hashable {
    /// `VEVENT`, `VTODO`, …, or `VCARD`; `nil` for any.
    public var componentType: String?
    /// Seconds since 1970; either bound may be open.
    public var timeRangeStart: Int64?
    public var timeRangeEnd: Int64?
    /// `true` when the component type and time range above are the whole query (a calendar-query
    /// whose filter is just VCALENDAR › VEVENT › time-range): an object that certainly matches
    /// them matches the query, and a backend may say so with `QueryCandidate.isExactMatch`.
    public var isComplete: Bool

    public init(componentType: String? = nil, timeRangeStart: Int64? = nil, timeRangeEnd: Int64? = nil,
                isComplete: Bool = false) {
        self.componentType = componentType
        self.timeRangeStart = timeRangeStart
        self.timeRangeEnd = timeRangeEnd
        self.isComplete = isComplete
    }

    /// Whether an object with these indexed values may match: `false` only when it certainly
    /// cannot, and an unknown (`nil`) value always may. The shared narrowing rule for backends
    /// that index an `ObjectSummary`.
    public func mayMatch(component: String?, firstStart: Int64?, lastEnd: Int64?) -> Bool {
        // Names are ASCII and almost always upper-case already: `asciiUppercased` then allocates
        // nothing, and backends call this once per member of a collection.
        if let wanted = componentType, let component, wanted.asciiUppercased != component.asciiUppercased { return false }
        // Inclusive at both ends: RFC 4791 §9.9 counts zero-length events at the range start,
        // and a superset is always allowed.
        if let start = timeRangeStart, let lastEnd, lastEnd < start { return false }
        if let end = timeRangeEnd, let firstStart, firstStart > end { return false }
        return true
    }

    /// Whether an object with these indexed values certainly matches the whole query: the query
    /// is complete, asks for VEVENT and a time range, and the object's fixed instance overlaps
    /// that range (RFC 4791 §9.9: start < instance end and end > instance start; an open bound
    /// is infinite). The shared exactness rule for backends that index an `ObjectSummary`.
    public func certainlyMatches(component: String?, fixedInstance: ObjectSummary.FixedInstance?) -> Bool {
        decision(component: component, instances: fixedInstance.map { [$0] }) == true
    }

    /// Whether an object's instance list can decide this query: it is complete, asks for VEVENT
    /// and has a time range.
    public var isDecidedByInstances: Bool {
        isComplete && componentType?.asciiUppercased == "VEVENT" && (timeRangeStart != nil || timeRangeEnd != nil)
    }

    /// What an object's complete instance list (`ObjectSummary.instances`) decides about the
    /// whole query: `true` when one instance overlaps the range, `false` when none does, `nil`
    /// when the list cannot decide (no list, an incomplete query, not VEVENT, no time range).
    /// The same §9.9 rule as `certainlyMatches`, applied to each instance.
    public func decision(component: String?, instances: [ObjectSummary.FixedInstance]?) -> Bool? {
        guard isDecidedByInstances, let instances, component?.asciiUppercased == "VEVENT" else { return nil }
        let start = timeRangeStart ?? .min, end = timeRangeEnd ?? .max
        return instances.contains { start < $0.end && end > $0.start }
    }
}

/// A candidate returned by the query hook.
public struct QueryCandidate: Sendable, Hashable {
    public var name: String
    /// `true` when the backend has decided the whole query (only ever for a query that
    /// `isComplete`, see `StorageQuery.certainlyMatches`): the core then answers the object
    /// without parsing it. `false` when the core must still parse the object and check the filter.
    public var isExactMatch: Bool

    public init(name: String, isExactMatch: Bool) {
        self.name = name
        self.isExactMatch = isExactMatch
    }
}
