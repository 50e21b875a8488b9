import DAVCore
import DAVTesting
import Testing

/// `/.admin/users…` through in-process HTTP: authentication, authorisation, each endpoint's
/// success and its refusals.
@Suite struct AdminUsersTests {
    @Test func everyCallNeedsCredentialsAndTheAdminRole() async throws {
        let s = AdminTestServer()
        let anonymous = try await s.anonymous.admin("GET", "/.admin/users", expect: 401)
        #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Basic realm=") == true)
        try await s.root.as("root", password: "wrong").admin("GET", "/.admin/users", expect: 401)
        try await s.alice.admin("GET", "/.admin/users", expect: 403)
        try await s.alice.admin("POST", "/.admin/users", #"{"name": "eve", "password": "x"}"#, expect: 403)
        try await s.alice.admin("DELETE", "/.admin/users/bob", expect: 403)
        try await s.alice.admin("POST", "/.admin/groups", #"{"name": "mine"}"#, expect: 403)
        #expect(try await s.accounts.users() == ["alice", "bob", "root"], "refused calls changed nothing")
        let listed = try await s.root.admin("GET", "/.admin/users", expect: 200)
        #expect(listed.header("Content-Type") == "application/json")
        #expect(listed.text == #"{"users":["alice","bob","root"]}"# + "\n")
    }

    @Test func createUser() async throws {
        let s = AdminTestServer()
        let created = try await s.root.admin("POST", "/.admin/users", #"{"name": "carol", "password": "pc"}"#, expect: 201)
        #expect(created.header("Location") == "/.admin/users/carol")
        try await s.root.as("carol", password: "pc").propfind("/", expect: 207)
        try await s.root.admin("POST", "/.admin/users", #"{"name": "carol", "password": "other"}"#, expect: 409)
        try await s.root.as("carol", password: "other").propfind("/", expect: 401)
        try await s.root.admin("POST", "/.admin/users", #"{"name": "../x", "password": "p"}"#, expect: 400)
        try await s.root.admin("POST", "/.admin/users", #"{"name": "", "password": "p"}"#, expect: 400)
        try await s.root.admin("POST", "/.admin/users", #"{"name": "dave", "password": ""}"#, expect: 400)
        try await s.root.admin("POST", "/.admin/users", #"{"name": "dave"}"#, expect: 400)
        try await s.root.admin("POST", "/.admin/users", #"{"name": "dave", "password": "p""#, expect: 400)
        try await s.root.admin("POST", "/.admin/users", "not json", expect: 400)
        try await s.root.admin("POST", "/.admin/groups", #"{"name": "staff"}"#, expect: 201)
        try await s.root.admin("POST", "/.admin/users", #"{"name": "staff", "password": "p"}"#, expect: 409)
        #expect(try await s.accounts.users() == ["alice", "bob", "carol", "root"])
    }

    @Test func usersChangeTheirOwnPasswordButNoOneElses() async throws {
        let s = AdminTestServer()
        try await s.alice.admin("PUT", "/.admin/users/alice/password", #"{"password": "new-a"}"#, expect: 204)
        try await s.alice.propfind("/", expect: 401)
        let alice = s.alice.as("alice", password: "new-a")
        try await alice.propfind("/", expect: 207)
        try await alice.admin("PUT", "/.admin/users/bob/password", #"{"password": "owned"}"#, expect: 403)
        try await s.bob.propfind("/", expect: 207)
        try await alice.admin("PUT", "/.admin/users/alice/password", #"{"pass": "x"}"#, expect: 400)
        try await s.root.admin("PUT", "/.admin/users/bob/password", #"{"password": "new-b"}"#, expect: 204)
        try await s.bob.as("bob", password: "new-b").propfind("/", expect: 207)
        try await s.root.admin("PUT", "/.admin/users/ghost/password", #"{"password": "x"}"#, expect: 404)
    }

    @Test func deletingAUserRemovesPasswordCollectionsAndMemberships() async throws {
        let s = AdminTestServer()
        try await s.alice.put("/alice/calendar/ev.ics", Payloads.event(uid: "ev"))
        try await s.root.admin("POST", "/.admin/groups", #"{"name": "staff", "members": ["alice", "bob"]}"#, expect: 201)
        try await s.root.admin("POST", "/.admin/groups", #"{"name": "band", "members": ["alice"]}"#, expect: 201)
        try await s.root.admin("DELETE", "/.admin/users/alice", expect: 204)
        #expect(try await s.storage.resource(at: ResourcePath(segments: ["alice"])) == nil)
        #expect(try await s.groups.members(of: "staff") == ["bob"])
        #expect(try await s.groups.members(of: "band") == [])
        try await s.alice.propfind("/", expect: 401)
        try await s.root.admin("DELETE", "/.admin/users/alice", expect: 404)
        try await s.root.admin("DELETE", "/.admin/users/staff", expect: 409)
        #expect(try await s.storage.resource(at: ResourcePath(segments: ["staff"])) != nil, "a group's collection stays")
    }

    @Test func aRecreatedUserGetsAFreshHome() async throws {
        let s = AdminTestServer()
        try await s.alice.put("/alice/calendar/ev.ics", Payloads.event(uid: "ev"))
        try await s.root.admin("DELETE", "/.admin/users/alice", expect: 204)
        try await s.root.admin("POST", "/.admin/users", #"{"name": "alice", "password": "again"}"#, expect: 201)
        let alice = s.alice.as("alice", password: "again")
        try await alice.propfind("/alice/", expect: 207)
        try await alice.get("/alice/calendar/ev.ics", expect: 404)
    }

    @Test func unknownPathsWrongMethodsAndBadNames() async throws {
        let s = AdminTestServer()
        try await s.root.admin("GET", "/.admin", expect: 404)
        try await s.root.admin("GET", "/.admin/", expect: 404)
        try await s.root.admin("GET", "/.admin/nothing", expect: 404)
        try await s.root.admin("GET", "/.admin/users/alice/password/more", expect: 404)
        let wrong = try await s.root.admin("DELETE", "/.admin/users", expect: 405)
        #expect(wrong.header("Allow") == "GET, POST")
        try await s.root.admin("GET", "/.admin/users/alice/password", expect: 405)
        try await s.root.admin("PROPFIND", "/.admin/groups", expect: 405)
        try await s.root.admin("DELETE", "/.admin/users/%2e%2e", expect: 400)
        try await s.root.admin("DELETE", "/.admin/users/a%2Fb", expect: 400)
        try await s.root.admin("DELETE", "/.admin/users/%zz", expect: 400)
        try await s.root.admin("GET", "/.admin/users/", expect: 200)
    }

    @Test func aDisabledAdminAPIIsNotThere() async throws {
        let s = AdminTestServer(adminEnabled: false)
        try await s.root.admin("GET", "/.admin/users", expect: 404)
        try await s.anonymous.admin("GET", "/.admin/users", expect: 404)
    }
}
