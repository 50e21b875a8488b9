/// Creates the htpasswd file on first start from `ADMIN_USER` and `ADMIN_PASSWORD`, for
/// container deployments that have no shell to run `pocketdav user add`.
public enum HtpasswdSeeding {
    /// What `seedIfMissing(path:environment:cost:)` did.
    public enum Outcome: Sendable, Hashable, CustomStringConvertible {
        /// The file was created with this one user.
        case created(user: String)
        /// A file was already there; it was not read or changed.
        case existed
        /// No file, and these variables (`ADMIN_USER`, `ADMIN_PASSWORD`) are unset or empty, so
        /// nothing was created. The server starts with no users.
        case skipped(missing: [String])

        public var description: String {
            switch self {
            case .created(let user): "created with user \(user.debugDescription)"
            case .existed: "exists"
            case .skipped(let missing): "missing, not created: \(missing.joined(separator: " and ")) not set"
            }
        }
    }

    /// Creates the file if there is none and both variables are set.
    ///
    /// Only when there is no file at `path` and `ADMIN_USER` and `ADMIN_PASSWORD` are both set
    /// and non-empty: the file is created with mode 0600 holding one bcrypt entry, and missing
    /// parent directories are created with mode 0700. An existing file is never touched, even if
    /// it is empty or the variables name another user, so changing the variables later does not
    /// reset a password. Hashing runs on a dispatch thread.
    ///
    /// Risk: the password stays in the process environment, readable in `/proc/<pid>/environ` by
    /// the same user and by root, and often in orchestration files. Change it with
    /// `pocketdav user passwd` after the first start and remove the variable.
    ///
    /// - Parameter environment: the process environment.
    /// - Throws: `HtpasswdError`: `.invalidUserName` for a bad `ADMIN_USER`, `.io` when the
    ///   directory or file cannot be created.
    public static func seedIfMissing(path: String, environment: [String: String],
                                     cost: Int = PasswordHash.defaultBcryptCost) async throws -> Outcome {
        let exists: Bool
        do {
            exists = try await BlockingWork.run { () throws -> Bool in try PosixFile.exists(path) }
        } catch let error as SystemCallError {
            throw HtpasswdFile.ioError(error, path: path)
        }
        if exists { return .existed }

        let user = environment["ADMIN_USER"] ?? ""
        let password = environment["ADMIN_PASSWORD"] ?? ""
        let missing = [("ADMIN_USER", user), ("ADMIN_PASSWORD", password)].filter { $0.1.isEmpty }.map(\.0)
        guard missing.isEmpty else { return .skipped(missing: missing) }
        try HtpasswdFile.validate(userName: user)

        do {
            try await HtpasswdFile.create(at: path) { file in
                try file.add(user: user, password: password, cost: cost)
            }
        } catch let error as HtpasswdError where error.code == .fileExists {
            return .existed  // created by another process since the check above
        }
        return .created(user: user)
    }
}
