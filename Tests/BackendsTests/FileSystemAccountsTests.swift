import DAVCore
import FileSystemStorage
import Glibc
import Logging
import Testing

/// What the filesystem account store promises beyond the shared contract: where the file is,
/// who may read it, and that two processes' worth of handles never lose a change.
@Suite struct FileSystemAccountsTests {
    @Test func recordsLiveInOnePrivateFileOutsideTheURLSpace() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try FileSystemStorage(folder: folder.path, logger: Logger(label: "test"))
        try await storage.update(.account, named: "alice") { _ in Array("hash".utf8) }
        let file = folder.path + "/.pocketdav-accounts.json"
        #expect(TemporaryFolder.mode(atPath: file) == 0o600)
        #expect(TemporaryFolder.list(atPath: folder.path).contains(".pocketdav-accounts.json"))
        #expect(!folder.list("").contains(".pocketdav-accounts.json"), "not inside collection-root")
        let text = String(decoding: TemporaryFolder.readFile(file) ?? [], as: UTF8.self)
        #expect(text.contains(#""alice" : "aGFzaA==""#), "one record per line, base64 value: \(text)")
        #expect(try await storage.members(of: .root).isEmpty, "the file is no DAV member of /")
    }

    @Test func twoHandlesOnOneFolderNeverLoseAChange() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Separate instances have separate in-process locks, like two processes: only the
        // flock on the lock file orders them.
        let a = try FileSystemStorage(folder: folder.path, logger: Logger(label: "a"))
        let b = try FileSystemStorage(folder: folder.path, logger: Logger(label: "b"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<40 {
                let store = i.isMultiple(of: 2) ? a : b
                group.addTask {
                    try await store.update(.group, named: "counter") { current in
                        let n = current.flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
                        return Array(String(n + 1).utf8)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await a.record(.group, named: "counter") == Array("40".utf8))
    }

    @Test func aDamagedFileIsReportedNotReset() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try FileSystemStorage(folder: folder.path, logger: Logger(label: "test"))
        let fd = open(folder.path + "/.pocketdav-accounts.json", O_WRONLY | O_CREAT, 0o600)
        _ = write(fd, "{not json", 9)
        close(fd)
        await #expect(throws: StorageError.self) { try await storage.record(.account, named: "alice") }
        await #expect(throws: StorageError.self) { try await storage.update(.account, named: "alice") { _ in [1] } }
        #expect(TemporaryFolder.readFile(folder.path + "/.pocketdav-accounts.json") == Array("{not json".utf8),
                "an update never overwrites records it could not read")
    }
}
