import DAVCore

/// The index-only part of a calendar or address-book query: component type, time bounds and
/// fixed instances.
enum ObjectQueryMatch {
    /// `false` only when the entry certainly cannot match; unknown data always may.
    static func mayMatch(_ entry: ObjectEntry, _ query: StorageQuery) -> Bool {
        query.mayMatch(component: entry.component, firstStart: entry.firstStart, lastEnd: entry.lastEnd)
    }

    /// `true` only when the entry's fixed instance decides the whole query.
    static func certainlyMatches(_ entry: ObjectEntry, _ query: StorageQuery) -> Bool {
        query.certainlyMatches(component: entry.component, fixedInstance: entry.fixedInstance)
    }
}
