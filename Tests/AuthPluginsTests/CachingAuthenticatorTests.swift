import DAVCore
import DAVTesting
import Synchronization
import Testing
@testable import AuthPlugins

private func basic(_ user: String, _ password: String) -> Credentials {
    Credentials(basic: (username: user, password: password))
}

/// Knows some users and passwords; counts its calls; can pretend each check takes time.
private final class StubAuthenticator: Authenticator {
    let passwords: [String: String]
    let clock: TestClock?
    let checkDuration: Duration
    private let counter = Mutex([String: Int]())

    init(passwords: [String: String] = ["alice": "pw"], clock: TestClock? = nil, checkDuration: Duration = .zero) {
        self.passwords = passwords
        self.clock = clock
        self.checkDuration = checkDuration
    }

    /// All calls.
    var calls: Int { counter.withLock { $0.values.reduce(0, +) } }
    /// Calls with Basic credentials for `user`.
    func calls(for user: String) -> Int { counter.withLock { $0[user, default: 0] } }

    func authenticate(_ credentials: Credentials) async throws -> AuthResult {
        counter.withLock { $0[credentials.basic?.username ?? "", default: 0] += 1 }
        clock?.advance(by: checkDuration)
        guard let (name, secret) = credentials.basic, let password = passwords[name] else { return .notMine }
        return secret == password ? .authenticated(Principal(name: name)) : .rejected
    }
}

/// Accepts alice/pw after a real 200 ms pause, counting calls.
private final class SlowAuthenticator: Authenticator {
    private let counter = Mutex(0)
    var calls: Int { counter.withLock { $0 } }

    func authenticate(_ credentials: Credentials) async throws -> AuthResult {
        counter.withLock { $0 += 1 }
        try await Task.sleep(for: .milliseconds(200))
        return credentials.basic?.password == "pw" ? .authenticated(Principal(name: "alice")) : .rejected
    }
}

/// Accepts alice with whatever `password` holds now; counts its calls.
private final class ChangeablePassword: Authenticator {
    let password = Mutex("pw")
    private let counter = Mutex(0)
    var calls: Int { counter.withLock { $0 } }

    func authenticate(_ credentials: Credentials) async throws -> AuthResult {
        counter.withLock { $0 += 1 }
        return credentials.basic?.password == password.withLock({ $0 }) ? .authenticated(Principal(name: "alice")) : .rejected
    }
}

/// Answers `.notMine` to everything.
private struct NobodysAuthenticator: Authenticator {
    func authenticate(_ credentials: Credentials) async throws -> AuthResult { .notMine }
}

extension TestClock {
    func wrap(_ inner: any Authenticator, ttl: Duration = .seconds(30), maxEntries: Int = 10_000,
              failureDelay: Duration = .seconds(1)) -> CachingAuthenticator {
        CachingAuthenticator(wrapping: inner, ttl: ttl, maxEntries: maxEntries, failureDelay: failureDelay,
                             now: { self.now }, sleep: { self.sleep($0) })
    }
}

@Suite struct CachingAuthenticatorTests {
    @Test func aRepeatedLoginIsServedFromTheCache() async throws {
        let clock = TestClock()
        let inner = StubAuthenticator()
        let auth = clock.wrap(inner)
        #expect(try await auth.authenticate(basic("alice", "pw")) == .authenticated(Principal(name: "alice")))
        #expect(try await auth.authenticate(basic("alice", "pw")) == .authenticated(Principal(name: "alice")))
        #expect(inner.calls == 1)
        #expect(auth.cachedLoginCount == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func forgettingAUserEndsOnlyTheirCachedLogins() async throws {
        let clock = TestClock()
        let inner = StubAuthenticator(passwords: ["alice": "pw", "bob": "pw"])
        let auth = clock.wrap(inner)
        _ = try await auth.authenticate(basic("alice", "pw"))
        _ = try await auth.authenticate(basic("bob", "pw"))
        auth.forget(user: "alice")
        _ = try await auth.authenticate(basic("alice", "pw"))
        _ = try await auth.authenticate(basic("bob", "pw"))
        #expect(inner.calls(for: "alice") == 2)
        #expect(inner.calls(for: "bob") == 1)
    }

