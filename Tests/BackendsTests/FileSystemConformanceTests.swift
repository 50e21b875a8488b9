import DAVCore
import DAVTesting
import FileSystemStorage
import FoundationEssentials
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

/// `FileSystemStorage.cachedObject`, the filesystem's answer for GET on the event loop.
@Suite struct FileSystemCachedObjectTests {
    let cal = try! ResourcePath(decoding: "/alice/cal/")

    private func event(_ summary: String) -> ObjectContent { ConformanceFixtures.event(uid: "a", summary: summary) }

    /// Reads the object through `objects(in:named:)`, which validates the index, then asks the
    /// hook. Repeated because parallel tests' writes in this process make indexes be checked
    /// again (`Freshness.generation`).
    private func warmedCachedObject(_ storage: FileSystemStorage, _ name: String) async throws -> StoredObject? {
        for _ in 0..<50 {
            _ = try await storage.objects(in: cal, named: [name])
            if let object = storage.cachedObject(in: cal, named: name) { return object }
        }
        return nil
    }

    /// A storage on `folder` with alice's calendar `cal` in it.
    private func storageWithCalendar(in folder: TemporaryFolder) async throws -> FileSystemStorage {
        let storage = try FileSystemStorage(folder: folder.path, logger: Logger(label: "test"))
        try await storage.createCollection(at: try ResourcePath(decoding: "/alice/"), kind: .plain, properties: [:])
        try await storage.createCollection(at: cal, kind: .calendar, properties: [:])
        return storage
    }

    /// The hook must answer in the common case, or GET never takes the event loop's path.
    @Test func answersOnceTheIndexIsKnownAndTheFileIsInMemory() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try await storageWithCalendar(in: folder)
        let content = event("one")
        let put = try await storage.putObject(content, at: try cal.appending("a.ics"), condition: .none)
        let cached = try #require(try await warmedCachedObject(storage, "a.ics"))
        #expect(cached.bytes == content.bytes)
        #expect(cached.info.etag == put.etag)
        #expect(storage.cachedObject(in: cal, named: "missing.ics") == nil)
    }

    /// Another process (here: another instance on the same folder) rewrites the item: the
    /// cached index is no longer trusted, so the answer is the new bytes or nothing.
    @Test func anotherWritersChangeIsNeverAnsweredWithTheOldBytes() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try await storageWithCalendar(in: folder)
        try await first.putObject(event("one"), at: try cal.appending("a.ics"), condition: .none)
        #expect(try await warmedCachedObject(first, "a.ics") != nil)

        let second = try FileSystemStorage(folder: folder.path, logger: Logger(label: "test"))
        let newer = event("two, rewritten elsewhere")
        let put = try await second.putObject(newer, at: try cal.appending("a.ics"), condition: .none)
        if let cached = first.cachedObject(in: cal, named: "a.ics") {
            #expect(cached.bytes == newer.bytes)
            #expect(cached.info.etag == put.etag)
        }
        try await second.deleteObject(at: try cal.appending("a.ics"), condition: .none)
        #expect(first.cachedObject(in: cal, named: "a.ics") == nil)
    }

    /// What the in-process generation cannot see: the file replaced by hand (an editor, rsync)
    /// while the index is still trusted. The answer must be the new bytes under a new etag.
    @Test func aFileReplacedBehindItsBackIsAnsweredWithItsNewBytes() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try await storageWithCalendar(in: folder)
        let file = URL(fileURLWithPath: folder.path + "/collection-root/alice/cal/a.ics")
        let edited = event("edited by hand")
        var checked = false
        for _ in 0..<50 where !checked {
            let put = try await storage.putObject(event("one"), at: try cal.appending("a.ics"), condition: .none)
            guard try await warmedCachedObject(storage, "a.ics") != nil else { continue }
            try Data(edited.bytes).write(to: file, options: .atomic)
            guard let cached = storage.cachedObject(in: cal, named: "a.ics") else { continue }
            #expect(cached.bytes == edited.bytes)
            #expect(cached.info.etag != put.etag)
            checked = true
        }
        #expect(checked, "the index was never trusted long enough to test")
    }
}
