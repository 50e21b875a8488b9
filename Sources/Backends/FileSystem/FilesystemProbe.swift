import Glibc

/// A start-up check that the storage folder's filesystem can keep `FileSystemStorage`'s promises.
///
/// The real target is an exFAT or FUSE-mounted SD card on a phone: such filesystems may silently
/// ignore `flock` (two writers then corrupt a journal), refuse `fsync` on directories, or have no
/// Unix permissions (every file world-readable). Better to refuse to start than to lose data.
public enum FilesystemProbe {
    /// What the folder's filesystem must support.
    public enum Capability: String, Sendable, CaseIterable {
        case createFolder = "creating the folder (mode 0700)"
        case renameOverExisting = "atomic rename over an existing file"
        case exclusiveLock = "flock exclusion between two open files"
        case fileSync = "fsync of a file"
        case directorySync = "fsync of a directory"
        case permissions = "Unix permissions (chmod 0600 read back by stat)"
    }

    /// The capability that failed, the folder, and what was observed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var capability: Capability
        public var folder: String
        public var detail: String

        public var description: String {
            "the storage folder \(folder) does not support \(capability.rawValue): \(detail). "
                + "Use a folder on a local Unix filesystem (ext4, f2fs, btrfs, APFS, XFS)."
        }
    }

    /// Creates `folder` (0700) when missing, then tests each `Capability` in a scratch directory
    /// inside it, which is removed afterwards. Blocking: call it before serving, not per request.
    /// - Throws: `Failure` naming the first capability that is missing.
    public static func check(folder: String) throws {
        do {
            try SystemCall.makeDirectories(folder)
        } catch {
            throw Failure(capability: .createFolder, folder: folder, detail: "\(error)")
        }
        let scratch = folder + "/.pocketdav-probe-" + SystemCall.randomHex(bytes: 6)
        try step(.createFolder, folder) { try SystemCall.mkdir(scratch) }
        defer { try? SystemCall.removeTree(scratch) }

        try step(.renameOverExisting, folder) {
            try CollectionSkeleton.writeNew(Array("new".utf8), at: scratch + "/a", fsync: false)
            try CollectionSkeleton.writeNew(Array("old".utf8), at: scratch + "/b", fsync: false)
            try SystemCall.rename(scratch + "/a", scratch + "/b")
            guard try SystemCall.readFile(scratch + "/b") == Array("new".utf8), try SystemCall.stat(scratch + "/a") == nil
            else { throw ProbeMismatch("after rename the target does not hold the new content") }
        }
        try step(.exclusiveLock, folder) { try checkLock(scratch + "/lock") }
        try step(.fileSync, folder) {
            try SystemCall.withOpen(scratch + "/b", O_WRONLY) { try SystemCall.fsync($0, path: scratch + "/b") }
        }
        try step(.directorySync, folder) { try SystemCall.fsyncDirectory(scratch) }
        try step(.permissions, folder) {
            for (path, modes) in [(scratch + "/b", [0o644, 0o600]), (scratch, [0o755, 0o700])] {
                for mode in modes {
                    try SystemCall.chmod(path, mode_t(mode))
                    let seen = try SystemCall.stat(path)?.permissions
                    guard seen == UInt32(mode) else {
                        throw ProbeMismatch("chmod \(String(mode, radix: 8)) reads back as \(seen.map { String($0, radix: 8) } ?? "nothing")")
                    }
                }
            }
        }
    }

    private static func checkLock(_ path: String) throws {
        let first = try SystemCall.open(path, O_RDWR | O_CREAT)
        defer { SystemCall.close(first) }
        let second = try SystemCall.open(path, O_RDWR)
        defer { SystemCall.close(second) }
        guard flock(first, LOCK_EX | LOCK_NB) == 0 else {
            throw SystemCallError(call: "flock", path: path, errno: errno)
        }
        defer { _ = flock(first, LOCK_UN) }
        if flock(second, LOCK_EX | LOCK_NB) == 0 {
            throw ProbeMismatch("a second exclusive lock on the same file was granted")
        }
        if flock(second, LOCK_SH | LOCK_NB) == 0 {
            throw ProbeMismatch("a shared lock was granted while an exclusive one was held")
        }
    }

    private static func step(_ capability: Capability, _ folder: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            throw Failure(capability: capability, folder: folder, detail: "\(error)")
        }
    }

    private struct ProbeMismatch: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