    @Test func aPasswordChangeThroughTheAccountsEndsTheCachedLogin() async throws {
        let clock = TestClock()
        let accounts = MemoryPasswordAccounts(["alice": "old"])
        let auth = clock.wrap(accounts)
        #expect(try await auth.authenticate(basic("alice", "old")) == .authenticated(Principal(name: "alice")))
        let managed = CacheClearingAccounts(wrapping: accounts, cache: auth)
        try await managed.setPassword(user: "alice", password: "new")
        #expect(try await auth.authenticate(basic("alice", "old")) != .authenticated(Principal(name: "alice")))
        #expect(try await auth.authenticate(basic("alice", "new")) == .authenticated(Principal(name: "alice")))
        try await managed.delete(user: "alice")
        #expect(try await auth.authenticate(basic("alice", "new")) != .authenticated(Principal(name: "alice")))
    }

    @Test func concurrentLoginsWithTheSameCredentialsShareOneCheck() async throws {
        // A slow inner check (bcrypt) with 16 requests arriving together, as when a client's
        // cache entry expires under load: one check, not sixteen.
        let inner = SlowAuthenticator()
        let auth = CachingAuthenticator(wrapping: inner)
        let results = try await withThrowingTaskGroup(of: AuthResult.self) { group in
            for _ in 0..<16 { group.addTask { try await auth.authenticate(basic("alice", "pw")) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == .authenticated(Principal(name: "alice")) })
        #expect(inner.calls == 1)
    }

    @Test func aWrongPasswordIsNeverServedFromTheCache() async throws {
        let clock = TestClock()
        let inner = StubAuthenticator()
        let auth = clock.wrap(inner)
        _ = try await auth.authenticate(basic("alice", "pw"))
        #expect(try await auth.authenticate(basic("alice", "PW")) == .rejected)
        #expect(try await auth.authenticate(basic("alice", "pw\0")) == .rejected)
        #expect(inner.calls == 3)
    }

    @Test func cachedLoginsExpire() async throws {
        let clock = TestClock()
        let inner = StubAuthenticator()
        let auth = clock.wrap(inner, ttl: .seconds(30))
        _ = try await auth.authenticate(basic("alice", "pw"))
        clock.advance(by: .seconds(14))
        _ = try await auth.authenticate(basic("alice", "pw"))
        #expect(inner.calls == 1)
        // Unused for ten times its time: forgotten, so this request waits for the check.
        clock.advance(by: .seconds(300))
        _ = try await auth.authenticate(basic("alice", "pw"))
        #expect(inner.calls == 2)
    }

    @Test func aLoginUsedAfterAPauseIsAnsweredAtOnceAndCheckedAgain() async throws {
        let clock = TestClock()
        let inner = ChangeablePassword()
        let auth = clock.wrap(inner, ttl: .seconds(30))
        _ = try await auth.authenticate(basic("alice", "pw"))
        // The password changes during the pause: only an answer from the cache can still accept
        // the old one (the documented risk), and the background check then ends it.
        inner.password.withLock { $0 = "new" }
        clock.advance(by: .seconds(120))
        #expect(try await auth.authenticate(basic("alice", "pw")) == .authenticated(Principal(name: "alice")))
        try await eventually { inner.calls == 2 }
        #expect(inner.calls == 2)
        try await eventually { auth.cachedLoginCount == 0 }
        #expect(try await auth.authenticate(basic("alice", "pw")) == .rejected)
    }

    /// Waits (in real time, at most 5 s) until `condition` holds: for background checks.
    private func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test func aLoginUsedInTheSecondHalfOfItsTimeIsCheckedAgainInTheBackground() async throws {
        let clock = TestClock()
        let inner = ChangeablePassword()
        let auth = clock.wrap(inner, ttl: .seconds(30))
        _ = try await auth.authenticate(basic("alice", "pw"))
        clock.advance(by: .seconds(20))
        #expect(try await auth.authenticate(basic("alice", "pw")) == .authenticated(Principal(name: "alice")))
        try await eventually { inner.calls == 2 }
        #expect(inner.calls == 2)
        // Renewed at 20 s: 14 s later it is fresh and answered without a check.
        clock.advance(by: .seconds(14))
        _ = try await auth.authenticate(basic("alice", "pw"))
        #expect(inner.calls == 2)
        // And it is kept until 320 s, not the first login's 300 s: with the password changed,
        // only the renewed entry can still answer at 310 s.
        inner.password.withLock { $0 = "new" }
        clock.advance(by: .seconds(276))
        #expect(try await auth.authenticate(basic("alice", "pw")) == .authenticated(Principal(name: "alice")))
    }

    @Test func aBackgroundCheckThatFailsEndsTheCachedLogin() async throws {
        let clock = TestClock()
        let inner = ChangeablePassword()
        let auth = clock.wrap(inner, ttl: .seconds(30))
        _ = try await auth.authenticate(basic("alice", "pw"))
        inner.password.withLock { $0 = "new" }  // changed outside pocketdav
        clock.advance(by: .seconds(20))
        _ = try await auth.authenticate(basic("alice", "pw"))
        try await eventually { auth.cachedLoginCount == 0 }
        #expect(auth.cachedLoginCount == 0)
        #expect(try await auth.authenticate(basic("alice", "pw")) == .rejected)
    }

    @Test func theCacheIsBounded() async throws {
        let clock = TestClock()
        let inner = StubAuthenticator(passwords: ["u1": "pw", "u2": "pw", "u3": "pw"])
        let auth = clock.wrap(inner, maxEntries: 2)
        for user in ["u1", "u2", "u3"] { _ = try await auth.authenticate(basic(user, "pw")) }
        #expect(auth.cachedLoginCount == 2)
        _ = try await auth.authenticate(basic("u3", "pw"))
        #expect(inner.calls(for: "u3") == 1, "the newest login is still cached")
        _ = try await auth.authenticate(basic("u1", "pw"))
        #expect(inner.calls(for: "u1") == 2, "the oldest login was evicted")
    }

    @Test func failuresTakeTheSameTimeWhateverTheReason() async throws {
        let clock = TestClock()
        let inner = StubAuthenticator(clock: clock, checkDuration: .milliseconds(300))
        let auth = clock.wrap(inner, failureDelay: .seconds(1))

        #expect(try await auth.authenticate(basic("alice", "wrong")) == .rejected)
        #expect(try await auth.authenticate(basic("mallory", "pw")) == .notMine)
        #expect(try await auth.authenticate(Credentials(bearer: "t")) == .notMine)
        // Each failure is padded to 1 s from its start: 300 ms of checking + 700 ms of sleep.
        #expect(clock.sleeps == [.milliseconds(700), .milliseconds(700), .milliseconds(700)])

        _ = try await auth.authenticate(basic("alice", "pw"))
        _ = try await auth.authenticate(Credentials())  // anonymous: nothing was guessed
        #expect(clock.sleeps.count == 3)
    }

    @Test func theDefaultDelayReallyWaits() async throws {
        let auth = CachingAuthenticator(wrapping: NobodysAuthenticator(), failureDelay: .milliseconds(150))
        let started = ContinuousClock.now
        #expect(try await auth.authenticate(basic("alice", "pw")) == .notMine)
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(150))
        #expect(elapsed < .seconds(60))  // only a hang; a loaded CI machine can stall a 150 ms sleep for seconds
    }

