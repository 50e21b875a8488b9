#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and atomically rewriting htpasswd files on disk: the API behind
/// `pocketdav user add|passwd|remove|list`.
///
/// Every change runs as read → edit → write under an exclusive `flock` on the file's directory,
/// so two concurrent `pocketdav user` commands cannot lose each other's edits. The new content is
/// written to a temporary file in the same directory, fsynced, renamed over the old file and the
/// directory fsynced: a running server reloading the file sees the old or the new version, never
/// half of one. New files get mode 0600 (only the owner can read the hashes), and a rewritten file
/// gets 0600 too, whatever it had before. A symlink at `path` is replaced by a regular file.
///
/// ```swift
/// try await HtpasswdFile.addUser("alice", password: password, at: "/var/lib/pocketdav/htpasswd")
/// ```
extension HtpasswdFile {
    /// Files larger than this are refused rather than read into memory.
    static let sizeLimit = 16 << 20
    /// The mode of every file written: the hashes are secrets.
    static let fileMode: mode_t = 0o600
    /// The mode of directories created for a new file.
    static let directoryMode: mode_t = 0o700

    /// Reads and parses the file at `path`, blocking the calling thread. For startup code; from
    /// async code the `async` overload is chosen.
    ///
    /// - Throws: `HtpasswdError`: `.fileNotFound`, `.io`, or a parse error naming the line.
    public static func load(from path: String) throws(HtpasswdError) -> HtpasswdFile {
        try loadWithFingerprint(from: path).file
    }

    /// Reads and parses the file at `path` on a dispatch thread.
    public static func load(from path: String) async throws -> HtpasswdFile {
        try await BlockingWork.run { () throws -> HtpasswdFile in try load(from: path) }
    }

    static func loadWithFingerprint(from path: String) throws(HtpasswdError) -> (file: HtpasswdFile, fingerprint: FileFingerprint) {
        let read: (bytes: [UInt8], fingerprint: FileFingerprint)
        do throws(SystemCallError) {
            read = try PosixFile.read(path, limit: sizeLimit)
        } catch {
            throw ioError(error, path: path)
        }
        return (try HtpasswdFile(path: path, contents: read.bytes), read.fingerprint)
    }

    /// Edits the file at `path` and writes the result back atomically (see the extension's
    /// documentation). Runs on a dispatch thread; `change` may hash passwords.
    ///
    /// Nothing is written when `change` throws or leaves the content as it was.
    ///
    /// - Parameter createIfMissing: start from an empty file if there is none, creating missing
    ///   parent directories with mode 0700. Otherwise a missing file is `.fileNotFound`.
    /// - Returns: what `change` returned.
    public static func update<T: Sendable>(at path: String, createIfMissing: Bool = false,
                                           _ change: @escaping @Sendable (inout HtpasswdFile) throws -> T) async throws -> T {
        try await BlockingWork.run { () throws -> T in
            try modify(at: path, mode: createIfMissing ? .createIfMissing : .mustExist, change)
        }
    }

    /// Creates a new file at `path` with what `change` puts in it, creating missing parent
    /// directories with mode 0700. Never overwrites: if a file appears at `path`, even at the last
    /// moment, this throws `.fileExists`.
    public static func create<T: Sendable>(at path: String,
                                           _ change: @escaping @Sendable (inout HtpasswdFile) throws -> T) async throws -> T {
        try await BlockingWork.run { () throws -> T in try modify(at: path, mode: .mustNotExist, change) }
    }

    /// Adds a user with a bcrypt hash of `password`, creating the file (mode 0600) and its
    /// directory (0700) if they do not exist yet.
    ///
    /// - Throws: `HtpasswdError`: `.userExists`, `.invalidUserName`, `.hashing`, `.io`, or a parse
    ///   error in the existing file.
    public static func addUser(_ user: String, password: String, at path: String,
                               cost: Int = PasswordHash.defaultBcryptCost) async throws {
        try await update(at: path, createIfMissing: true) { file in
            try file.add(user: user, password: password, cost: cost)
        }
    }

    /// Sets a new password (bcrypt) for an existing user.
    ///
    /// - Throws: `HtpasswdError`: `.userNotFound`, `.fileNotFound`, `.hashing`, `.io`, or a parse
    ///   error.
    public static func setPassword(_ user: String, password: String, at path: String,
                                   cost: Int = PasswordHash.defaultBcryptCost) async throws {
        try await update(at: path) { file in try file.setPassword(user: user, password: password, cost: cost) }
    }

    /// Removes a user.
    ///
    /// - Throws: `HtpasswdError`: `.userNotFound`, `.fileNotFound`, `.io`, or a parse error.
    public static func removeUser(_ user: String, at path: String) async throws {
        try await update(at: path) { file in try file.remove(user: user) }
    }

    /// The user names in the file, in file order.
    ///
    /// - Throws: `HtpasswdError`: `.fileNotFound`, `.io`, or a parse error.
    public static func listUsers(at path: String) async throws -> [String] {
        try await load(from: path).users
    }

    // MARK: - The blocking core

    enum MissingFile { case mustExist, createIfMissing, mustNotExist }

    static func modify<T>(at path: String, mode: MissingFile, _ change: (inout HtpasswdFile) throws -> T) throws -> T {
        let (directory, name) = PosixFile.split(path)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw HtpasswdError(.io, "the path must name a file, not a directory", path: path)
        }
        if mode != .mustExist {
            do throws(SystemCallError) {
                try PosixFile.makeDirectories(directory, mode: directoryMode)
            } catch {
                throw ioError(error, path: path)
            }
        }
        do {
            return try PosixFile.withLockedDirectory(directory) { directoryFD in
                var original: HtpasswdFile?
                var fingerprint: FileFingerprint?
                do {
                    (original, fingerprint) = try loadWithFingerprint(from: path)
                } catch let error as HtpasswdError where error.code == .fileNotFound && mode != .mustExist {
                    original = nil
                }
                if original != nil && mode == .mustNotExist {
                    throw HtpasswdError(.fileExists, "the file already exists", path: path)
                }
                var file = original ?? HtpasswdFile(path: path)
                let result = try change(&file)
                if file != original {
                    try PosixFile.writeAtomically(Array(file.text.utf8), directoryFD: directoryFD, directory: directory,
                                                  name: name, mode: fileMode, replace: original != nil, owner: fingerprint)
                }
                return result
            }
        } catch let error as SystemCallError {
            throw ioError(error, path: path)
        }
    }

    static func ioError(_ error: SystemCallError, path: String) -> HtpasswdError {
        switch error.errno {
        case ENOENT: HtpasswdError(.fileNotFound, "the file does not exist", path: path, cause: error)
        case EEXIST: HtpasswdError(.fileExists, "the file already exists", path: path, cause: error)
        default: HtpasswdError(.io, "cannot read or write the file", path: path, cause: error)
        }
    }
}
