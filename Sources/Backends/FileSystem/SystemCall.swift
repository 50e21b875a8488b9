import CNonBlockingIO
import FoundationEssentials
import Glibc
import Synchronization

/// A failed system call: which call, on which path, and `errno`.
struct SystemCallError: Error, CustomStringConvertible {
    var call: String
    var path: String
    var errno: Int32

    var description: String { "\(call)(\(path)): \(String(cString: strerror(errno)))" }
    var isNotFound: Bool { errno == ENOENT || errno == ENOTDIR }
}

/// What `stat` says about a file, reduced to what the index and reconciliation compare.
struct FileStat: Sendable, Hashable, Codable {
    var inode: UInt64
    var size: Int64
    /// Nanoseconds since 1970; a change hint only, never part of a sync token.
    var mtime: Int64
    var mode: UInt32

    var isDirectory: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFDIR) }
    var isRegularFile: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFREG) }
    var permissions: UInt32 { mode & 0o7777 }
    var modificationDate: Date { Date(timeIntervalSince1970: Double(mtime) / 1_000_000_000) }

    init(inode: UInt64, size: Int64, mtime: Int64, mode: UInt32) {
        self.inode = inode
        self.size = size
        self.mtime = mtime
        self.mode = mode
    }

    init(_ s: stat) {
        self.init(inode: UInt64(s.st_ino), size: Int64(s.st_size),
                  mtime: SystemCall.nanoseconds(s.st_mtim), mode: UInt32(s.st_mode))
    }
}