    @Test func theDefaultsAreThirtySecondsTenThousandAndOneSecond() {
        let auth = CachingAuthenticator(wrapping: NobodysAuthenticator())
        #expect(auth.ttl == .seconds(30))
        #expect(auth.maxEntries == 10_000)
        #expect(auth.failureDelay == .seconds(1))
    }

    @Test func wrapsAChainWhereNotMinePassesOn() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        try await HtpasswdFile.addUser("alice", password: "pw", at: path, cost: 4)
        let first = StubAuthenticator(passwords: ["someone else": "pw"])
        let htpasswd = try HtpasswdAuthenticator(file: path)
        let clock = TestClock()
        let auth = clock.wrap(AuthenticatorChain([first, htpasswd]))

        #expect(try await auth.authenticate(basic("alice", "pw")) == .authenticated(Principal(name: "alice")))
        #expect(first.calls == 1)
        #expect(try await auth.authenticate(basic("alice", "nope")) == .rejected)
        #expect(try await auth.authenticate(basic("bob", "pw")) == .notMine)
        #expect(clock.sleeps.count == 2)
    }
}

@Suite struct LoginCacheTests {
    private func key(_ n: UInt8) -> LoginCache.Key {
        LoginCache.Key(bytes: [UInt8](repeating: n, count: 32))
    }

    @Test func staleOrderRecordsDoNotEvictLiveEntries() {
        let start = ContinuousClock.now
        var cache = LoginCache(ttl: .seconds(10), capacity: 2)
        cache.insert(Principal(name: "a"), for: key(1), now: start)
        // Stored again later: the first order record for key 1 is now stale.
        cache.insert(Principal(name: "a"), for: key(1), now: start + .seconds(5))
        #expect(cache.entry(key(1), now: start + .seconds(12))?.principal == Principal(name: "a"))
        #expect(cache.entry(key(1), now: start + .seconds(15)) == nil)
        #expect(cache.count == 0)
    }
}
