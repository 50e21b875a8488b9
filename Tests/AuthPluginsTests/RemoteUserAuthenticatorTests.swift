import DAVCore
import Testing
@testable import AuthPlugins

private func proxied(_ user: String?, from address: String?, header: String = "x-remote-user") -> Credentials {
    Credentials(headers: user.map { [header: $0] } ?? [:], remoteAddress: address, credentialHeaders: [header])
}

@Suite struct RemoteUserAuthenticatorTests {
    let auth = RemoteUserAuthenticator(configuration: .init(trustedProxies: [PeerAddress("10.0.0.2")!, PeerAddress("::1")!]))

    @Test func theHeaderIsBelievedFromATrustedProxy() async throws {
        #expect(try await auth.authenticate(proxied("alice", from: "10.0.0.2")) == .authenticated(Principal(name: "alice")))
        #expect(try await auth.authenticate(proxied("alice", from: "::ffff:10.0.0.2")) == .authenticated(Principal(name: "alice")))
        #expect(try await auth.authenticate(proxied("alice", from: "0:0:0:0:0:0:0:1")) == .authenticated(Principal(name: "alice")))
        #expect(auth.credentialHeaders == ["x-remote-user"])
    }

    @Test func fromAnyOtherAddressTheHeaderIsIgnored() async throws {
        for address in ["10.0.0.3", "127.0.0.1", "192.0.2.1", "10.0.0.2.evil", "not an address", ""] {
            #expect(try await auth.authenticate(proxied("alice", from: address)) == .notMine, "\(address)")
        }
        #expect(try await auth.authenticate(proxied("alice", from: nil)) == .notMine)
    }

    @Test func withoutTheHeaderItIsNotMine() async throws {
        #expect(try await auth.authenticate(proxied(nil, from: "10.0.0.2")) == .notMine)
        #expect(try await auth.authenticate(proxied("", from: "10.0.0.2")) == .notMine)
        let basic = Credentials(basic: ("alice", "pw"), remoteAddress: "10.0.0.2")
        #expect(try await auth.authenticate(basic) == .notMine)
    }

    @Test func badNamesFromATrustedProxyAreRejected() async throws {
        for bad in ["../alice", "alice/work", ".hidden", "-x", "alice, bob", "al ice", "ａｌｉｃｅ", String(repeating: "a", count: 65)] {
            #expect(try await auth.authenticate(proxied(bad, from: "10.0.0.2")) == .rejected, "\(bad)")
        }
    }

    @Test func theHeaderNameIsConfigurable() async throws {
        let custom = RemoteUserAuthenticator(configuration: .init(header: "X-Auth-Request-User", trustedProxies: [PeerAddress("10.0.0.2")!]))
        #expect(custom.credentialHeaders == ["x-auth-request-user"])
        #expect(try await custom.authenticate(proxied("bob", from: "10.0.0.2", header: "x-auth-request-user"))
                == .authenticated(Principal(name: "bob")))
        #expect(try await custom.authenticate(proxied("bob", from: "10.0.0.2")) == .notMine)
    }
}

@Suite struct PeerAddressTests {
    @Test func spellingsOfOneAddressAreEqual() throws {
        #expect(PeerAddress("127.0.0.1") == PeerAddress("::ffff:127.0.0.1"))
        #expect(PeerAddress("::1") == PeerAddress("[0:0:0:0:0:0:0:1]"))
        #expect(PeerAddress("2001:db8::1") == PeerAddress("2001:DB8:0::1"))
        #expect(PeerAddress("10.0.0.1") != PeerAddress("10.0.0.2"))
        #expect(try #require(PeerAddress("10.1.2.3")).description == "10.1.2.3")
    }

    @Test func loopbackIs127Slash8AndColonColon1() throws {
        for text in ["127.0.0.1", "127.255.0.9", "::1", "::ffff:127.0.0.1"] {
            #expect(try #require(PeerAddress(text)).isLoopback, "\(text)")
        }
        for text in ["128.0.0.1", "10.0.0.1", "::2", "::", "0.0.0.0", "fe80::1", "::127.0.0.1"] {
            #expect(try #require(PeerAddress(text)).isLoopback == false, "\(text)")
        }
    }

    @Test func namesAndGarbageAreNotAddresses() {
        for text in ["localhost", "", "10.0.0", "10.0.0.256", "1.2.3.4:80", "10.0.0.0/8", "fe80::1%eth0", "[::1", "::1]"] {
            #expect(PeerAddress(text) == nil, "\(text)")
        }
    }

    @Test func insecureMeansNoTLSFromANonLoopbackPeer() {
        #expect(Credentials(remoteAddress: "192.0.2.1").isInsecure)
        #expect(Credentials(remoteAddress: nil).isInsecure)
        #expect(!Credentials(remoteAddress: "192.0.2.1", isSecure: true).isInsecure)
        #expect(!Credentials(remoteAddress: "127.0.0.1").isInsecure)
        #expect(!Credentials(remoteAddress: "::1").isInsecure)
    }
}

@Suite struct TokenBucketAndThrottleTests {
    @Test func theBucketStartsFullAndRefillsSteadily() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(capacity: 3, per: .seconds(3600), now: start)
        var taken: [Bool] = []
        for offset in [0, 0, 0, 0, 1199, 1200, 1200] { taken.append(bucket.take(now: start + .seconds(offset))) }
        // Full at the start; then one token back every 1200 s.
        #expect(taken == [true, true, true, false, false, true, false])
        // Refill stops at the capacity.
        let later = start + .seconds(100_000)
        taken = (0..<5).map { _ in bucket.take(now: later) }
        #expect(taken == [true, true, true, false, false])
        var closed = TokenBucket(capacity: 0, per: .seconds(3600), now: start)
        let any = closed.take(now: start + .seconds(100_000))
        #expect(!any)
    }

    @Test func aSubjectIsWarnedAboutOncePerInterval() {
        let throttle = WarningThrottle(interval: .seconds(60), capacity: 2)
        let t = ContinuousClock.now
        #expect(throttle.shouldWarn(about: "a", now: t))
        #expect(!throttle.shouldWarn(about: "a", now: t + .seconds(59)))
        #expect(throttle.shouldWarn(about: "b", now: t + .seconds(1)))
        #expect(throttle.shouldWarn(about: "a", now: t + .seconds(60)))
        // Full: forgetting is allowed, staying silent for a new subject is not.
        #expect(throttle.shouldWarn(about: "c", now: t + .seconds(61)))
    }
}
