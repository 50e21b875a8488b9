import DAVCore
import DAVTesting
import GitStorage
import Logging
import Testing

/// The shared conformance suite on `GitStorage`, each case in a fresh bare repository.
@Suite struct GitConformanceTests {
    @Test(arguments: StorageConformanceSuite.caseNames)
    func conformance(_ name: String) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try GitStorage(options: GitStorageOptions(repository: folder.path + "/repo.git"),
                                     logger: Logger(label: "test"))
        try await StorageConformanceSuite.run(name, on: storage)
    }
}
