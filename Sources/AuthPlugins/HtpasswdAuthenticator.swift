import DAVCore
import Logging
import Synchronization

/// Checks HTTP Basic credentials against an htpasswd file.
///
/// Answers:
/// - `.notMine` for anything but Basic credentials, and for a user name not in the file, so a
///   later authenticator in the chain can try;
/// - `.rejected` when the user is in the file and the password does not match, including when
///   the stored hash is in a format that cannot be checked;
/// - `.authenticated(Principal(name:))` with the name as spelled in the file otherwise.
///
/// The file is re-read when it changes: every login that reaches this authenticator (at most once
/// per `reloadCheckInterval`, by default always) `stat`s it, and a different inode, size, mtime or ctime triggers a read. If that read fails (the file
/// is half-edited, has a duplicate user, or vanished) the last good content stays in use and the
/// error is logged once, naming the file and line. Password checks run on a dispatch thread,
/// never on the cooperative pool.
///
/// Wrap it (usually the whole chain) in `CachingAuthenticator`: every uncached login costs a
/// full hash, about 250 ms for bcrypt at cost 12.
public final class HtpasswdAuthenticator: Authenticator {
    /// Settings.
    public struct Configuration: Sendable {
        /// The htpasswd file.
        public var file: String
        /// Compare entries that are not hashes as plain-text passwords (default `false`).
        ///
        /// Risk: anyone who can read the file, a backup or a copy of it then has those passwords
        /// outright, and people reuse passwords. Use `pocketdav user passwd` to store bcrypt
        /// hashes instead. Even when enabled, a string that starts with `$` or `{` is never taken
        /// as plain text, so a leaked hash cannot be replayed as a password.
        public var allowPlaintext: Bool
        /// How often, at most, a login checks whether the file changed (default zero: every
        /// login). A `stat` is cheap next to the bcrypt check that follows, and logins reach this
        /// authenticator only when the login cache misses; checking every time means an account
        /// the admin API just created, changed or deleted is in force on the very next login.
        public var reloadCheckInterval: Duration

        public init(file: String, allowPlaintext: Bool = false, reloadCheckInterval: Duration = .zero) {
            self.file = file
            self.allowPlaintext = allowPlaintext
            self.reloadCheckInterval = reloadCheckInterval
        }
    }

    private struct State {
        var file: HtpasswdFile
        var fingerprint: FileFingerprint
        var nextCheck: ContinuousClock.Instant
        /// The last failed reload, so a broken file is logged once and not on every check.
        var lastFailure: String?
    }

    public let configuration: Configuration
    private let logger: Logger
    private let state: Mutex<State>

    /// Loads the file; call it while starting up (it reads the file on the calling thread).
    ///
    /// - Throws: `HtpasswdError` naming the file and, for parse errors, the line, so the server
    ///   refuses to start with a broken user list rather than locking everybody out later.
    public init(configuration: Configuration, logger: Logger = Logger(label: "pocketdav.auth.htpasswd")) throws {
        let (file, fingerprint) = try HtpasswdFile.loadWithFingerprint(from: configuration.file)
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(State(file: file, fingerprint: fingerprint,
                                 nextCheck: .now + configuration.reloadCheckInterval, lastFailure: nil))
        warnAboutUncheckableEntries(in: file)
    }

    /// Loads the htpasswd file `file`; see `init(configuration:logger:)` and
    /// `Configuration.allowPlaintext` for the risk of plain text.
    public convenience init(file: String, allowPlaintext: Bool = false,
                            logger: Logger = Logger(label: "pocketdav.auth.htpasswd")) throws {
        try self.init(configuration: Configuration(file: file, allowPlaintext: allowPlaintext), logger: logger)
    }

    /// The user names currently loaded, in file order.
    public var users: [String] { state.withLock { $0.file.users } }

    public func authenticate(_ credentials: Credentials) async throws -> AuthResult {
        guard let (username, password) = credentials.basic else { return .notMine }
        let allowPlaintext = configuration.allowPlaintext
        return await BlockingWork.run { [self] () -> AuthResult in
            guard let entry = currentFile().entry(for: username) else { return .notMine }
            let matches = PasswordHash.verify(password, against: entry.hash, allowPlaintext: allowPlaintext) as Bool
            return matches ? .authenticated(Principal(name: entry.user)) : .rejected
        }
    }

    /// The file content to use now, re-reading the file first if a check is due and it changed.
    /// Blocks on `stat` and `read`: call it from `BlockingWork`.
    private func currentFile() -> HtpasswdFile {
        let now = ContinuousClock.now
        let (file, known, due) = state.withLock { state in
            let due = now >= state.nextCheck
            if due { state.nextCheck = now + configuration.reloadCheckInterval }
            return (state.file, state.fingerprint, due)
        }
        guard due else { return file }

        let path = configuration.file
        do {
            guard try PosixFile.fingerprint(path) != known else { return file }
            let (reloaded, fingerprint) = try HtpasswdFile.loadWithFingerprint(from: path)
            state.withLock { state in
                state.file = reloaded
                state.fingerprint = fingerprint
                state.lastFailure = nil
            }
            logger.info("Reloaded the htpasswd file", metadata: ["file": "\(path)", "users": "\(reloaded.users.count)"])
            warnAboutUncheckableEntries(in: reloaded)
            return reloaded
        } catch let error as SystemCallError {
            return keepLastGood(file, after: HtpasswdFile.ioError(error, path: path))
        } catch {
            return keepLastGood(file, after: error)
        }
    }

    private func keepLastGood(_ file: HtpasswdFile, after error: any Error) -> HtpasswdFile {
        let failure = "\(error)"
        let isNew = state.withLock { state in
            defer { state.lastFailure = failure }
            return state.lastFailure != failure
        }
        if isNew {
            logger.error("Cannot reload the htpasswd file; still using the last good copy",
                         metadata: ["file": "\(configuration.file)", "error": "\(failure)"])
        }
        return file
    }

    /// Logs entries no login can match, so an operator learns why a user is refused.
    private func warnAboutUncheckableEntries(in file: HtpasswdFile) {
        for entry in file.entries {
            switch PasswordHash.format(of: entry.hash) {
            case nil:
                logger.warning("htpasswd entry has a hash format pocketdav cannot check; the user cannot log in",
                               metadata: ["file": "\(file.path)", "user": "\(entry.user)"])
            case .plaintext? where !configuration.allowPlaintext:
                logger.warning("htpasswd entry is not a recognised hash and plain text is not allowed; the user cannot log in",
                               metadata: ["file": "\(file.path)", "user": "\(entry.user)"])
            default:
                break
            }
        }
    }
}
