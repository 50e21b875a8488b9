import DAVCore
import NIOCore
import PostgresNIO

/// Statements on `items`.
extension Session {
    func item(in collectionID: Int64, named name: String) async throws -> ItemRow? {
        try await rows("SELECT \(unescaped: ItemRow.columns()) FROM items WHERE collection_id = \(collectionID) AND name = \(name)")
            .first.map(ItemRow.init)
    }

    /// The object `name` in the collection at `parent`, found with one statement.
    func item(inCollectionAt parent: ResourcePath, named name: String) async throws -> ItemRow? {
        try await rows("""
            SELECT \(unescaped: ItemRow.columns("i.")) FROM items i JOIN collections c ON c.id = i.collection_id
            WHERE c.path = \(parent.key) AND i.name = \(name)
            """).first.map(ItemRow.init)
    }

    func itemExists(in parent: ResourcePath, named name: String) async throws -> Bool {
        try await !rows("""
            SELECT 1 FROM items i JOIN collections c ON c.id = i.collection_id
            WHERE c.path = \(parent.key) AND i.name = \(name)
            """).isEmpty
    }

    /// Every object of a collection, without bytes.
    func items(in collectionID: Int64) async throws -> [ItemRow] {
        try await rows("SELECT \(unescaped: ItemRow.columns()) FROM items WHERE collection_id = \(collectionID)")
            .map(ItemRow.init)
    }

    /// The objects among `names` in the collection at `path`, with bytes; nil when there is no
    /// collection there. One statement, so a GET or a multiget costs one round trip: the join
    /// yields one row of NULL item columns for a collection that holds none of the names.
    func itemsWithContent(at path: ResourcePath, named names: [String]) async throws -> [String: (ItemRow, [UInt8])]? {
        let result = try await rows("""
            SELECT \(unescaped: ItemRow.columns("i.")), i.content FROM collections c
            LEFT JOIN items i ON i.collection_id = c.id AND i.name = ANY(\(names)::text[])
            WHERE c.path = \(path.key)
            """)
        guard !result.isEmpty else { return nil }
        var found: [String: (ItemRow, [UInt8])] = [:]
        for row in result {
            let columns = row.makeRandomAccess()
            guard try columns[0].decode(String?.self) != nil else { continue }
            let item = try ItemRow(row)
            let content = try columns[ItemRow.columnCount].decode(ByteBuffer.self)
            found[item.name] = (item, Array(content.readableBytesView))
        }
        return found
    }

    /// The name of the object in the collection that has `uid`.
    func holder(ofUID uid: String, in collectionID: Int64) async throws -> String? {
        try await rows("SELECT name FROM items WHERE collection_id = \(collectionID) AND uid = \(uid)")
            .first.map { try $0.decode(String.self) }
    }

    /// Creates or replaces an object's bytes and index columns, keeping its dead properties.
    /// A UID held by another object of the collection violates `items_uid_unique`.
    func upsertItem(_ content: ObjectContent, etag: String, in collectionID: Int64, named name: String) async throws {
        let summary = content.summary
        // Lists decide VEVENT queries only (`StorageQuery.decision`); `items_instances_vevent`.
        let instances = summary?.componentType.uppercased() == "VEVENT" ? summary?.instances : nil
        try await rows("""
            INSERT INTO items (collection_id, name, content, etag, content_type, size, uid, component, first_start, last_end,
                               fixed_start, fixed_end, instances)
            VALUES (\(collectionID), \(name), \(ByteBuffer(bytes: content.bytes)), \(etag), \(content.contentType),
                    \(Int64(content.bytes.count)), \(summary?.uid)::text, \(summary?.componentType.uppercased())::text,
                    \(summary?.firstStart)::bigint, \(summary?.lastEnd)::bigint,
                    \(summary?.fixedInstance?.start)::bigint, \(summary?.fixedInstance?.end)::bigint,
                    \(instances.map(Self.multirange))::text::int8multirange)
            ON CONFLICT (collection_id, name) DO UPDATE SET
                content = EXCLUDED.content, etag = EXCLUDED.etag, content_type = EXCLUDED.content_type,
                size = EXCLUDED.size, uid = EXCLUDED.uid, component = EXCLUDED.component,
                first_start = EXCLUDED.first_start, last_end = EXCLUDED.last_end,
                fixed_start = EXCLUDED.fixed_start, fixed_end = EXCLUDED.fixed_end, instances = EXCLUDED.instances,
                modified_at = now()
            """)
    }

    func deleteItem(in collectionID: Int64, named name: String) async throws {
        try await rows("DELETE FROM items WHERE collection_id = \(collectionID) AND name = \(name)")
    }

