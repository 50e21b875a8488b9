import DAVCore

/// The index-only part of a calendar or address-book query: component type and time bounds.
enum ObjectQueryMatch {
    /// `false` only when the entry certainly cannot match; unknown data always may.
    static func mayMatch(_ entry: ObjectEntry, _ query: StorageQuery) -> Bool {
        query.mayMatch(component: entry.component, firstStart: entry.firstStart, lastEnd: entry.lastEnd)
    }
}
