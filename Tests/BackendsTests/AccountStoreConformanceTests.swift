import DAVCore
import DAVTesting
import FileSystemStorage
import GitStorage
import Logging
import Testing

/// The shared `AccountStore` conformance suite on every backend that offers one.
@Suite struct AccountStoreConformanceTests {
    @Test(arguments: AccountStoreConformance.caseNames)
    func memory(_ name: String) async throws {
        let store = MemoryAccountStore()
        try await AccountStoreConformance.run(name) { store }
    }

    @Test(arguments: AccountStoreConformance.caseNames)
    func filesystem(_ name: String) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try await AccountStoreConformance.run(name) {
            try FileSystemStorage(folder: folder.path, logger: Logger(label: "test"))
        }
    }

    @Test(arguments: AccountStoreConformance.caseNames)
    func git(_ name: String) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try await AccountStoreConformance.run(name) {
            try GitStorage(options: GitStorageOptions(repository: folder.path + "/repo.git"), logger: Logger(label: "test"))
        }
    }
}
