import PostgresNIO

/// Statements on `changes` and the collection counter.
extension Session {
    /// Bumps the collection's version and records `name` as changed (or deleted) at it: one
    /// statement, inside the caller's transaction, so the counter and the log never disagree.
    /// The row replaces the name's earlier one, so the log holds one row per name ever used.
    @discardableResult
    func recordChange(in collectionID: Int64, name: String, deleted: Bool) async throws -> Int64 {
        try await rows("""
            WITH bumped AS (
                UPDATE collections SET version = version + 1, modified_at = now() WHERE id = \(collectionID)
                RETURNING version
            )
            INSERT INTO changes (collection_id, name, version, deleted)
            SELECT \(collectionID), \(name), version, \(deleted) FROM bumped
            ON CONFLICT (collection_id, name) DO UPDATE SET
                version = EXCLUDED.version, deleted = EXCLUDED.deleted, changed_at = now()
            RETURNING version
            """).first.map { try $0.decode(Int64.self) } ?? 0
    }

    /// Bumps the collection's version for a change of its own properties (no member changed).
    func recordPropertyChange(in collectionID: Int64) async throws {
        try await rows("UPDATE collections SET version = version + 1, modified_at = now() WHERE id = \(collectionID)")
    }

    /// The changes after version `after` up to `upTo`, oldest first: at most `limit` rows when
    /// given. Reads only those rows (index `changes_by_version`).
    func changes(in collectionID: Int64, after: Int64, upTo: Int64, includingDeletions: Bool, limit: Int?) async throws
        -> [(name: String, version: Int64, deleted: Bool)]
    {
        try await rows("""
            SELECT name, version, deleted FROM changes
            WHERE collection_id = \(collectionID) AND version > \(after) AND version <= \(upTo)
            AND (\(includingDeletions) OR NOT deleted)
            ORDER BY version
            LIMIT \(limit.map(Int64.init))::bigint
            """).map { try $0.decode((String, Int64, Bool).self) }
    }

    /// Gives every member of a new collection (a tree copy) a change row, versions 1…n in name
    /// order, and sets the collection's version to n.
    func recordInitialChanges(in collectionID: Int64) async throws {
        try await rows("""
            WITH members AS (
                SELECT name FROM items WHERE collection_id = \(collectionID)
                UNION ALL
                SELECT name FROM collections WHERE parent_id = \(collectionID)
            ), numbered AS (
                INSERT INTO changes (collection_id, name, version, deleted)
                SELECT \(collectionID), name, row_number() OVER (ORDER BY name COLLATE "C"), false FROM members
                RETURNING version
            )
            UPDATE collections SET version = (SELECT coalesce(max(version), 0) FROM numbered), modified_at = now()
            WHERE id = \(collectionID)
            """)
    }

    /// Forgets the deletions recorded in one collection before `cutoffSeconds` ago and raises its
    /// floor to the newest forgotten one, so tokens that may have missed them are refused (and
    /// their clients resync) while newer tokens keep working. Returns how many were forgotten.
    func pruneDeletions(in collectionID: Int64, olderThanSeconds cutoffSeconds: Int64) async throws -> Int64 {
        try await rows("""
            WITH pruned AS (
                DELETE FROM changes
                WHERE collection_id = \(collectionID) AND deleted
                AND changed_at < now() - make_interval(secs => \(cutoffSeconds))
                RETURNING version
            ), raised AS (
                UPDATE collections SET floor = greatest(floor, (SELECT max(version) FROM pruned))
                WHERE id = \(collectionID) AND EXISTS (SELECT 1 FROM pruned)
                RETURNING id
            )
            SELECT count(*) FROM pruned
            """).first.map { try $0.decode(Int64.self) } ?? 0
    }
}
