#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the htpasswd code needs, with the guarantees it relies on.
/// All of them block: call them from `BlockingWork`, never from the cooperative pool.
enum PosixFile {
    /// Splits a path into its directory and final name (`"htpasswd"` → `(".", "htpasswd")`).
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let name = String(path[path.index(after: slash)...])
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        return (directory, name)
    }

    /// The fingerprint of the file at `path` (following symlinks).
    static func fingerprint(_ path: String) throws(SystemCallError) -> FileFingerprint {
        var st = stat()
        guard stat(path, &st) == 0 else { throw SystemCallError(call: "stat", path: path, errno: errno) }
        return FileFingerprint(st)
    }

    /// Whether something exists at `path`; errors other than "no such file" are thrown, so an
    /// unreadable directory is not mistaken for a missing file.
    static func exists(_ path: String) throws(SystemCallError) -> Bool {
        var st = stat()
        if lstat(path, &st) == 0 { return true }
        if errno == ENOENT { return false }
        throw SystemCallError(call: "lstat", path: path, errno: errno)
    }

    /// The whole content of a regular file, and the fingerprint of the file it came from.
    ///
    /// The fingerprint is taken before reading, so a change made during the read shows up as a
    /// different fingerprint on the next check instead of being missed.
    static func read(_ path: String, limit: Int) throws(SystemCallError) -> (bytes: [UInt8], fingerprint: FileFingerprint) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError(call: "open", path: path, errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SystemCallError(call: "fstat", path: path, errno: errno) }
        guard st.st_mode & S_IFMT == S_IFREG else { throw SystemCallError(call: "open", path: path, errno: EISDIR) }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemCallError(call: "read", path: path, errno: errno)
            }
            if count == 0 { break }
            bytes += chunk[..<count]
            guard bytes.count <= limit else { throw SystemCallError(call: "read", path: path, errno: EFBIG) }
        }
        return (bytes, FileFingerprint(st))
    }

    /// Creates `path` and any missing parents with `mode`; existing directories are left alone.
    static func makeDirectories(_ path: String, mode: mode_t) throws(SystemCallError) {
        var st = stat()
        if stat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { throw SystemCallError(call: "mkdir", path: path, errno: ENOTDIR) }
            return
        }
        guard errno == ENOENT else { throw SystemCallError(call: "stat", path: path, errno: errno) }
        let parent = split(path).directory
        if parent != path && parent != "." && parent != "/" { try makeDirectories(parent, mode: mode) }
        if mkdir(path, mode) != 0 && errno != EEXIST { throw SystemCallError(call: "mkdir", path: path, errno: errno) }
    }

    /// Runs `body` holding an exclusive `flock` on `directory`, passing the directory's descriptor.
    ///
    /// The lock is on the directory rather than the file because the file is replaced by rename:
    /// a lock on the old inode would not stop a second writer that opened the new one.
    static func withLockedDirectory<T>(_ directory: String, _ body: (Int32) throws -> T) throws -> T {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError(call: "open", path: directory, errno: errno) }
        defer { close(fd) }  // closing releases the lock
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw SystemCallError(call: "flock", path: directory, errno: errno) }
        }
        return try body(fd)
    }

    /// Writes `bytes` to `name` in the directory `directoryFD` so that readers see either the old
    /// file or the complete new one, never a torn write, and the change survives a power cut.
    ///
    /// Steps: a temporary file in the same directory (so the final step cannot cross file
    /// systems), `fsync`, then `rename` over the old file (`replace`) or `link` (create only: fails
    /// with `EEXIST` instead of overwriting), then `fsync` of the directory to persist the name.
    ///
    /// - Parameter owner: if the file being replaced belongs to someone else, give the new one
    ///   the same owner and group. When root runs `pocketdav user add` on the service's file, the
    ///   server must still be able to read the result. Fails silently when not permitted.
    static func writeAtomically(_ bytes: [UInt8], directoryFD: Int32, directory: String, name: String,
                                mode: mode_t, replace: Bool, owner: FileFingerprint?) throws(SystemCallError) {
        var generator = SystemRandomNumberGenerator()
        let temporary = ".\(name).\(String(UInt64.random(in: .min ... .max, using: &generator), radix: 16)).tmp"
        let temporaryPath = directory + "/" + temporary
        let fd = openat(directoryFD, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw SystemCallError(call: "open", path: temporaryPath, errno: errno) }
        var keepTemporary = false
        defer { if !keepTemporary { unlinkat(directoryFD, temporary, 0) } }

        do throws(SystemCallError) {
            // The umask can only remove bits; set the mode exactly so a lax umask is no risk either.
            guard fchmod(fd, mode) == 0 else { throw SystemCallError(call: "fchmod", path: temporaryPath, errno: errno) }
            if let owner, owner.owner != geteuid() || owner.group != getegid() {
                _ = fchown(fd, owner.owner, owner.group)
            }
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + offset, $0.count - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw SystemCallError(call: "write", path: temporaryPath, errno: errno)
                }
                offset += written
            }
            guard fsync(fd) == 0 else { throw SystemCallError(call: "fsync", path: temporaryPath, errno: errno) }
        } catch {
            close(fd)
            throw error
        }
        // Some file systems (NFS) report write errors only at close.
        guard close(fd) == 0 else { throw SystemCallError(call: "close", path: temporaryPath, errno: errno) }

        let target = directory + "/" + name
        if replace {
            guard renameat(directoryFD, temporary, directoryFD, name) == 0 else {
                throw SystemCallError(call: "rename", path: target, errno: errno)
            }
            keepTemporary = true  // it is the target now
        } else {
            guard linkat(directoryFD, temporary, directoryFD, name, 0) == 0 else {
                throw SystemCallError(call: "link", path: target, errno: errno)
            }
        }
        guard fsync(directoryFD) == 0 else { throw SystemCallError(call: "fsync", path: directory, errno: errno) }
    }
}

// `PosixFile.read` shadows the C function inside the enum.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, buffer, count) }
