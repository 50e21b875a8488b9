import DAVCore
import DAVTesting
import PostgresStorage
import Testing

/// The shared conformance suite on `PostgresStorage`, each case in a fresh schema.
@Suite(.enabled(if: PostgresTestDatabase.shouldRun, PostgresTestDatabase.skipReason), .serialized)
struct PostgresConformanceTests {
    @Test(arguments: StorageConformanceSuite.caseNames)
    func conformance(_ name: String) async throws {
        try await PostgresTestDatabase.withStorage { storage in
            try await StorageConformanceSuite.run(name, on: storage)
        }
    }
}