/// Thin, `errno`-checked wrappers over the POSIX calls the filesystem backend uses. Every call
/// blocks; callers run them on `FileSystemStorage.sharedPool` threads only.
enum SystemCall {
    /// Opens `path`, retrying on EINTR; `O_CLOEXEC` is always added.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o600) throws -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw SystemCallError(call: "open", path: path, errno: errno) }
        }
    }

    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    static func withOpen<T>(_ path: String, _ flags: Int32, mode: mode_t = 0o600, _ body: (Int32) throws -> T) throws -> T {
        let fd = try open(path, flags, mode: mode)
        defer { close(fd) }
        return try body(fd)
    }

    /// The whole content of `path`, or `nil` when it does not exist.
    static func readFile(_ path: String) throws -> [UInt8]? {
        let fd: Int32
        do { fd = try open(path, O_RDONLY) } catch let e as SystemCallError where e.errno == ENOENT { return nil }
        defer { close(fd) }
        return try readAll(fd, path: path)
    }

    /// A file read by `readFileIfCached`: its bytes, which file they came from, and when the
    /// read began (what `RecentItems.remember` needs).
    struct NonBlockingRead {
        var bytes: [UInt8]
        var identity: FileIdentity
        /// `wallClock()` just before the fstat.
        var began: Int64
    }

    /// The whole file at `path` if the kernel can hand it over without waiting for a disk
    /// (path lookup from the dentry cache, every byte from the page cache), so a cooperative
    /// thread may call it; `nil` otherwise, including when the file is missing or unreadable:
    /// callers then use `readFile` on a blocking thread, which reports those properly.
    static func readFileIfCached(_ path: String) -> NonBlockingRead? {
        guard nonBlockingReads.load(ordering: .relaxed) else { return nil }
        // withCString reads a native string in place; passing the String itself copies it.
        let fd = path.withCString { pocketdav_open_cached($0) }
        if fd < 0 {
            if errno == ENOSYS || errno == EINVAL || errno == E2BIG { nonBlockingReads.store(false, ordering: .relaxed) }
            return nil
        }
        defer { close(fd) }
        let began = wallClock()
        var s = Glibc.stat()
        guard Glibc.fstat(fd, &s) == 0, s.st_mode & S_IFMT == S_IFREG else { return nil }
        // One byte more than the size, to see the end of a file that grew since fstat.
        let size = Int(s.st_size)
        var out = [UInt8](repeating: 0, count: size + 1)
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { buf in
                pocketdav_pread_nowait(fd, buf.baseAddress! + done, buf.count - done, off_t(done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EOPNOTSUPP || errno == EINVAL { nonBlockingReads.store(false, ordering: .relaxed) }
                return nil  // EAGAIN: part of it is on disk only
            }
            done += n
            // Exactly the size fstat gave is the whole file: bytes written since would be in the
            // page cache and have filled the extra byte. Stopping here spares a read that only
            // finds the end.
            if n == 0 || done == size { break }
        }
        guard done < out.count else { return nil }  // grew while read: leave it to readFile
        out.removeLast(out.count - done)
        return NonBlockingRead(bytes: out, identity: FileIdentity(s), began: began)
    }

    /// Which regular file `path` names now, learned without waiting for a disk and without
    /// opening the file (`O_PATH`); `nil` when that cannot be known at once, or it is not a
    /// regular file.
    static func identityIfCached(_ path: String) -> FileIdentity? {
        guard nonBlockingReads.load(ordering: .relaxed) else { return nil }
        let fd = path.withCString { pocketdav_open_path_cached($0) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var s = Glibc.stat()
        guard Glibc.fstat(fd, &s) == 0, s.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileIdentity(s)
    }

    /// The wall clock (`CLOCK_REALTIME`), in nanoseconds since 1970: the clock file timestamps
    /// are taken from.
    static func wallClock() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return nanoseconds(now)
    }

    /// `time` in nanoseconds: since 1970 for a file time or `CLOCK_REALTIME`.
    static func nanoseconds(_ time: timespec) -> Int64 { Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec) }

    /// `statfs(2)`'s `f_type` for the filesystem holding `path`, or `nil` when it cannot be read.
    static func filesystemType(_ path: String) -> Int? {
        let type = pocketdav_filesystem_type(path)
        return type < 0 ? nil : Int(type)
    }

    /// Off for the rest of the process once the kernel or the filesystem says it cannot.
    private static let nonBlockingReads = Atomic<Bool>(true)

    static func readAll(_ fd: Int32, path: String, from offset: Int64 = 0) throws -> [UInt8] {
        var out: [UInt8] = []
        var position = offset
        var chunk = 64 * 1024
        var s = Glibc.stat()
        var end: Int64?  // the size fstat gave, when the file reaches past `offset`
        if Glibc.fstat(fd, &s) == 0, Int64(s.st_size) > offset {
            end = Int64(s.st_size)
            chunk = max(4096, Int(Int64(s.st_size) - offset) + 1)
        }
        while true {
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: chunk))
            let n = out.withUnsafeMutableBytes { buf in pread(fd, buf.baseAddress! + start, chunk, off_t(position)) }
            if n < 0 {
                if errno == EINTR { out.removeLast(chunk); continue }
                throw SystemCallError(call: "read", path: path, errno: errno)
            }
            out.removeLast(chunk - n)
            position += Int64(n)
            // A read that stops at the size fstat gave, though its buffer had room for more,
            // found the end: the read that would only say so is spared.
            if n == 0 || position == end && n < chunk { return out }
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buf in Glibc.write(fd, buf.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemCallError(call: "write", path: path, errno: errno)
            }
            done += n
        }
    }

    static func fsync(_ fd: Int32, path: String) throws {
        while Glibc.fsync(fd) != 0 {
            if errno != EINTR { throw SystemCallError(call: "fsync", path: path, errno: errno) }
        }
    }

    /// Makes a directory's entries (created, renamed, removed names) durable.
    static func fsyncDirectory(_ path: String) throws {
        try withOpen(path, O_RDONLY | O_DIRECTORY) { try fsync($0, path: path) }
    }

    static func rename(_ from: String, _ to: String) throws {
        if Glibc.rename(from, to) != 0 { throw SystemCallError(call: "rename", path: "\(from) -> \(to)", errno: errno) }
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// glibc ≥ 2.28 has renameat2, but Swift's Glibc module does not export it.
    private static let renameat2: RenameAt2? = dlsym(nil, "renameat2").map {
        unsafeBitCast($0, to: RenameAt2.self)
    }

    /// Renames `from` to `to` only if `to` does not exist; `false` when it does. Atomic where the
    /// kernel and filesystem support RENAME_NOREPLACE, otherwise checked first (callers hold the
    /// collection lock, so only a non-pocketdav writer could race).
    static func renameNoReplace(_ from: String, _ to: String) throws -> Bool {
        if let renameat2 {
            if renameat2(AT_FDCWD, from, AT_FDCWD, to, 1 /* RENAME_NOREPLACE */) == 0 { return true }
            if errno == EEXIST { return false }
            if errno != EINVAL && errno != ENOSYS {
                throw SystemCallError(call: "renameat2", path: "\(from) -> \(to)", errno: errno)
            }
        }
        if try lstat(to) != nil { return false }
        try rename(from, to)
        return true
    }

    static func unlink(_ path: String, missingOK: Bool = true) throws {
        if Glibc.unlink(path) != 0, !(missingOK && errno == ENOENT) {
            throw SystemCallError(call: "unlink", path: path, errno: errno)
        }
    }

    /// Creates a directory; `false` when something already exists at `path`.
    @discardableResult
    static func mkdir(_ path: String, mode: mode_t = 0o700) throws -> Bool {
        if Glibc.mkdir(path, mode) == 0 { return true }
        if errno == EEXIST { return false }
        throw SystemCallError(call: "mkdir", path: path, errno: errno)
    }

    /// `mkdir -p` with mode 0700 for every directory created.
    static func makeDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            try mkdir(current)
        }
        guard try stat(path)?.isDirectory == true else { throw SystemCallError(call: "mkdir", path: path, errno: ENOTDIR) }
    }

    /// `stat` (following symlinks), or `nil` when nothing is there.
    static func stat(_ path: String) throws -> FileStat? {
        var s = Glibc.stat()
        if fstatat(AT_FDCWD, path, &s, 0) == 0 { return FileStat(s) }
        if errno == ENOENT || errno == ENOTDIR { return nil }
        throw SystemCallError(call: "stat", path: path, errno: errno)
    }

    static func lstat(_ path: String) throws -> FileStat? {
        var s = Glibc.stat()
        if fstatat(AT_FDCWD, path, &s, AT_SYMLINK_NOFOLLOW) == 0 { return FileStat(s) }
        if errno == ENOENT || errno == ENOTDIR { return nil }
        throw SystemCallError(call: "lstat", path: path, errno: errno)
    }

    static func fstat(_ fd: Int32, path: String) throws -> FileStat {
        var s = Glibc.stat()
        if Glibc.fstat(fd, &s) != 0 { throw SystemCallError(call: "fstat", path: path, errno: errno) }
        return FileStat(s)
    }

    static func chmod(_ path: String, _ mode: mode_t) throws {
        if Glibc.chmod(path, mode) != 0 { throw SystemCallError(call: "chmod", path: path, errno: errno) }
    }

    static func ftruncate(_ fd: Int32, _ length: Int64, path: String) throws {
        if Glibc.ftruncate(fd, off_t(length)) != 0 { throw SystemCallError(call: "ftruncate", path: path, errno: errno) }
    }

    enum EntryType { case file, directory, other }

    /// The names in a directory except `.` and `..`, unsorted.
    static func listDirectory(_ path: String) throws -> [(name: String, type: EntryType)] {
        guard let dir = opendir(path) else { throw SystemCallError(call: "opendir", path: path, errno: errno) }
        defer { closedir(dir) }
        var out: [(String, EntryType)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            var type: EntryType
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): type = .file
            case Int32(DT_DIR): type = .directory
            case Int32(DT_UNKNOWN):
                // Some filesystems (exFAT via FUSE, XFS without ftype) leave the type out.
                let s = try lstat(path + "/" + name)
                type = s.map { $0.isDirectory ? .directory : ($0.isRegularFile ? .file : .other) } ?? .other
            default: type = .other
            }
            out.append((name, type))
        }
        return out
    }

    /// Removes a file or a directory tree; missing is fine.
    static func removeTree(_ path: String) throws {
        guard let s = try lstat(path) else { return }
        if s.isDirectory {
            for entry in try listDirectory(path) { try removeTree(path + "/" + entry.name) }
            if Glibc.rmdir(path) != 0, errno != ENOENT { throw SystemCallError(call: "rmdir", path: path, errno: errno) }
        } else {
            try unlink(path)
        }
    }

    /// 16 random bytes as hex, from the kernel's CSPRNG via Swift's system generator.
    static func randomHex(bytes: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        var out = ""
        for _ in 0..<bytes {
            let b = UInt8.random(in: 0...255, using: &generator)
            out += String(b >> 4, radix: 16) + String(b & 0xF, radix: 16)
        }
        return out
    }
}
