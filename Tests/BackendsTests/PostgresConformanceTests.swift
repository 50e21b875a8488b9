import DAVCore
import DAVTesting
import PostgresStorage
import Synchronization
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

    @Test func fixedInstancesAreFlaggedExact() async throws {
        try await PostgresTestDatabase.withStorage { storage in
            try await StorageConformanceSuite.expectFixedInstancesFlaggedExact(on: storage)
        }
    }

    @Test func instanceListsDecideQueries() async throws {
        try await PostgresTestDatabase.withStorage { storage in
            try await StorageConformanceSuite.expectInstanceListsDecideQueries(on: storage)
        }
    }
}

/// The shared `AccountStore` suite on `PostgresStorage`; "reopening" is a second instance on the
/// same schema, as another pocketdav process would be.
@Suite(.enabled(if: PostgresTestDatabase.shouldRun, PostgresTestDatabase.skipReason), .serialized)
struct PostgresAccountStoreTests {
    @Test(arguments: AccountStoreConformance.caseNames)
    func accounts(_ name: String) async throws {
        try await PostgresTestDatabase.withStorages(2) { storages in
            let opened = OpenCounter()
            try await AccountStoreConformance.run(name) { storages[opened.next() % 2] }
        }
    }

    @Test func twoInstancesCreatingOneNameHaveOneWinner() async throws {
        try await PostgresTestDatabase.withStorages(2) { storages in
            let previous = try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
                for writer in 0..<40 {
                    let store = storages[writer % 2]
                    group.addTask { try await store.update(.account, named: "race") { $0 ?? [UInt8(writer)] } }
                }
                var all: [[UInt8]?] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(previous.filter { $0 == nil }.count == 1)
            #expect(try await PostgresTestDatabase.scalar("SELECT count(*) FROM account_records", on: storages[0]) == 1)
        }
    }
}

/// Hands out 0, 1, 2, … across tasks.
final class OpenCounter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { n in defer { n += 1 }; return n } }
}
