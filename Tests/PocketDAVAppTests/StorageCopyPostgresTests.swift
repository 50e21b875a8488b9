import DAVCore
import FileSystemStorage
import GitStorage
import Glibc
import Logging
import PostgresNIO
import Testing

@testable import PocketDAVApp
@testable import PostgresStorage

/// The PostgreSQL the copy tests use, as `BackendsTests/PostgresTestDatabase` finds it (test
/// targets cannot share code): `POCKETDAV_TEST_PG_URL` and `PGPASSWORD`, skipped without them
/// unless `CI=true`, where the suite runs and fails.
enum CopyTestDatabase {
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

    /// A configuration for a fresh, uniquely named schema.
    static func configuration() throws -> PostgresStorage.Configuration {
        guard let url else { throw NotConfigured() }
        return PostgresStorage.Configuration(
            endpoint: try PostgresURL(parsing: url), password: environment("PGPASSWORD"), tls: .disable, poolSize: 4,
            schema: "t_copy_" + String(UInt64.random(in: 0...UInt64.max), radix: 36), changeRetention: nil,
            unavailableAfter: .seconds(30))
    }

    static func dropSchema(of storage: PostgresStorage) async throws {
        _ = try await storage.database.read("drop test schema") { session in
            try await session.rows("DROP SCHEMA \(unescaped: storage.configuration.schema) CASCADE")
        }
    }
}

/// The round trip `storage copy` promises: filesystem → PostgreSQL → git → filesystem keeps every
/// item's bytes and every property. Each run uses a fresh schema, dropped afterwards.
@Suite(.enabled(if: CopyTestDatabase.shouldRun, CopyTestDatabase.skipReason))
struct StorageCopyPostgresTests {
    @Test func filesystemToPostgresToGitToFilesystemKeepsBytesAndProperties() async throws {
        let folder = try CopyFixture.TemporaryFolder()
        defer { folder.remove() }
        let first = try FileSystemStorage(folder: folder.path + "/a", logger: CopyFixture.logger)
        try await CopyFixture.populate(first)
        let expected = try await CopyFixture.snapshot(first)
        let postgres = PostgresStorage(configuration: try CopyTestDatabase.configuration(), logger: CopyFixture.logger)
        let git = try GitStorage(options: GitStorageOptions(repository: folder.path + "/b.git"), logger: CopyFixture.logger)
        let last = try FileSystemStorage(folder: folder.path + "/c", logger: CopyFixture.logger)

        // The storage runs as a service, the way `storage copy` runs it: migrations included.
        try await withServices([postgres], logger: CopyFixture.logger, for: "the copy") {
            do {
                let toPostgres = try await StorageCopier(from: first, to: postgres).run()
                #expect(toPostgres.succeeded && toPostgres.objectsCopied == CopyFixture.objectCount,
                        "\(toPostgres.failures) \(toPostgres.mismatches)")
                #expect(try await CopyFixture.snapshot(postgres) == expected)
                let toGit = try await StorageCopier(from: postgres, to: git).run()
                #expect(toGit.succeeded && toGit.objectsCopied == CopyFixture.objectCount, "\(toGit.failures) \(toGit.mismatches)")
                let back = try await StorageCopier(from: git, to: last).run()
                #expect(back.succeeded && back.objectsCopied == CopyFixture.objectCount, "\(back.failures) \(back.mismatches)")
                #expect(try await CopyFixture.snapshot(last) == expected)

                let again = try await StorageCopier(from: first, to: postgres).run()
                #expect(again.objectsCopied == 0 && again.objectsSkipped == CopyFixture.objectCount && again.propertiesUpdated == 0)
            } catch {
                try? await CopyTestDatabase.dropSchema(of: postgres)
                throw error
            }
            try await CopyTestDatabase.dropSchema(of: postgres)
        }
    }
}
