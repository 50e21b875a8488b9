import DAVCore
import DAVTesting
import FoundationEssentials
import Testing
@testable import AuthPlugins

private func login(_ user: String, _ password: String, from address: String? = "127.0.0.1",
                   secure: Bool = false) -> Credentials {
    Credentials(basic: (username: user, password: password), remoteAddress: address, isSecure: secure)
}

@Suite struct TrustOnFirstUseAuthenticatorTests {
    let store = MemoryAccountStore()
    let clock = TestClock()

    /// bcrypt at cost 4 keeps the tests fast; the logic does not depend on the cost.
    func tofu(_ change: (inout TrustOnFirstUseAuthenticator.Configuration) -> Void = { _ in }) throws
        -> TrustOnFirstUseAuthenticator
    {
        var configuration = TrustOnFirstUseAuthenticator.Configuration(bcryptCost: 4)
        change(&configuration)
        return try TrustOnFirstUseAuthenticator(configuration: configuration, store: store, now: { [clock] in clock.now })
    }

    func storedHash(_ user: String) async throws -> String? {
        try await store.record(.account, named: user).map { try PasswordAccountRecord.decode($0).hash }
    }

    @Test func theFirstLoginCreatesTheAccountAndLaterLoginsMustMatch() async throws {
        let auth = try tofu()
        #expect(try await auth.authenticate(login("carol", "first")) == .authenticated(Principal(name: "carol")))
        #expect(try await storedHash("carol")?.hasPrefix("$2b$04$") == true)
        #expect(try await auth.authenticate(login("carol", "second")) == .rejected)
        #expect(try await auth.authenticate(login("carol", "first")) == .authenticated(Principal(name: "carol")))
        #expect(try await auth.users() == ["carol"])
        let raw = String(decoding: try #require(try await store.record(.account, named: "carol")), as: UTF8.self)
        #expect(raw.contains("\"created\"") && raw.contains("\"hash\"") && !raw.contains("first"))
    }

    @Test func concurrentFirstLoginsMakeOneAccountAndOnlyItsPasswordWorks() async throws {
        let auth = try tofu { $0.maxNewAccountsPerHour = 100 }
        let results = try await withThrowingTaskGroup(of: (Int, AuthResult).self) { group in
            for i in 0..<20 { group.addTask { (i, try await auth.authenticate(login("dana", "password-\(i)"))) } }
            return try await group.reduce(into: [Int: AuthResult]()) { $0[$1.0] = $1.1 }
        }
        let winners = results.filter { $0.value == .authenticated(Principal(name: "dana")) }.map(\.key)
        #expect(winners.count == 1)
        #expect(results.values.filter { $0 == .rejected }.count == 19)
        #expect(try await store.records(.account).count == 1)
        let winner = try #require(winners.first)
        for i in 0..<20 {
            let expected: AuthResult = i == winner ? .authenticated(Principal(name: "dana")) : .rejected
            #expect(try await auth.authenticate(login("dana", "password-\(i)")) == expected)
        }
    }

    @Test func namesOutsideThePatternOrTheUserNameRuleAreNotMine() async throws {
        let auth = try tofu { $0.pattern = "[a-z]+" }
        #expect(try await auth.authenticate(login("Bob1", "pw")) == .notMine)
        #expect(try await auth.authenticate(login("bob1", "pw")) == .notMine)  // a full match is required
        let loose = try tofu { $0.pattern = ".*" }
        for bad in ["../etc", "a/b", ".git", "-x", "", "ｅｖｅ", "a b"] {
            #expect(try await loose.authenticate(login(bad, "pw")) == .notMine, "\(bad)")
        }
        #expect(try await store.records(.account).isEmpty)
        #expect(try await auth.authenticate(Credentials(bearer: "token", remoteAddress: "127.0.0.1")) == .notMine)
    }

    @Test func reservedNamesAndGroupNamesCannotBeClaimed() async throws {
        _ = try await store.create(.group, named: "staff", value: Array("{}".utf8))
        let auth = try tofu { $0.reservedNames = ["admin"] }
        #expect(try await auth.authenticate(login("admin", "pw")) == .notMine)
        #expect(try await auth.authenticate(login("staff", "pw")) == .notMine)
        #expect(try await store.records(.account).isEmpty)
        await #expect(throws: AccountError.exists("staff")) { try await auth.create(user: "staff", password: "pw") }
    }

    @Test func newAccountsAreRateLimited() async throws {
        let auth = try tofu { $0.maxNewAccountsPerHour = 2 }
        #expect(try await auth.authenticate(login("u1", "pw")) == .authenticated(Principal(name: "u1")))
        #expect(try await auth.authenticate(login("u2", "pw")) == .authenticated(Principal(name: "u2")))
        #expect(try await auth.authenticate(login("u3", "pw")) == .rejected)
        #expect(try await store.record(.account, named: "u3") == nil)
        // Existing accounts are not limited.
        #expect(try await auth.authenticate(login("u1", "pw")) == .authenticated(Principal(name: "u1")))
        clock.advance(by: .seconds(1800))  // 2 per hour: one token back after half an hour
        #expect(try await auth.authenticate(login("u3", "pw")) == .authenticated(Principal(name: "u3")))
        #expect(try await auth.authenticate(login("u4", "pw")) == .rejected)
    }

    @Test func zeroClosesSignUpButKeepsAccounts() async throws {
        let auth = try tofu { $0.maxNewAccountsPerHour = 0 }
        try await auth.create(user: "erin", password: "pw")
        #expect(try await auth.authenticate(login("erin", "pw")) == .authenticated(Principal(name: "erin")))
        #expect(try await auth.authenticate(login("frank", "pw")) == .rejected)
    }

    @Test func insecureLoginsAreRefusedUnlessAllowed() async throws {
        let auth = try tofu()
        #expect(try await auth.authenticate(login("gina", "pw", from: "198.51.100.4")) == .rejected)
        #expect(try await store.record(.account, named: "gina") == nil)
        #expect(try await auth.authenticate(login("gina", "pw", from: "198.51.100.4", secure: true))
                == .authenticated(Principal(name: "gina")))
        #expect(try await auth.authenticate(login("gina", "pw", from: "198.51.100.4")) == .rejected)
        let lax = try tofu { $0.allowInsecure = true }
        #expect(try await lax.authenticate(login("gina", "pw", from: "198.51.100.4")) == .authenticated(Principal(name: "gina")))
    }

