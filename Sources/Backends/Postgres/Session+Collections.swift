import DAVCore
import PostgresNIO

/// Statements on `collections` and `principals`.
extension Session {
    func collection(at path: ResourcePath) async throws -> CollectionRow? {
        try await rows("SELECT \(unescaped: CollectionRow.columns()) FROM collections WHERE path = \(path.key)")
            .first.map(CollectionRow.init)
    }

    /// The collection at `path`, locked until the transaction ends. Every write to a collection's
    /// members, properties or change log takes this lock first, so writers of one collection
    /// (in this process or any other) run one after the other, and each sees the state the
    /// previous one committed: preconditions and the UID check can never be bypassed.
    func lockCollection(at path: ResourcePath) async throws -> CollectionRow? {
        try await rows("SELECT \(unescaped: CollectionRow.columns()) FROM collections WHERE path = \(path.key) FOR UPDATE")
            .first.map(CollectionRow.init)
    }

    /// The locked collection that is to hold `target`: `.conflict` when it is missing (RFC 4918
    /// §9.7.1), `.forbidden` when an object sits where it should be.
    func lockParent(of target: ResourcePath) async throws -> CollectionRow {
        guard let parent = target.parent else { throw StorageError(.forbidden, "the root has no parent") }
        if let row = try await lockCollection(at: parent) { return row }
        throw try await missingParent(of: target)
    }

    /// Why `target` cannot be created when its parent collection is not there: `.forbidden` when
    /// an object is, `.conflict` otherwise.
    func missingParent(of target: ResourcePath) async throws -> StorageError {
        if let parent = target.parent, let grandparent = parent.parent, let name = parent.name,
            try await itemExists(in: grandparent, named: name)
        {
            return StorageError(.forbidden, "\(parent) is not a collection")
        }
        return StorageError(.conflict, "the parent of \(target) does not exist")
    }

    /// The collection at `root` and every one below it, parents before children (byte order of
    /// the paths, in which a path precedes everything below it).
    func subtree(of root: ResourcePath) async throws -> [CollectionRow] {
        try await rows("""
            WITH RECURSIVE tree (id) AS (
                SELECT id FROM collections WHERE path = \(root.key)
                UNION ALL
                SELECT c.id FROM collections c JOIN tree t ON c.parent_id = t.id
            )
            SELECT \(unescaped: CollectionRow.columns()) FROM collections WHERE id IN (SELECT id FROM tree)
            ORDER BY path COLLATE "C"
            """).map(CollectionRow.init)
    }

    /// Moves the collection `id` (at `source`) under `parentID` as `destination`: one statement
    /// rewrites the paths of the whole tree and its owner. Ids, items and change logs stay, so
    /// the moved collections' sync tokens keep working.
    func moveTree(_ id: Int64, from source: ResourcePath, to destination: ResourcePath, parentID: Int64) async throws {
        let principal = try await principalID(of: destination)
        try await rows("""
            UPDATE collections SET parent_id = \(parentID), name = \(destination.name ?? ""), modified_at = now()
            WHERE id = \(id)
            """)
        try await rows("""
            WITH RECURSIVE tree (id) AS (
                SELECT \(id)::bigint
                UNION ALL
                SELECT c.id FROM collections c JOIN tree t ON c.parent_id = t.id
            )
            UPDATE collections
            SET path = \(destination.key)::text || substr(path, char_length(\(source.key)::text) + 1),
                principal_id = \(principal)::bigint
            WHERE id IN (SELECT id FROM tree)
            """)
    }

    /// Locks the rows at `paths` plus, when given, every collection below `subtree` (itself
    /// included), all in one statement and in byte order of their paths: an ancestor always
    /// before its descendants, and the same order in every transaction, so multi-collection
    /// writes cannot wait on each other in a cycle.
    func lockCollections(at paths: [ResourcePath], subtreeOf subtree: ResourcePath?) async throws -> [String: CollectionRow] {
        let keys = paths.map(\.key)
        let root = subtree?.key
        let found = try await rows("""
            WITH RECURSIVE tree (id) AS (
                SELECT id FROM collections WHERE path = \(root)::text
                UNION ALL
                SELECT c.id FROM collections c JOIN tree t ON c.parent_id = t.id
            )
            SELECT \(unescaped: CollectionRow.columns()) FROM collections
            WHERE path = ANY(\(keys)::text[]) OR id IN (SELECT id FROM tree)
            ORDER BY path COLLATE "C"
            FOR UPDATE
            """)
        var byPath: [String: CollectionRow] = [:]
        for row in found {
            let collection = try CollectionRow(row)
            byPath[collection.path] = collection
        }
        return byPath
    }

    func childCollectionExists(in parentID: Int64, named name: String) async throws -> Bool {
        try await !rows("SELECT 1 FROM collections WHERE parent_id = \(parentID) AND name = \(name)").isEmpty
    }

    /// The direct sub-collections of `parentID`.
    func childCollections(of parentID: Int64) async throws -> [CollectionRow] {
        try await rows("SELECT \(unescaped: CollectionRow.columns()) FROM collections WHERE parent_id = \(parentID)")
            .map(CollectionRow.init)
    }

    /// Creates the collection row (the caller holds the parent's lock); returns its id.
    func insertCollection(at path: ResourcePath, parentID: Int64, kind: CollectionKind, properties: StoredProperties)
        async throws -> Int64
    {
        let principal = try await principalID(of: path)
        let name = path.name ?? ""
        return try await rows("""
            INSERT INTO collections (parent_id, principal_id, path, name, kind, properties)
            VALUES (\(parentID), \(principal), \(path.key), \(name), \(kind.storageName), \(properties))
            RETURNING id
            """).first.map { try $0.decode(Int64.self) } ?? 0
    }

    /// The `principals` row of `path`'s owner (its first segment), created on first use.
    func principalID(of path: ResourcePath) async throws -> Int64? {
        guard let owner = path.principalName else { return nil }
        return try await rows("""
            INSERT INTO principals (name) VALUES (\(owner))
            ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
            RETURNING id
            """).first.map { try $0.decode(Int64.self) }
    }

    /// Removes the principal when its last collection is gone (its home was deleted or moved).
    func forgetPrincipalIfUnused(_ name: String) async throws {
        try await rows("""
            DELETE FROM principals p WHERE p.name = \(name)
            AND NOT EXISTS (SELECT 1 FROM collections c WHERE c.principal_id = p.id)
            """)
    }

    /// Deletes a collection; the foreign keys take everything below it (sub-collections, items,
    /// change rows) in the same statement.
    func deleteCollection(id: Int64) async throws {
        try await rows("DELETE FROM collections WHERE id = \(id)")
    }

    /// Applies property changes in one statement: removals first, then the new values.
    func updateProperties(_ changes: [QName: PropertyValue?], ofCollection id: Int64) async throws {
        let (removed, set) = Self.split(changes)
        try await rows("""
            UPDATE collections SET properties = (properties - \(removed)::text[]) || \(set)
            WHERE id = \(id)
            """)
    }

    static func split(_ changes: [QName: PropertyValue?]) -> (removed: [String], set: StoredProperties) {
        var removed: [String] = []
        var set = StoredProperties()
        for (name, value) in changes {
            if let value { set.values[name] = value } else { removed.append(StoredProperties.key(name)) }
        }
        return (removed, set)
    }
}
