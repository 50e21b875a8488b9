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