    @Test func emptyOrUnhashablePasswordsCreateNothing() async throws {
        let auth = try tofu()
        #expect(try await auth.authenticate(login("hank", "")) == .rejected)
        #expect(try await auth.authenticate(login("hank", "a\u{0}b")) == .rejected)
        #expect(try await store.record(.account, named: "hank") == nil)
    }

    @Test func argon2HashesAreMadeAndChecked() async throws {
        let auth = try tofu { $0.hash = .argon2 }
        #expect(try await auth.authenticate(login("ivy", "secret")) == .authenticated(Principal(name: "ivy")))
        #expect(try await storedHash("ivy")?.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$") == true)
        #expect(try await auth.authenticate(login("ivy", "wrong")) == .rejected)
        #expect(try await auth.authenticate(login("ivy", "secret")) == .authenticated(Principal(name: "ivy")))
        // Switching the configured hash keeps old hashes working.
        let bcrypt = try tofu()
        #expect(try await bcrypt.authenticate(login("ivy", "secret")) == .authenticated(Principal(name: "ivy")))
        #expect(!Argon2Hash.verify("secret", against: "$2b$04$abcdefghijklmnopqrstuu"))
    }

    @Test func aDamagedRecordRejectsTheLogin() async throws {
        _ = try await store.create(.account, named: "jay", value: Array("garbage".utf8))
        #expect(try await tofu().authenticate(login("jay", "pw")) == .rejected)
    }

    @Test func anInvalidPatternIsAnError() {
        #expect(throws: TrustOnFirstUseAuthenticator.PatternError.self) { _ = try tofu { $0.pattern = "[a-" } }
    }

    @Test func passwordAccountsManageTheSameRecords() async throws {
        let auth = try tofu()
        try await auth.create(user: "kim", password: "one")
        await #expect(throws: AccountError.exists("kim")) { try await auth.create(user: "kim", password: "two") }
        await #expect(throws: AccountError.invalidName("a/b")) { try await auth.create(user: "a/b", password: "x") }
        #expect(try await auth.authenticate(login("kim", "one")) == .authenticated(Principal(name: "kim")))
        try await auth.setPassword(user: "kim", password: "two")
        #expect(try await auth.authenticate(login("kim", "one")) == .rejected)
        #expect(try await auth.authenticate(login("kim", "two")) == .authenticated(Principal(name: "kim")))
        await #expect(throws: AccountError.notFound("lou")) { try await auth.setPassword(user: "lou", password: "x") }
        #expect(try await store.record(.account, named: "lou") == nil)
        try await auth.create(user: "abe", password: "x")
        #expect(try await auth.users() == ["abe", "kim"])
        try await auth.delete(user: "kim")
        await #expect(throws: AccountError.notFound("kim")) { try await auth.delete(user: "kim") }
        #expect(try await auth.users() == ["abe"])
    }
}
