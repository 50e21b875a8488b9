import DAVCore
import FoundationEssentials

/// Creates, lists and revokes API keys in an `AccountStore` (records of kind `.apiKey`), for the
/// `pocketdav apikey` commands and the admin API.
///
/// A running server notices a change within `APIKeyAuthenticator.Configuration.refreshInterval`
/// (also when the change was made by another process on the same storage).
public struct APIKeys: Sendable {
    public let store: any AccountStore

    public init(store: any AccountStore) { self.store = store }

    /// Stores a new key and returns it. The key is in no log and nowhere else: show it once.
    ///
    /// - Parameter name: the key's name, following the `UserName` rules (`ci-backup`).
    /// - Throws: `AccountError.invalidName` for a bad key or user name, `AccountError.exists` when
    ///   a key of that name exists.
    public func create(name: String, scope: APIKeyRecord.Scope, readOnly: Bool,
                       now: Date = Date()) async throws -> String {
        try UserName.validate(name)
        if case .user(let user) = scope { try UserName.validate(user) }
        let key = APIKey.generate()
        let value = try APIKeyRecord(digest: APIKey.digest(of: key), scope: scope, readOnly: readOnly, created: now).encoded()
        guard try await store.create(.apiKey, named: name, value: value) else { throw AccountError.exists(name) }
        return key
    }

    /// Every key's name and record, sorted by name. Records that cannot be decoded are left out.
    public func list() async throws -> [(name: String, record: APIKeyRecord)] {
        try await store.records(.apiKey).compactMap { name, bytes in
            (try? APIKeyRecord.decode(bytes)).map { (name, $0) }
        }.sorted { $0.name < $1.name }
    }

    /// Deletes the key `name`.
    ///
    /// - Throws: `AccountError.notFound` when there is none.
    public func revoke(name: String) async throws {
        let previous = try await store.update(.apiKey, named: name) { _ in nil }
        guard previous != nil else { throw AccountError.notFound(name) }
    }
}
