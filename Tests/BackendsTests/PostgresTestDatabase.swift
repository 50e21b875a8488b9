import DAVCore
import Glibc
import Logging
import PostgresNIO
import Testing

@testable import PostgresStorage

/// The PostgreSQL the tests use: `POCKETDAV_TEST_PG_URL` (and `PGPASSWORD`), set by
/// `scripts/test.sh` after starting a throwaway server (`scripts/pg-throwaway.sh`). Each test
/// works in a fresh schema, dropped afterwards.
///
/// Without the variable the suites are skipped, except under `CI=true`, where they run and fail:
/// CI must never silently skip the PostgreSQL backend.
enum PostgresTestDatabase {
    static let url = environment("POCKETDAV_TEST_PG_URL")
    static let shouldRun = url != nil || environment("CI") == "true"
    static let skipReason: Comment = "POCKETDAV_TEST_PG_URL is not set: run scripts/test.sh, or source scripts/pg-throwaway.sh and pg_start"

    struct NotConfigured: Error, CustomStringConvertible {
        var description: String { "CI=true but POCKETDAV_TEST_PG_URL is not set: scripts/test.sh must start PostgreSQL first" }
    }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    static var logger: Logger {
        var logger = Logger(label: "pg-test")
        logger.logLevel = .warning
        return logger
    }

    /// A configuration for a fresh, uniquely named schema.
    static func configuration(schema: String = freshSchemaName(), poolSize: Int = 6) throws -> PostgresStorage.Configuration {
        guard let url else { throw NotConfigured() }
        return PostgresStorage.Configuration(
            endpoint: try PostgresURL(parsing: url), password: environment("PGPASSWORD"), tls: .disable, poolSize: poolSize,
            schema: schema, changeRetention: nil, unavailableAfter: .seconds(30))
    }

    static func freshSchemaName() -> String {
        "t_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    /// Runs `body` with `instances` storages on one fresh, migrated schema (as separate
    /// processes would see one database), then drops the schema.
    static func withStorages<T: Sendable>(_ instances: Int = 1, poolSize: Int = 6,
                                          _ body: @escaping @Sendable ([PostgresStorage]) async throws -> T) async throws -> T
    {
        let configuration = try configuration(poolSize: poolSize)
        let storages = (0..<instances).map { _ in PostgresStorage(configuration: configuration, logger: logger) }
        return try await running(storages[...]) {
            for storage in storages { try await storage.migrate() }
            do {
                let result = try await body(storages)
                try await dropSchema(using: storages[0])
                return result
            } catch {
                try? await dropSchema(using: storages[0])
                throw error
            }
        }
    }

    static func withStorage<T: Sendable>(_ body: @escaping @Sendable (PostgresStorage) async throws -> T) async throws -> T {
        try await withStorages(1) { try await body($0[0]) }
    }

    /// Runs every storage's connection pool around `body`.
    static func running<T: Sendable>(_ storages: ArraySlice<PostgresStorage>,
                                     _ body: @escaping @Sendable () async throws -> T) async throws -> T
    {
        guard let first = storages.first else { return try await body() }
        return try await first.withRunningClient { try await running(storages.dropFirst(), body) }
    }

    static func dropSchema(using storage: PostgresStorage) async throws {
        let schema = storage.configuration.schema
        _ = try await storage.database.read("drop test schema") { session in
            try await session.rows("DROP SCHEMA \(unescaped: schema) CASCADE")
        }
    }

    /// Runs one SQL statement in the storage's schema, for tests that look behind the API.
    static func scalar(_ sql: String, on storage: PostgresStorage) async throws -> Int64 {
        try await storage.database.read("test query") { session in
            try await session.rows(PostgresQuery(unsafeSQL: sql)).first?.decode(Int64.self) ?? -1
        }
    }
}
