import DAVCore
import DAVTesting
import FileSystemStorage
import Logging
import Testing

/// The shared conformance suite on `FileSystemStorage`, each case in a fresh temporary folder.
@Suite struct FileSystemConformanceTests {
    @Test(arguments: StorageConformanceSuite.caseNames)
    func conformance(_ name: String) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try FileSystemStorage(folder: folder.path, logger: Logger(label: "test"))
        try await StorageConformanceSuite.run(name, on: storage)
    }

    @Test func fixedInstancesAreFlaggedExact() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try await StorageConformanceSuite.expectFixedInstancesFlaggedExact(
            on: FileSystemStorage(folder: folder.path, logger: Logger(label: "test")))
    }
}
