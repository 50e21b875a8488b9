import DAVCore

/// Password accounts whose changes end cached logins at once.
///
/// Wraps the accounts the admin API manages: after a password change or a deletion it tells
/// the `CachingAuthenticator` to forget that user's cached logins, so the old password stops
/// working on the next request rather than up to `cache_seconds` later.
public struct CacheClearingAccounts: PasswordAccounts {
    public let inner: any PasswordAccounts
    public let cache: CachingAuthenticator

    public init(wrapping inner: any PasswordAccounts, cache: CachingAuthenticator) {
        self.inner = inner
        self.cache = cache
    }

    public func create(user: String, password: String) async throws {
        try await inner.create(user: user, password: password)
    }

    public func setPassword(user: String, password: String) async throws {
        try await inner.setPassword(user: user, password: password)
        cache.forget(user: user)
    }

    public func delete(user: String) async throws {
        try await inner.delete(user: user)
        cache.forget(user: user)
    }

    public func users() async throws -> [String] { try await inner.users() }
}
