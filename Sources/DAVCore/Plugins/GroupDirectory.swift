/// Which groups exist and who is in them (RFC 3744 §4: group principals with
/// `group-member-set`). Rights plugins grant to groups through `Principal.groups`, which the
/// server fills from this directory after authentication.
///
/// ## Implementation requirements
/// - Group names follow the same rules as user names; a group and a user never share a name.
/// - Cheap to call: it is asked once per authenticated request (cache if needed, but a change
///   must be visible within a few seconds, also to other instances).
public protocol GroupDirectory: Sendable {
    /// The groups `user` is a direct member of.
    func groups(of user: String) async throws -> Set<String>
    /// The members of `group`, or `nil` when there is no such group.
    func members(of group: String) async throws -> [String]?
    /// What `groups(of:)` would answer, when that is known without waiting (from a cache);
    /// `nil` otherwise. Called on an event loop: must not block or suspend. The default answers
    /// `nil`.
    func cachedGroups(of user: String) -> Set<String>?
}

extension GroupDirectory {
    public func cachedGroups(of user: String) -> Set<String>? { nil }
}

/// Password accounts that can be managed while the server runs (admin API, `pocketdav user`).
/// Implemented by the htpasswd file and by the trust-on-first-use account store.
///
/// ## Implementation requirements
/// - `create` fails with `AccountError.exists` when the name is taken, `setPassword` and
///   `delete` with `AccountError.notFound` when it is not.
/// - Store only slow salted hashes; never log passwords.
public protocol PasswordAccounts: Sendable {
    func create(user: String, password: String) async throws
    func setPassword(user: String, password: String) async throws
    func delete(user: String) async throws
    func users() async throws -> [String]
}

/// Failures of account and group management, mapped to 404/409/400 by the admin API.
public enum AccountError: Error, Sendable, Equatable, CustomStringConvertible {
    case exists(String)
    case notFound(String)
    case invalidName(String)

    public var description: String {
        switch self {
        case .exists(let name): "'\(name)' already exists"
        case .notFound(let name): "'\(name)' does not exist"
        case .invalidName(let name): "'\(name)' is not a valid name"
        }
    }
}
