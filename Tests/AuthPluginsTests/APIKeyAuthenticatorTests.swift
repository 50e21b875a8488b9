import DAVCore
import DAVTesting
import FoundationEssentials
import Testing
@testable import AuthPlugins

private func withKey(_ key: String, header: String = "x-api-key", extra: [String: String] = [:],
                     from address: String? = "127.0.0.1", secure: Bool = false) -> Credentials {
    Credentials(headers: extra.merging([header: key]) { $1 }, remoteAddress: address, isSecure: secure,
                credentialHeaders: [header])
}

private func principal(_ result: AuthResult) -> Principal? {
    if case .authenticated(let p) = result { return p }
    return nil
}

@Suite struct APIKeyAuthenticatorTests {
    let store = MemoryAccountStore()
    let clock = TestClock()
    var keys: APIKeys { APIKeys(store: store) }

    func authenticator(_ configuration: APIKeyAuthenticator.Configuration = .init()) -> APIKeyAuthenticator {
        APIKeyAuthenticator(configuration: configuration, store: store, now: { [clock] in clock.now })
    }

    @Test func aKeyIsPrefixedRandomBase64URL() {
        let a = APIKey.generate(), b = APIKey.generate()
        #expect(a.hasPrefix("pdk_") && a.count == 47)
        #expect(APIKey.looksLikeKey(a) && APIKey.looksLikeKey(b))
        #expect(a != b)
        #expect(!APIKey.looksLikeKey("pdk_short"))
        #expect(!APIKey.looksLikeKey("pdk_" + String(repeating: "+", count: 43)))
        #expect(APIKey.base64URL([0xFB, 0xFF]) == "-_8")
        #expect(APIKey.base64URL(Array("any carnal pleas".utf8)) == "YW55IGNhcm5hbCBwbGVhcw")
    }

    @Test func onlyTheHashIsStored() async throws {
        let key = try await keys.create(name: "backup", scope: .user("alice"), readOnly: false)
        let stored = try #require(try await store.record(.apiKey, named: "backup"))
        let text = String(decoding: stored, as: UTF8.self)
        #expect(!text.contains(key) && !text.contains(String(key.dropFirst(4))))
        let record = try APIKeyRecord.decode(stored)
        #expect(record.digest == APIKey.digest(of: key))
        #expect(record.scope == .user("alice") && !record.readOnly)
        let listed = try await keys.list()
        #expect(listed.map(\.name) == ["backup"])
    }

    @Test func theRightKeyActsAsItsUserInTheHeaderOrAsBearer() async throws {
        let key = try await keys.create(name: "phone", scope: .user("alice"), readOnly: false)
        let auth = authenticator()
        #expect(try await auth.authenticate(withKey(key)) == .authenticated(Principal(name: "alice", isDelegated: true)))
        let bearer = Credentials(bearer: key, remoteAddress: "127.0.0.1")
        #expect(try await auth.authenticate(bearer) == .authenticated(Principal(name: "alice", isDelegated: true)))
        let custom = authenticator(.init(header: "X-Token"))
        #expect(try await custom.authenticate(withKey(key, header: "x-token")) == .authenticated(Principal(name: "alice", isDelegated: true)))
        #expect(custom.credentialHeaders == ["x-token"])
    }

    @Test func aWrongKeyIsRejectedAndOtherTokensAreNotMine() async throws {
        _ = try await keys.create(name: "phone", scope: .user("alice"), readOnly: false)
        let auth = authenticator()
        #expect(try await auth.authenticate(withKey(APIKey.generate())) == .rejected)
        #expect(try await auth.authenticate(withKey("hunter2")) == .rejected)
        #expect(try await auth.authenticate(Credentials(bearer: "eyJhbGciOi.something", remoteAddress: "127.0.0.1")) == .notMine)
        #expect(try await auth.authenticate(Credentials(basic: ("alice", "pw"), remoteAddress: "127.0.0.1")) == .notMine)
    }

    @Test func aRevokedKeyStopsWorkingWithinTheRefreshInterval() async throws {
        let key = try await keys.create(name: "phone", scope: .user("alice"), readOnly: false)
        let auth = authenticator(.init(refreshInterval: .seconds(5)))
        #expect(try await auth.authenticate(withKey(key)) == .authenticated(Principal(name: "alice", isDelegated: true)))
        try await keys.revoke(name: "phone")
        clock.advance(by: .seconds(4))
        // Still inside the documented bound: the index answers from memory.
        #expect(try await auth.authenticate(withKey(key)) == .authenticated(Principal(name: "alice", isDelegated: true)))
        clock.advance(by: .seconds(1))
        #expect(try await auth.authenticate(withKey(key)) == .rejected)
        await #expect(throws: AccountError.notFound("phone")) { try await keys.revoke(name: "phone") }
    }

