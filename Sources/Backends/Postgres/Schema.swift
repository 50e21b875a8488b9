/// pocketdav's tables, as numbered migrations. Never edit a released migration: add the next one.
///
/// ```
/// principals    one row per user that owns collections (the first path segment)
/// collections   the tree: path, kind, dead properties (jsonb), the change counter `version` and
///               the sync `floor` (tokens below it are refused after retention pruned deletions)
/// items         the client's bytes verbatim (bytea), etag, content type, dead properties, and the
///               index columns the core computed at PUT: uid, component, first_start/last_end
///               (64-bit seconds, NULL = unbounded), fixed_start/fixed_end (the one instance of a
///               fixed event, `ObjectSummary.fixedInstance`; NULL otherwise), instances (every
///               instance as int8multirange, `ObjectSummary.instances`; NULL when not listed);
///               `items_span` indexes [first_start, last_end] for range overlap (GiST)
/// changes       the sync log, compacted to the latest change per member name: RFC 6578 deltas
///               read only the rows above the client's version (index on collection, version)
/// account_records  `AccountStore` records: (kind, name) → the value's bytes verbatim
/// ```
///
/// Everything a DAV write touches (item, index columns, change row, collection counter) changes
/// in one transaction, under a row lock on the collection (see `Session.lockCollection`).
enum Schema {
    struct Migration: Sendable {
        let version: Int
        let summary: String
        /// Run in order, in one transaction with the record of the migration.
        let statements: [String]
    }

    /// The table recording which migrations ran.
    static let migrationsTable = "pocketdav_migrations"

    static let migrations: [Migration] = [
        Migration(version: 1, summary: "principals, collections, items, changes", statements: [
            """
            CREATE TABLE principals (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name text NOT NULL UNIQUE,
                created_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE collections (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                parent_id bigint REFERENCES collections (id) ON DELETE CASCADE,
                principal_id bigint REFERENCES principals (id),
                path text NOT NULL UNIQUE,
                name text NOT NULL,
                kind text NOT NULL CHECK (kind IN ('plain', 'calendar', 'addressbook')),
                properties jsonb NOT NULL DEFAULT '{}',
                version bigint NOT NULL DEFAULT 0,
                floor bigint NOT NULL DEFAULT 0,
                modified_at timestamptz NOT NULL DEFAULT now(),
                CHECK ((parent_id IS NULL) = (path = '/'))
            )
            """,
            "CREATE INDEX collections_parent ON collections (parent_id, name)",
            "CREATE INDEX collections_principal ON collections (principal_id)",
            """
            CREATE TABLE items (
                collection_id bigint NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
                name text NOT NULL,
                content bytea NOT NULL,
                etag text NOT NULL,
                content_type text NOT NULL,
                size bigint NOT NULL,
                uid text,
                component text,
                first_start bigint,
                last_end bigint,
                properties jsonb NOT NULL DEFAULT '{}',
                modified_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (collection_id, name),
                CONSTRAINT items_uid_unique UNIQUE (collection_id, uid)
            )
            """,
            "CREATE INDEX items_time_range ON items (collection_id, component, last_end, first_start)",
            """
            CREATE TABLE changes (
                collection_id bigint NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
                name text NOT NULL,
                version bigint NOT NULL,
                deleted boolean NOT NULL,
                changed_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (collection_id, name)
            )
            """,
            "CREATE UNIQUE INDEX changes_by_version ON changes (collection_id, version)",
            "CREATE INDEX changes_tombstones ON changes (changed_at) WHERE deleted",
            "INSERT INTO collections (path, name, kind) VALUES ('/', '', 'plain')",
        ]),
        Migration(version: 2, summary: "account_records", statements: [
            """
            CREATE TABLE account_records (
                kind text NOT NULL,
                name text NOT NULL,
                value bytea NOT NULL,
                updated timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (kind, name)
            )
            """,
        ]),
        // Rows written before this keep NULL: the query parses those objects, as it always did.
        Migration(version: 3, summary: "items.fixed_start, items.fixed_end", statements: [
            "ALTER TABLE items ADD COLUMN fixed_start bigint, ADD COLUMN fixed_end bigint",
        ]),
        // `ObjectSummary.instances` as half-open ranges (multiranges: PostgreSQL 14). NULL for rows
        // written before, and for objects whose instances the core does not list: those are parsed.
        Migration(version: 4, summary: "items.instances", statements: [
            "ALTER TABLE items ADD COLUMN instances int8multirange",
        ]),
        // The time-range narrowing as one range overlap, which a GiST index answers without reading
        // every row of the collection (items_time_range cannot: its conditions must allow NULL).
        Migration(version: 5, summary: "items_span", statements: [
            "CREATE INDEX items_span ON items USING gist ((\(itemSpan)))",
        ]),
        // Nothing reads items_time_range since items_span: it only cost every write an update.
        Migration(version: 6, summary: "drop items_time_range", statements: [
            "DROP INDEX IF EXISTS items_time_range",
        ]),
    ]

    /// The instants an item may occupy, `[first_start, last_end]`; a NULL bound is open (unknown
    /// or unbounded), so such an item overlaps every range. `items_span` indexes exactly this
    /// expression, and `Session.candidates` uses it verbatim so that the index applies.
    static let itemSpan = "int8range(first_start, CASE WHEN last_end < first_start THEN first_start ELSE last_end END, '[]')"

    static var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The key of the advisory lock that serialises migrations of one schema, so that two
    /// instances starting together never both apply the same migration. FNV-1a, stable across
    /// runs and machines (Swift's `Hasher` is seeded per process).
    static func lockKey(schema: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "pocketdav.schema:\(schema)".utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
