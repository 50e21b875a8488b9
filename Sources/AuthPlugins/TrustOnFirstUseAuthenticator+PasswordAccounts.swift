import DAVCore
import FoundationEssentials

/// The admin API manages trust-on-first-use accounts through the same records. Unlike a first
/// login, it is not bound by `pattern`, the rate limit or the reserved names: an administrator
/// chooses.
extension TrustOnFirstUseAuthenticator: PasswordAccounts {
    public func create(user: String, password: String) async throws {
        try UserName.validate(user)
        // A user and a group never share a name: both would own `/<name>/`.
        guard try await store.record(.group, named: user) == nil else { throw AccountError.exists(user) }
        let value = try PasswordAccountRecord(hash: try await makeHash(password), created: Date()).encoded()
        guard try await store.create(.account, named: user, value: value) else { throw AccountError.exists(user) }
    }

    public func setPassword(user: String, password: String) async throws {
        let hash = try await makeHash(password)
        try await store.update(.account, named: user) { current in
            guard let current else { throw AccountError.notFound(user) }
            // A damaged record is replaced whole: setting a password is how an operator repairs it.
            let created = (try? PasswordAccountRecord.decode(current))?.created ?? Date()
            return try PasswordAccountRecord(hash: hash, created: created).encoded()
        }
    }

    public func delete(user: String) async throws {
        let previous = try await store.update(.account, named: user) { _ in nil }
        guard previous != nil else { throw AccountError.notFound(user) }
    }

    public func users() async throws -> [String] {
        try await store.records(.account).keys.sorted()
    }
}
