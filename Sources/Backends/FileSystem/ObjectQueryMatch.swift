import DAVCore

/// The index-only part of a calendar or address-book query: component type and time bounds.
enum ObjectQueryMatch {
    /// `false` only when the entry certainly cannot match; unknown data always may.
    static func mayMatch(_ entry: ObjectEntry, _ query: StorageQuery) -> Bool {
        if let wanted = query.componentType, let component = entry.component,
            wanted.uppercased() != component.uppercased()
        {
            return false
        }
        // Inclusive at both ends: RFC 4791 §9.9 counts zero-length events at the range start,
        // and a superset is always allowed.
        if let start = query.timeRangeStart, let lastEnd = entry.lastEnd, lastEnd < start { return false }
        if let end = query.timeRangeEnd, let firstStart = entry.firstStart, firstStart > end { return false }
        return true
    }
}