    @Test func aNewKeyWorksWithinASecondButMissesDoNotReloadEveryTime() async throws {
        let auth = authenticator()
        #expect(try await auth.authenticate(withKey(APIKey.generate())) == .rejected)
        let key = try await keys.create(name: "late", scope: .user("bob"), readOnly: false)
        #expect(try await auth.authenticate(withKey(key)) == .rejected)
        clock.advance(by: .seconds(1))
        #expect(try await auth.authenticate(withKey(key)) == .authenticated(Principal(name: "bob", isDelegated: true)))
    }

    @Test func aServiceKeyActsForTheForwardedUserOnlyWithAValidName() async throws {
        let key = try await keys.create(name: "bridge", scope: .service, readOnly: false)
        let auth = authenticator()
        #expect(try await auth.authenticate(withKey(key, extra: ["x-forwarded-user": "carol"]))
                == .authenticated(Principal(name: "carol", isDelegated: true)))
        for bad in ["", "../alice", "alice/work", ".hidden", "alice, bob", "ｅｖｅ", String(repeating: "a", count: 65)] {
            #expect(try await auth.authenticate(withKey(key, extra: ["x-forwarded-user": bad])) == .rejected, "\(bad)")
        }
        #expect(try await auth.authenticate(withKey(key)) == .rejected)
        let custom = authenticator(.init(userHeader: "X-Acting-For"))
        #expect(try await custom.authenticate(withKey(key, extra: ["x-acting-for": "dave", "x-forwarded-user": "carol"]))
                == .authenticated(Principal(name: "dave", isDelegated: true)))
    }

    @Test func aUserKeyIgnoresTheForwardedUserHeader() async throws {
        let key = try await keys.create(name: "phone", scope: .user("alice"), readOnly: false)
        let result = try await authenticator().authenticate(withKey(key, extra: ["x-forwarded-user": "bob"]))
        #expect(result == .authenticated(Principal(name: "alice", isDelegated: true)))
    }

    @Test func aReadOnlyKeyGivesAReadOnlyPrincipal() async throws {
        let key = try await keys.create(name: "viewer", scope: .user("alice"), readOnly: true)
        let p = try #require(principal(try await authenticator().authenticate(withKey(key))))
        #expect(p.name == "alice" && p.isReadOnly)
    }

    @Test func keysAreRefusedOnInsecureRequestsUnlessAllowed() async throws {
        let key = try await keys.create(name: "phone", scope: .user("alice"), readOnly: false)
        let auth = authenticator()
        #expect(try await auth.authenticate(withKey(key, from: "192.0.2.7")) == .rejected)
        #expect(try await auth.authenticate(withKey(key, from: nil)) == .rejected)
        #expect(try await auth.authenticate(withKey(key, from: "192.0.2.7", secure: true)) != .rejected)
        for loopback in ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"] {
            #expect(try await auth.authenticate(withKey(key, from: loopback)) != .rejected, "\(loopback)")
        }
        let lax = authenticator(.init(allowInsecure: true))
        #expect(try await lax.authenticate(withKey(key, from: "192.0.2.7")) == .authenticated(Principal(name: "alice", isDelegated: true)))
    }

    @Test func namesAreCheckedAndUnique() async throws {
        _ = try await keys.create(name: "one", scope: .service, readOnly: true)
        await #expect(throws: AccountError.exists("one")) { _ = try await keys.create(name: "one", scope: .service, readOnly: true) }
        await #expect(throws: AccountError.invalidName("a/b")) { _ = try await keys.create(name: "a/b", scope: .service, readOnly: true) }
        await #expect(throws: AccountError.invalidName("../x")) { _ = try await keys.create(name: "ok", scope: .user("../x"), readOnly: true) }
    }

    @Test func aDamagedRecordIsSkippedAndTheOthersWork() async throws {
        let key = try await keys.create(name: "good", scope: .user("alice"), readOnly: false)
        _ = try await store.create(.apiKey, named: "bad", value: Array("{not json".utf8))
        #expect(try await authenticator().authenticate(withKey(key)) == .authenticated(Principal(name: "alice", isDelegated: true)))
        #expect(try await keys.list().map(\.name) == ["good"])
    }

    @Test func behindTheLoginCacheAWrongKeyIsDelayedAndARevokedKeyIsNotCached() async throws {
        let key = try await keys.create(name: "phone", scope: .user("alice"), readOnly: false)
        let auth = authenticator()
        let cached = CachingAuthenticator(wrapping: AuthenticatorChain([auth]), ttl: .seconds(30), failureDelay: .seconds(1),
                                          now: { [clock] in clock.now }, sleep: { [clock] in clock.sleep($0) })
        #expect(cached.credentialHeaders == ["x-api-key"])
        #expect(try await cached.authenticate(withKey(APIKey.generate())) == .rejected)
        #expect(clock.sleeps == [.seconds(1)])
        #expect(try await cached.authenticate(withKey(key)) == .authenticated(Principal(name: "alice", isDelegated: true)))
        try await keys.revoke(name: "phone")
        clock.advance(by: .seconds(5))
        #expect(try await cached.authenticate(withKey(key)) == .rejected)
        #expect(clock.sleeps.count == 2)
    }
}
