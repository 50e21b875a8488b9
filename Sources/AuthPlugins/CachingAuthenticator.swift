import Crypto
import DAVCore
import Synchronization

/// Wraps an authenticator (normally the whole `AuthenticatorChain`) with a login cache and a
/// constant delay on failure.
///
/// **Cache.** A successful Basic login is remembered; the same user name and password answer at
/// once, without asking the wrapped authenticator (clients send credentials on every request,
/// and a bcrypt check costs ~250 ms). A login older than half of `ttl` is still answered at once
/// but checked again in the background, which renews it, or drops it when the check fails. So a
/// client never waits for bcrypt once it has logged in (before, all its connections stalled
/// together every `ttl`), and a login is never trusted without a check for longer than `ttl`
/// plus the first request after it. Unused logins are forgotten after `keptFor` (10 × `ttl`).
/// The cache key is HMAC-SHA256 of the user name and password under a key drawn at random when
/// this object is created, so neither passwords nor unsalted hashes of them stay in memory. Only successes are
/// cached, so a wrong password is never answered from the cache. Other kinds of credentials
/// (Bearer, API-key and proxy headers) are passed through uncached: those plugins answer from
/// memory, and caching them would keep a revoked key working for `ttl`.
///
/// **Failure delay.** A login that ends `.rejected` or `.notMine` is answered `failureDelay`
/// after it started, whatever the reason (unknown user, wrong password, unsupported credentials)
/// and however long the check took, so an attacker cannot tell unknown users from wrong
/// passwords by timing, and each guess costs at least `failureDelay`. The wait is a `Task.sleep`:
/// it holds no thread. Requests with no credentials at all (a client's first, anonymous try) are
/// passed through without delay: they guess nothing. A request whose only credential is in one
/// of `credentialHeaders` (an API key) is not empty, so a wrong key is delayed like a password. Errors thrown by the wrapped authenticator
/// (500s) are passed through at once.
///
/// Risk of the cache: a password that is changed, or a user who is removed, outside pocketdav
/// (editing the htpasswd file by hand) still works from a client that logged in just before, for
/// up to `ttl`, or, after a pause, for its first request and those arriving while that
/// request's background check runs. Changes through the admin API or `PasswordAccounts`
/// wrapped in `CacheClearingAccounts` take effect at once.
public final class CachingAuthenticator: Authenticator {
    /// The wrapped authenticator.
    public let inner: any Authenticator
    /// How long a successful login is remembered.
    public let ttl: Duration
    /// The most logins remembered at once.
    public let maxEntries: Int
    /// How long after it started a failed login is answered.
    public let failureDelay: Duration
    /// HMAC-SHA256 under a key drawn at random, with the key's pads already hashed: each cache
    /// key copies it and hashes only the credentials, half the work of starting from the key.
    /// Unchecked because HMAC and `SymmetricKey` are not `Sendable` in swift-crypto 3; it is
    /// never mutated, and copies are values (copy-on-write hash state).
    nonisolated(unsafe) private let keyedMAC: HMAC<SHA256> = {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return HMAC<SHA256>(key: SymmetricKey(data: bytes))
    }()
    /// How many `ttl`s a login is kept at most (see the type's documentation).
    static let keptForTTLs = 10
    /// How long a login is kept at most: past `ttl` it is still answered, once, while it is checked again.
    public var keptFor: Duration { ttl * Self.keptForTTLs }
    private let cache: Mutex<LoginCache>
    /// Verifications under way, so a burst of requests with the same credentials (a client
    /// opening 16 connections as its cache entry expires) pays for one bcrypt, not sixteen.
    private let inFlight = Mutex<[LoginCache.Key: Task<AuthResult, any Error>]>([:])
    private let now: @Sendable () -> ContinuousClock.Instant
    private let sleep: @Sendable (Duration) async throws -> Void

    /// Wraps `inner`.
    ///
    /// - Parameters:
    ///   - ttl: how long a successful login is remembered (default 30 s); zero turns the cache off.
    ///   - maxEntries: the most logins remembered at once (default 10 000); the oldest is dropped
    ///     when full.
    ///   - failureDelay: how long after it started a failed login is answered (default 1 s).
    ///     Lowering it makes online password guessing cheaper; zero turns the delay off.
    ///   - now: the clock for cache expiry and the failure delay; tests pass a fake one.
    ///   - sleep: how to wait out the failure delay; tests pass one that records and returns.
    public init(wrapping inner: any Authenticator, ttl: Duration = .seconds(30), maxEntries: Int = 10_000,
                failureDelay: Duration = .seconds(1),
                now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.inner = inner
        self.ttl = ttl
        self.maxEntries = maxEntries
        self.failureDelay = failureDelay
        self.cache = Mutex(LoginCache(ttl: ttl * Self.keptForTTLs, capacity: maxEntries))
        self.now = now
        self.sleep = sleep
    }

