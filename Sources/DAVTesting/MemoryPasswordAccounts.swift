import DAVCore
import Synchronization

/// Password accounts in memory that also authenticate, so a test sees at once what the admin
/// API changed. Passwords are kept in clear: for tests only.
public final class MemoryPasswordAccounts: PasswordAccounts, Authenticator {
    private let passwords: Mutex<[String: String]>

    public init(_ passwords: [String: String] = [:]) { self.passwords = Mutex(passwords) }

    public func create(user: String, password: String) async throws {
        try passwords.withLock { all in
            guard all[user] == nil else { throw AccountError.exists(user) }
            all[user] = password
        }
    }

    public func setPassword(user: String, password: String) async throws {
        try passwords.withLock { all in
            guard all[user] != nil else { throw AccountError.notFound(user) }
            all[user] = password
        }
    }

    public func delete(user: String) async throws {
        try passwords.withLock { all in
            guard all.removeValue(forKey: user) != nil else { throw AccountError.notFound(user) }
        }
    }

    public func users() async throws -> [String] { passwords.withLock { $0.keys.sorted() } }

    public func authenticate(_ credentials: Credentials) async throws -> AuthResult {
        guard let basic = credentials.basic, let expected = passwords.withLock({ $0[basic.username] }) else { return .notMine }
        return expected == basic.password ? .authenticated(Principal(name: basic.username)) : .rejected
    }
}
