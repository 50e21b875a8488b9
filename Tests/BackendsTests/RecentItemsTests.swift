import DAVCore
import DAVTesting
import Glibc
import Logging
import Testing

@testable import FileSystemStorage

/// `RecentItems`: kept bytes are given again only while the file is the same and unchanged, and
/// a file is kept only once its last change is `settle` old.
@Suite struct RecentItemsTests {
    private static let settle = Duration.milliseconds(50)

    /// Waits until a file changed now is `settle` old, with room for a coarse clock tick.
    private static func waitOutSettle() async throws { try await Task.sleep(for: settle * 2) }

    private static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0)
        defer { close(fd) }
        let bytes = Array(text.utf8)
        try #require(Glibc.write(fd, bytes, bytes.count) == bytes.count)
    }

    /// Rewrites the start of `path` without truncating or renaming it, then sets its access and
    /// modification times back: only the change time still tells (an editor or tool that writes
    /// in place and preserves times, like `cp --preserve` over an existing file).
    private static func rewriteInPlaceKeepingTimes(_ path: String, with text: String) throws {
        var before = stat()
        try #require(stat(path, &before) == 0)
        let fd = open(path, O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let bytes = Array(text.utf8)
        try #require(pwrite(fd, bytes, bytes.count, 0) == bytes.count)
        var times = [before.st_atim, before.st_mtim]
        try #require(futimens(fd, &times) == 0)
    }

    private static func remembered(_ items: RecentItems, _ path: String) throws -> SystemCall.NonBlockingRead {
        let read = try #require(SystemCall.readFileIfCached(path))
        items.remember(read.bytes, etag: ContentHash.hex(read.bytes), at: path, identity: read.identity,
                       readBegan: read.began)
        return read
    }

    /// `text` written to `a.ics` in `folder`, left to settle, then read and kept by a new
    /// `RecentItems`.
    private static func keptFile(_ text: String, in folder: TemporaryFolder) async throws
        -> (path: String, items: RecentItems, etag: String)
    {
        let path = folder.path + "/a.ics"
        try write(text, to: path)
        try await waitOutSettle()
        let items = RecentItems(budget: 1 << 20, settle: settle)
        let etag = ContentHash.hex(try remembered(items, path).bytes)
        return (path, items, etag)
    }

    @Test func aSettledFileIsGivenAgainUntilItIsRewrittenInPlace() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (path, items, etag) = try await Self.keptFile("version one", in: folder)
        #expect(items.usage.items == 1)
        #expect(items.bytes(at: path, etag: etag) == Array("version one".utf8))

        // Same size, same inode, same mtime: the change time is all that differs.
        try Self.rewriteInPlaceKeepingTimes(path, with: "version two")
        #expect(items.bytes(at: path, etag: etag) == nil)
        #expect(items.usage.items == 0, "an item whose file changed is dropped")
    }

    @Test func aReplacedOrRemovedFileIsNotGiven() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (path, items, etag) = try await Self.keptFile("same bytes", in: folder)

        // The same bytes renamed over it: another inode.
        try Self.write("same bytes", to: folder.path + "/new")
        #expect(rename(folder.path + "/new", path) == 0)
        #expect(items.bytes(at: path, etag: etag) == nil)

        try await Self.waitOutSettle()
        _ = try Self.remembered(items, path)
        #expect(unlink(path) == 0)
        #expect(items.bytes(at: path, etag: etag) == nil)
    }

    /// The etag given is the index's: after a write through pocketdav it is the new one, and the
    /// old bytes must not be given even before the file is looked at.
    @Test func bytesUnderAnotherEtagAreNotGiven() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (path, items, _) = try await Self.keptFile("bytes", in: folder)
        #expect(items.bytes(at: path, etag: ContentHash.hex(Array("other".utf8))) == nil)
    }

    /// A file changed within `settle` of its read could change again in the same clock tick
    /// without its change time moving: it is not kept.
    @Test func aFileChangedJustBeforeItsReadIsNotKept() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/a.ics"
        try Self.write("new", to: path)
        let items = RecentItems(budget: 1 << 20, settle: .seconds(2))
        _ = try Self.remembered(items, path)
        #expect(items.usage.items == 0)
    }

    /// Each item counts its bytes, its path and the table's overhead, so small items cannot
    /// hold much more memory than the budget.
    @Test func theBudgetBoundsWhatIsKept() {
        let cost = 100 + "/x/00".utf8.count + RecentItems.overhead
        let items = RecentItems(budget: 16 * cost)
        var settled = stat()
        settled.st_ctim.tv_sec = 1
        let now = SystemCall.wallClock()
        for i in 10..<50 {
            items.remember([UInt8](repeating: 1, count: 100), etag: "e", at: "/x/\(i)", identity: FileIdentity(settled),
                           readBegan: now)
            #expect(items.usage.bytes <= 16 * cost)
        }
        #expect(items.usage.items == 16)
        items.remember([UInt8](repeating: 1, count: 101), etag: "e", at: "/x/big", identity: FileIdentity(settled),
                       readBegan: now)
        #expect(items.usage.items == 16, "an item over a sixteenth of the budget is not kept")
        #expect(RecentItems(budget: 0).usage.items == 0)
    }

    @Test func onlyLocalFilesystemsAreTrusted() throws {
        #expect(RecentItems.trusts(filesystemType: 0xEF53))  // ext4
        #expect(RecentItems.trusts(filesystemType: 0x0102_1994))  // tmpfs
        #expect(!RecentItems.trusts(filesystemType: 0x6969))  // NFS
        #expect(!RecentItems.trusts(filesystemType: 0x6573_5546))  // FUSE
        #expect(try #require(SystemCall.filesystemType("/tmp")) != 0)
    }

    /// Through the storage: an item kept by a GET and then rewritten in place by hand, times
    /// preserved, is answered with its new bytes and their etag, never the kept ones.
    @Test func theStorageAnswersAnItemRewrittenInPlaceWithItsNewBytes() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var options = FileSystemStorage.Options()
        options.recentItemsSettle = Self.settle
        let storage = try FileSystemStorage(folder: folder.path, options: options, logger: Logger(label: "test"))
        let cal = try ResourcePath(decoding: "/alice/cal/")
        try await storage.createCollection(at: try ResourcePath(decoding: "/alice/"), kind: .plain, properties: [:])
        try await storage.createCollection(at: cal, kind: .calendar, properties: [:])
        let file = folder.item("alice/cal/a.ics")
        let original = ConformanceFixtures.event(uid: "a", summary: "one")
        let edited = ConformanceFixtures.event(uid: "a", summary: "two")
        var checked = false
        for _ in 0..<50 where !checked {
            try await storage.putObject(original, at: try cal.appending("a.ics"), condition: .none)
            try await Self.waitOutSettle()
            // Validates the index (parallel tests' writes make it be checked again), then reads
            // through the hook, which keeps the item.
            _ = try await storage.objects(in: cal, named: ["a.ics"])
            guard storage.cachedObject(in: cal, named: "a.ics")?.bytes == original.bytes,
                  storage.recentItems.usage.items == 1,
                  storage.cachedObject(in: cal, named: "a.ics")?.bytes == original.bytes
            else { continue }
            try Self.rewriteInPlaceKeepingTimes(file, with: String(decoding: edited.bytes, as: UTF8.self))
            guard let answer = storage.cachedObject(in: cal, named: "a.ics") else { continue }
            #expect(answer.bytes == edited.bytes)
            #expect(answer.info.etag == ETag(ContentHash.hex(edited.bytes)))
            checked = true
        }
        #expect(checked, "the index was never trusted long enough to test")
    }
}