    /// Moves or renames an object with everything it carries (bytes, index columns, properties).
    func moveItem(from collectionID: Int64, named name: String, to destinationID: Int64, as newName: String) async throws {
        try await rows("""
            UPDATE items SET collection_id = \(destinationID), name = \(newName), modified_at = now()
            WHERE collection_id = \(collectionID) AND name = \(name)
            """)
    }

    /// Copies an object with everything it carries; the copy's UID then lives in the destination.
    func copyItem(from collectionID: Int64, named name: String, to destinationID: Int64, as newName: String) async throws {
        try await rows("""
            INSERT INTO items (collection_id, name, content, etag, content_type, size, uid, component, first_start,
                               last_end, fixed_start, fixed_end, instances, properties)
            SELECT \(destinationID), \(newName), content, etag, content_type, size, uid, component, first_start,
                   last_end, fixed_start, fixed_end, instances, properties
            FROM items WHERE collection_id = \(collectionID) AND name = \(name)
            """)
    }

    /// Copies every object of one collection into another (an empty one, from a tree copy).
    func copyItems(from collectionID: Int64, to destinationID: Int64) async throws {
        try await rows("""
            INSERT INTO items (collection_id, name, content, etag, content_type, size, uid, component, first_start,
                               last_end, fixed_start, fixed_end, instances, properties)
            SELECT \(destinationID), name, content, etag, content_type, size, uid, component, first_start,
                   last_end, fixed_start, fixed_end, instances, properties
            FROM items WHERE collection_id = \(collectionID)
            """)
    }

    func updateProperties(_ changes: [QName: PropertyValue?], ofItem name: String, in collectionID: Int64) async throws
        -> Bool
    {
        let (removed, set) = Self.split(changes)
        return try await !rows("""
            UPDATE items SET properties = (properties - \(removed)::text[]) || \(set)
            WHERE collection_id = \(collectionID) AND name = \(name)
            RETURNING 1
            """).isEmpty
    }

    /// Objects that may match `query`: component and time bounds only (`Schema.itemSpan`, indexed
    /// by `items_span`); unknown values (NULL) always may. Inclusive at both ends, as
    /// `FileSystemStorage` (RFC 4791 §9.9 counts a zero-length event at the range start). Each is
    /// exact when its fixed instance decides the query (`StorageQuery.certainlyMatches`, the one
    /// rule every backend applies). When instance lists decide the query
    /// (`StorageQuery.decision`), listed objects come from `item_instances` instead: those with
    /// an overlapping instance, all exact; the others are not read at all.
    func candidates(_ query: StorageQuery, in collectionID: Int64) async throws -> [QueryCandidate] {
        let component = query.componentType?.uppercased()
        let (start, end) = (query.timeRangeStart, query.timeRangeEnd)
        let found: [PostgresRow]
        if query.isDecidedByInstances {
            // The §9.9 rule as half-open ranges: an instance [s, e) overlaps [start, end) when
            // start < e and end > s; an open bound is infinite (NULL in int8range).
            found = try await rows("""
                SELECT name, 'VEVENT', NULL::bigint, NULL::bigint, true FROM item_instances
                WHERE collection_id = \(collectionID) AND span && int8range(\(start)::bigint, \(end)::bigint)
                GROUP BY name
                UNION ALL
                SELECT name, component, fixed_start, fixed_end, false FROM items
                WHERE collection_id = \(collectionID) AND instances IS NULL AND (component IS NULL OR component = 'VEVENT')
                AND \(unescaped: Schema.itemSpan) && int8range(\(start)::bigint, \(end)::bigint, '[]')
                """)
        } else {
            found = try await rows("""
                SELECT name, component, fixed_start, fixed_end, false FROM items
                WHERE collection_id = \(collectionID)
                AND (\(component)::text IS NULL OR component IS NULL OR component = \(component)::text)
                AND \(unescaped: Schema.itemSpan) && int8range(\(start)::bigint, \(end)::bigint, '[]')
                """)
        }
        return try found.map { row in
            let (name, component, fixedStart, fixedEnd, listed) = try row.decode((String, String?, Int64?, Int64?, Bool).self)
            if listed { return QueryCandidate(name: name, isExactMatch: true) }
            let fixed = ObjectSummary.FixedInstance(start: fixedStart, end: fixedEnd)
            return QueryCandidate(name: name, isExactMatch: query.certainlyMatches(component: component, fixedInstance: fixed))
        }
    }

    /// `ObjectSummary.instances` as an int8multirange literal: `{[s,e),[s,e)}`.
    static func multirange(_ instances: [ObjectSummary.FixedInstance]) -> String {
        "{" + instances.map { "[\($0.start),\($0.end))" }.joined(separator: ",") + "}"
    }
}
