import DAVCore

/// `PasswordAccounts` over an htpasswd file, for the admin API: every change is an atomic
/// rewrite of the file (`HtpasswdFile.update`), which `HtpasswdAuthenticator` picks up within
/// its reload interval. Passwords are stored as bcrypt hashes.
///
/// Names must pass `UserName.isValid` as well as the file's own rules, since they become the
/// first path segment of the user's space.
public struct HtpasswdAccounts: PasswordAccounts {
    public let file: String
    /// The bcrypt cost (default `PasswordHash.defaultBcryptCost`; tests lower it).
    public let cost: Int

    public init(file: String, cost: Int = PasswordHash.defaultBcryptCost) {
        self.file = file
        self.cost = cost
    }

    public func create(user: String, password: String) async throws {
        try UserName.validate(user)
        try await translating(user) { try await HtpasswdFile.addUser(user, password: password, at: file, cost: cost) }
    }

    public func setPassword(user: String, password: String) async throws {
        try await translating(user) { try await HtpasswdFile.setPassword(user, password: password, at: file, cost: cost) }
    }

    public func delete(user: String) async throws {
        try await translating(user) { try await HtpasswdFile.removeUser(user, at: file) }
    }

    /// The users in the file; none when there is no file yet.
    public func users() async throws -> [String] {
        do {
            return try await HtpasswdFile.listUsers(at: file)
        } catch let error as HtpasswdError where error.code == .fileNotFound {
            return []
        }
    }

    /// The file's errors in `AccountError` terms where one applies; others (I/O, a damaged
    /// file) pass through and become 500s with the details in the log.
    private func translating(_ user: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as HtpasswdError {
            switch error.code {
            case .userExists: throw AccountError.exists(user)
            case .userNotFound, .fileNotFound: throw AccountError.notFound(user)
            case .invalidUserName: throw AccountError.invalidName(user)
            default: throw error
            }
        }
    }
}
