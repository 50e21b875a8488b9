import DAVCore
import DAVTesting
import Testing

/// The conformance suite on `MemoryStorage`, which in-process protocol tests build servers around.
@Suite struct MemoryStorageTests {
    @Test(arguments: StorageConformanceSuite.caseNames)
    func conformance(_ name: String) async throws {
        try await StorageConformanceSuite.run(name, on: MemoryStorage())
    }
}

/// `MemoryStorage` flags fixed instances exact, as the indexing backends do.
@Suite struct MemoryStorageFixedInstanceTests {
    @Test func fixedInstancesAreFlaggedExact() async throws {
        try await StorageConformanceSuite.expectFixedInstancesFlaggedExact(on: MemoryStorage())
    }

    @Test func instanceListsDecideQueries() async throws {
        try await StorageConformanceSuite.expectInstanceListsDecideQueries(on: MemoryStorage())
    }
}