    public var credentialHeaders: Set<String> { inner.credentialHeaders }

    public func authenticate(_ credentials: Credentials) async throws -> AuthResult {
        if credentials.isEmpty { return try await inner.authenticate(credentials) }

        let started = now()
        let cacheKey = credentials.basic.map { makeCacheKey(username: $0.username, password: $0.password) }
        if let cacheKey, let principal = cachedPrincipal(for: credentials, key: cacheKey, now: started) {
            return .authenticated(principal)
        }

        let result = try await verify(credentials, key: cacheKey)
        switch result {
        case .authenticated(let principal):
            if let cacheKey {
                let finished = now()
                cache.withLock { $0.insert(principal, for: cacheKey, now: finished) }
            }
        case .rejected, .notMine:
            let remaining = failureDelay - (now() - started)
            if remaining > .zero { try await sleep(remaining) }
        }
        return result
    }

    /// A cache hit, answered exactly as `authenticate` answers it (including the background
    /// check of an old login); `nil` for a miss and for credentials other than Basic.
    public func cachedPrincipal(for credentials: Credentials) -> Principal? {
        guard let basic = credentials.basic else { return nil }
        return cachedPrincipal(for: credentials, key: makeCacheKey(username: basic.username, password: basic.password),
                               now: now())
    }

    private func cachedPrincipal(for credentials: Credentials, key: LoginCache.Key,
                                 now started: ContinuousClock.Instant) -> Principal? {
        guard let hit = cache.withLock({ $0.entry(key, now: started) }) else { return nil }
        let age = keptFor - (hit.expires - started)
        if age >= ttl / 2 { refresh(credentials, key: key) }
        return hit.principal
    }

    /// Checks a login that is past half its time again in the background: a client that keeps
    /// sending requests then never waits for bcrypt when its entry would have expired (every
    /// `ttl`, all its connections at once), and a password changed outside pocketdav still ends
    /// the cached login, within `ttl` as before.
    private func refresh(_ credentials: Credentials, key: LoginCache.Key) {
        guard inFlight.withLock({ $0[key] == nil }) else { return }
        Task {
            guard let result = try? await verify(credentials, key: key) else { return }
            let finished = now()
            if case .authenticated(let principal) = result {
                cache.withLock { $0.insert(principal, for: key, now: finished) }
            } else {
                cache.withLock { $0.remove(key) }
            }
        }
    }

    /// Asks the wrapped authenticator, joining a verification of the same credentials that is
    /// already under way.
    private func verify(_ credentials: Credentials, key: LoginCache.Key?) async throws -> AuthResult {
        guard let key else { return try await inner.authenticate(credentials) }
        let inner = self.inner
        let task = inFlight.withLock { running in
            if let task = running[key] { return task }
            let task = Task { try await inner.authenticate(credentials) }
            running[key] = task
            return task
        }
        defer { inFlight.withLock { running in if running[key] == task { running[key] = nil } } }
        return try await task.value
    }

    /// Forgets every cached login of `user`, so a changed password or a deleted account stops
    /// working at once instead of after `ttl` (`CacheClearingAccounts` calls it).
    public func forget(user: String) {
        cache.withLock { $0.removeAll(of: user) }
    }

    /// The number of logins currently cached (for tests and metrics).
    public var cachedLoginCount: Int { cache.withLock { $0.count } }

    private func makeCacheKey(username: String, password: String) -> LoginCache.Key {
        var message: [UInt8] = []
        message.reserveCapacity(8 + username.utf8.count + 1 + password.utf8.count)
        // The length prefix keeps the encoding unambiguous even if a user name contains NUL:
        // ("a\0b", "c") and ("a", "b\0c") must not share a key.
        withUnsafeBytes(of: UInt64(username.utf8.count).bigEndian) { message += $0 }
        message += username.utf8
        message.append(0)
        message += password.utf8
        var mac = keyedMAC
        mac.update(data: message)
        return LoginCache.Key(mac.finalize())
    }
}
