import DAVCore
import Logging
import PostgresNIO

extension PostgresStorage {
    /// Brings the schema to `Schema.latestVersion`, creating it when empty, and opens the storage
    /// for requests. Safe to run from several instances at once: one transaction holds
    /// `pg_advisory_xact_lock` for the schema while it reads the version and applies what is
    /// missing, so the others wait and then find nothing to do. DDL is transactional in
    /// PostgreSQL, so a failed migration leaves the previous version.
    /// - Throws: `SchemaVersionError` when the schema is newer than this build;
    ///   `StorageError(.unavailable)` when the database cannot be reached.
    @discardableResult
    public func migrate() async throws -> MigrationReport {
        try await migrate(through: Schema.latestVersion)
    }

    /// `migrate()`, stopping at `version`: tests build an older schema with it.
    @discardableResult
    func migrate(through version: Int) async throws -> MigrationReport {
        let schema = configuration.schema
        guard Configuration.isValidSchema(schema) else {
            throw StorageError(.io, "'\(schema)' is not a valid schema name (lower-case letters, digits, _)")
        }
        let report: MigrationReport
        do {
            report = try await database.write("schema migration", needsSchema: false) { session in
                try await Self.migrate(schema: schema, through: version, session: session)
            }
        } catch let error as StorageError {
            if let versionError = error.cause as? SchemaVersionError { throw versionError }
            throw error
        }
        if report.from != report.to {
            logger.notice("PostgreSQL schema migrated", metadata: ["schema": "\(schema)", "from": "\(report.from)",
                                                                   "to": "\(report.to)"])
        }
        database.readiness.open()
        return report
    }

    private static func migrate(schema: String, through version: Int, session: Session) async throws -> MigrationReport {
        try await session.rows("SELECT pg_advisory_xact_lock(\(Schema.lockKey(schema: schema)))")
        // Only when missing: CREATE SCHEMA IF NOT EXISTS needs the CREATE right even when the
        // schema exists, and an operator may have created it for a less privileged role.
        if try await session.rows("SELECT 1 FROM pg_namespace WHERE nspname = \(schema)").isEmpty {
            try await session.rows("CREATE SCHEMA \(unescaped: schema)")
        }
        let current = try await session.rows("SELECT current_schema()").first?.decode(String?.self) ?? nil
        guard current == schema else {
            throw StorageError(.io, "statements resolve to schema \(current ?? "none") instead of \(schema); check the role's search_path")
        }
        let table = "\(schema).\(Schema.migrationsTable)"
        let exists = try await session.rows("SELECT to_regclass(\(table)) IS NOT NULL").first?.decode(Bool.self) ?? false
        if !exists {
            try await session.rows("""
                CREATE TABLE \(unescaped: Schema.migrationsTable) (
                    version integer PRIMARY KEY,
                    summary text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
        }
        let found = try await session.rows("SELECT coalesce(max(version), 0) FROM \(unescaped: Schema.migrationsTable)")
            .first?.decode(Int32.self) ?? 0
        guard Int(found) <= Schema.latestVersion else {
            // Wrapped so that `Database` passes it through (it treats unknown errors as the
            // connection's); `migrate()` unwraps it again.
            throw StorageError(.io, "schema too new", cause: SchemaVersionError(found: Int(found), known: Schema.latestVersion,
                                                                               schema: schema))
        }
        for migration in Schema.migrations where migration.version > Int(found) && migration.version <= version {
            for statement in migration.statements {
                try await session.rows(PostgresQuery(unsafeSQL: statement))
            }
            try await session.rows("""
                INSERT INTO \(unescaped: Schema.migrationsTable) (version, summary)
                VALUES (\(Int32(migration.version)), \(migration.summary))
                """)
        }
        return MigrationReport(from: Int(found), to: max(Int(found), version))
    }
}
