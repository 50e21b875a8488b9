import DAVCore
import PostgresNIO

/// RFC 6578 deltas from the change log, and the calendar-query pre-filter.
extension PostgresStorage {
    /// Reads only the log rows above the client's version (`changes_by_version`), bounded by the
    /// version the collection row had when read: every row at or below it was committed with it
    /// (versions are taken under the collection lock), so nothing is skipped. A name changed
    /// again meanwhile has moved above that bound and shows up in the next delta.
    public func changes(in collection: ResourcePath, since token: String?, limit: Int?) async throws -> ChangeSet {
        try await database.read("sync") { session in
            guard let row = try await session.collection(at: collection) else {
                throw StorageError(.notFound, "no collection at \(collection)")
            }
            var since: Int64 = 0
            if let token {
                // Below the floor, deletions the client has not seen may have been pruned.
                guard let version = PostgresSyncToken.version(of: token, collection: row.id),
                    version >= row.floor, version <= row.version
                else { throw StorageError(.invalidSyncToken, "sync token \(token) is not one \(collection) can answer") }
                since = version
            }
            let limit = limit.map { max($0, 0) }
            let found = try await session.changes(in: row.id, after: since, upTo: row.version,
                                                  includingDeletions: token != nil, limit: limit.map { $0 + 1 })
            var page = found
            var version = row.version
            var truncated = false
            if let limit, found.count > limit {
                // RFC 6578 §3.6: the token then covers exactly what was returned.
                page = Array(found.prefix(limit))
                version = page.last?.version ?? since
                truncated = true
            }
            return ChangeSet(changed: page.filter { !$0.deleted }.map(\.name), deleted: page.filter(\.deleted).map(\.name),
                             newToken: PostgresSyncToken.make(collection: row.id, version: version), truncated: truncated)
        }
    }

    /// Component type and time range go to SQL (`Session.candidates`: listed events through
    /// `item_instances`, the rest through `items_span` or `items_unlisted_span`); a candidate is
    /// exact when its instance list or fixed instance decides the whole query, and one whose list
    /// misses the range is left out; the core parses the rest and checks the filter. Plain
    /// collections are left to the core.
    public func query(_ query: StorageQuery, in collection: ResourcePath) async throws -> [QueryCandidate]? {
        try await database.read("query") { session in
            guard let row = try await session.collection(at: collection) else {
                throw StorageError(.notFound, "no collection at \(collection)")
            }
            guard row.kind != .plain else { return nil }
            return try await session.candidates(query, in: row.id)
        }
    }
}
