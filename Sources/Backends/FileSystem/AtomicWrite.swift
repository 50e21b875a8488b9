import Glibc

/// Replaces a file so that a crash leaves either the old or the new content, never a mix.
///
/// Steps: write a temporary file in the same directory (a dot-file, so neither pocketdav nor
/// Radicale ever lists it), fsync it, rename it over the target, fsync the directory. A leftover
/// temporary file means a crash before the rename; reconciliation deletes it.
enum AtomicWrite {
    static let temporaryPrefix = ".pocketdav.tmp-"
    /// Where a PUT stages its bytes before taking the collection lock: `<collection>/.pocketdav/
    /// staging/`, not the collection folder itself, whose mtime tells readers whether anyone
    /// else changed the members. Reconciliation cannot tell a live staged file from crash
    /// litter, so it removes them only once they are old.
    static let stagingDirectoryName = "staging"
    static let stagedLifetime: Int64 = 3600 * 1_000_000_000

    static func temporaryPath(in directory: String) -> String {
        directory + "/" + temporaryPrefix + SystemCall.randomHex(bytes: 8)
    }

    /// Writes `bytes` to `directory/name` (mode 0600).
    /// - Returns: the new file's stat (its inode survives the rename).
    @discardableResult
    static func write(_ bytes: [UInt8], to name: String, in directory: String, fsync: Bool) throws -> FileStat {
        let temporary = try writeTemporary(bytes, in: directory, fsync: fsync)
        do {
            try SystemCall.rename(temporary.path, directory + "/" + name)
        } catch {
            try? SystemCall.unlink(temporary.path)
            throw error
        }
        if fsync { try SystemCall.fsyncDirectory(directory) }
        return temporary.stat
    }

    /// Writes and syncs a file in `stagingDirectory` (created 0700 when missing) without holding
    /// any lock; the caller renames it into the collection later, or removes it.
    static func stage(_ bytes: [UInt8], in stagingDirectory: String, fsync: Bool) throws -> (path: String, stat: FileStat) {
        let path = stagingDirectory + "/" + SystemCall.randomHex(bytes: 8)
        do {
            return try writeTemporary(bytes, at: path, fsync: fsync)
        } catch let error as SystemCallError where error.errno == ENOENT {
            try SystemCall.mkdir(stagingDirectory)
            return try writeTemporary(bytes, at: path, fsync: fsync)
        }
    }

    /// Writes and syncs a temporary file in `directory` without renaming it.
    static func writeTemporary(_ bytes: [UInt8], in directory: String, fsync: Bool) throws -> (path: String, stat: FileStat) {
        try writeTemporary(bytes, at: temporaryPath(in: directory), fsync: fsync)
    }

    private static func writeTemporary(_ bytes: [UInt8], at path: String, fsync: Bool) throws -> (path: String, stat: FileStat) {
        let fd = try SystemCall.open(path, O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
        do {
            defer { SystemCall.close(fd) }
            try SystemCall.writeAll(fd, bytes, path: path)
            if fsync { try SystemCall.fsync(fd, path: path) }
            return (path, try SystemCall.fstat(fd, path: path))
        } catch {
            try? SystemCall.unlink(path)
            throw error
        }
    }
}
