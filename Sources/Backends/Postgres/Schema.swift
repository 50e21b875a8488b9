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
///               instance as int8multirange, `ObjectSummary.instances`, VEVENT only; NULL when
///               not listed); `items_span` indexes (collection, [first_start, last_end]) for
///               range overlap (GiST), `items_unlisted_span` the same for rows without a list
/// item_instances one row per listed instance (collection, name, [start, end)), kept from
///               items.instances by the trigger `items_instances`; GiST on (collection, span)
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
        // Time ranges answered per collection and per instance. items_span indexed the range alone,
        // so a query visited every collection's items in its window, and every recurring event
        // whose span covers it. Now each listed instance is a row of item_instances, and both
        // GiST indexes lead with the collection (btree_gist: a trusted extension since 13).
        Migration(version: 7, summary: "item_instances, per-collection range indexes", statements: [
            // Once per database, under a database-wide lock (schemas migrate independently), and
            // in a schema of its own: dropping one pocketdav schema must not drop the extension,
            // and with it the indexes of every other schema in the database.
            """
            DO $$
            BEGIN
                PERFORM pg_advisory_xact_lock(\(extensionLockKey));
                IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gist') THEN
                    IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '\(extensionSchema)') THEN
                        CREATE SCHEMA \(extensionSchema);
                    END IF;
                    CREATE EXTENSION btree_gist SCHEMA \(extensionSchema);
                END IF;
            END
            $$
            """,
            "ALTER TABLE items ADD CONSTRAINT items_instances_vevent CHECK (instances IS NULL OR component = 'VEVENT')",
            """
            CREATE TABLE item_instances (
                collection_id bigint NOT NULL,
                name text NOT NULL,
                span int8range NOT NULL
            )
            """,
            "CREATE INDEX item_instances_span ON item_instances USING gist (collection_id, span) INCLUDE (name)",
            "CREATE INDEX item_instances_item ON item_instances (collection_id, name)",
            // A trigger rather than the statements that write items: PUT, MOVE, COPY and
            // `storage copy` all keep the table, and so does any write added later.
            """
            CREATE FUNCTION item_instances_sync() RETURNS trigger LANGUAGE plpgsql
            SET search_path FROM CURRENT AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND NEW.collection_id = OLD.collection_id AND NEW.name = OLD.name
                   AND NEW.instances IS NOT DISTINCT FROM OLD.instances THEN
                    RETURN NULL;
                END IF;
                IF TG_OP <> 'INSERT' THEN
                    DELETE FROM item_instances WHERE collection_id = OLD.collection_id AND name = OLD.name;
                END IF;
                IF TG_OP <> 'DELETE' AND NEW.instances IS NOT NULL THEN
                    INSERT INTO item_instances (collection_id, name, span)
                    SELECT NEW.collection_id, NEW.name, r FROM unnest(NEW.instances) AS r;
                END IF;
                RETURN NULL;
            END
            $$
            """,
            """
            CREATE TRIGGER items_instances AFTER INSERT OR DELETE OR UPDATE OF collection_id, name, instances
            ON items FOR EACH ROW EXECUTE FUNCTION item_instances_sync()
            """,
            "INSERT INTO item_instances SELECT collection_id, name, unnest(instances) FROM items WHERE instances IS NOT NULL",
            "DROP INDEX items_span",
            "CREATE INDEX items_span ON items USING gist (collection_id, (\(itemSpan)))",
            "CREATE INDEX items_unlisted_span ON items USING gist (collection_id, (\(itemSpan))) WHERE instances IS NULL",
        ]),
    ]

    /// The instants an item may occupy, `[first_start, last_end]`; a NULL bound is open (unknown
    /// or unbounded), so such an item overlaps every range. `items_span` indexes exactly this
    /// expression, and `Session.candidates` uses it verbatim so that the index applies.
    static let itemSpan = "int8range(first_start, CASE WHEN last_end < first_start THEN first_start ELSE last_end END, '[]')"

    static var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Where migration 7 installs btree_gist when the database has no copy yet.
    static let extensionSchema = "pocketdav_extensions"
    /// The advisory lock around that installation: one for the whole database, whatever the schema.
    static let extensionLockKey: Int64 = 0x706F_636B_6574_6476  // "pocketdv"

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
