import AuthPlugins
import DAVCore
import Testing

/// `HtpasswdAccounts`: the admin API's view of an htpasswd file.
@Suite struct HtpasswdAccountsTests {
    @Test func createSetPasswordDeleteThroughTheFile() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.path + "/users"
        let accounts = HtpasswdAccounts(file: file, cost: 4)
        #expect(try await accounts.users() == [], "no file yet means no users")
        try await accounts.create(user: "alice", password: "first")
        let auth = try HtpasswdAuthenticator(configuration: .init(file: file, reloadCheckInterval: .zero))
        #expect(try await auth.authenticate(Credentials(basic: ("alice", "first"))) == .authenticated(Principal(name: "alice")))
        try await accounts.setPassword(user: "alice", password: "second")
        #expect(try await auth.authenticate(Credentials(basic: ("alice", "second"))) == .authenticated(Principal(name: "alice")))
        #expect(try await auth.authenticate(Credentials(basic: ("alice", "first"))) == .rejected)
        try await accounts.create(user: "bob", password: "b")
        #expect(try await accounts.users() == ["alice", "bob"])
        try await accounts.delete(user: "alice")
        #expect(try await accounts.users() == ["bob"])
        #expect(try await auth.authenticate(Credentials(basic: ("alice", "second"))) == .notMine)
    }

    @Test func errorsAreAccountErrors() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let accounts = HtpasswdAccounts(file: dir.path + "/users", cost: 4)
        await #expect(throws: AccountError.notFound("ghost")) { try await accounts.setPassword(user: "ghost", password: "x") }
        try await accounts.create(user: "alice", password: "a")
        await #expect(throws: AccountError.exists("alice")) { try await accounts.create(user: "alice", password: "b") }
        await #expect(throws: AccountError.notFound("ghost")) { try await accounts.delete(user: "ghost") }
        await #expect(throws: AccountError.invalidName("-x")) { try await accounts.create(user: "-x", password: "b") }
        await #expect(throws: AccountError.invalidName("a:b")) { try await accounts.create(user: "a:b", password: "b") }
    }
}
