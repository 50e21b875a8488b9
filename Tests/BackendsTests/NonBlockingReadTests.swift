import Foundation
import Glibc
import Testing

@testable import FileSystemStorage

/// `SystemCall.readFileIfCached`, which FileSystemStorage calls on a cooperative thread for a
/// GET: whole bytes when the kernel holds them, `nil` (never a wait) when it would have to read
/// the disk, and `nil` for what `readFile` must report. Needs Linux 5.12 (openat2 with
/// RESOLVE_CACHED) and a disk-backed /tmp, as on the CI machine.
@Suite struct NonBlockingReadTests {
    @Test func aFileInThePageCacheIsReadWhole() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try write(big, to: folder.path + "/big")
        #expect(SystemCall.readFileIfCached(folder.path + "/big")?.bytes == big)
        try write([], to: folder.path + "/empty")
        #expect(SystemCall.readFileIfCached(folder.path + "/empty")?.bytes == [])
    }

    @Test func missingFilesAndFoldersAreLeftToReadFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(SystemCall.readFileIfCached(folder.path + "/missing") == nil)
        #expect(SystemCall.readFileIfCached(folder.path) == nil)
    }

    /// `readAll` stops at the size fstat gave it, without a read that only finds the end: it
    /// still reads to the end from any offset, and sees what was written to the file since the
    /// last call.
    @Test func readAllReadsToTheEndFromAnyOffset() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try write(Array("BEGIN".utf8), to: folder.path + "/grows")
        let fd = open(folder.path + "/grows", O_RDWR)
        try #require(fd >= 0)
        defer { close(fd) }
        #expect(try SystemCall.readAll(fd, path: "grows") == Array("BEGIN".utf8))
        #expect(pwrite(fd, "END", 3, 5) == 3)
        #expect(try SystemCall.readAll(fd, path: "grows") == Array("BEGINEND".utf8))
        #expect(try SystemCall.readAll(fd, path: "grows", from: 5) == Array("END".utf8))
        #expect(try SystemCall.readAll(fd, path: "grows", from: 8) == [])
    }

    /// A FIFO where an item was (an operator's mistake) must not hold a cooperative thread
    /// waiting for a writer: opening it does not wait, and it is not a regular file.
    @Test func aFIFOIsNotWaitedFor() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/fifo.ics"
        try #require(mkfifo(path, 0o600) == 0)
        let answered = DispatchSemaphore(value: 0)
        Thread {
            _ = SystemCall.readFileIfCached(path)
            answered.signal()
        }.start()
        let done = answered.wait(timeout: .now() + 2) == .success
        if !done {  // a writer lets the stuck reader go on
            let w = open(path, O_WRONLY | O_NONBLOCK)
            if w >= 0 { close(w) }
            answered.wait()
        }
        #expect(done, "readFileIfCached waited on a FIFO for two seconds")
    }

    @Test func aFileOnlyOnDiskIsNotWaitedFor() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let bytes = Array(repeating: UInt8(ascii: "x"), count: 64 * 1024)
        try write(bytes, to: folder.path + "/cold")
        // Drop its pages from the page cache (clean after fsync, so the kernel lets them go).
        // Pages still in another CPU's LRU batch are skipped by one call, so it is repeated; a
        // non-waiting read may start read-ahead, so each try drops the pages again.
        let fd = open(folder.path + "/cold", O_RDONLY)
        try #require(fd >= 0)
        var evicted = false
        for _ in 0..<100 where !evicted {
            #expect(posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0)
            evicted = SystemCall.readFileIfCached(folder.path + "/cold") == nil
            if !evicted { usleep(10_000) }
        }
        close(fd)
        #expect(evicted, "the kernel kept the file's pages in memory for a second")
        #expect(try SystemCall.readFile(folder.path + "/cold") == bytes)
        #expect(SystemCall.readFileIfCached(folder.path + "/cold")?.bytes == bytes, "cached again by readFile")
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0)
        defer { close(fd) }
        try SystemCall.writeAll(fd, bytes, path: path)
        try SystemCall.fsync(fd, path: path)
    }
}
