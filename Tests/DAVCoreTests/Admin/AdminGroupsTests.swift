import DAVCore
import DAVTesting
import Testing

/// `/.admin/groups…` through in-process HTTP, and what groups do for the rest of the server:
/// `Principal.groups` and the admin role by group.
@Suite struct AdminGroupsTests {
    @Test func createShowListAndDeleteAGroup() async throws {
        let s = AdminTestServer()
        let created = try await s.root.admin("POST", "/.admin/groups", #"{"name": "staff", "members": ["bob", "alice"]}"#,
                                             expect: 201)
        #expect(created.header("Location") == "/.admin/groups/staff")
        guard case .collection(let home)? = try await s.storage.resource(at: ResourcePath(segments: ["staff"])) else {
            Issue.record("POST /.admin/groups did not create /staff/")
            return
        }
        #expect(home.kind == .plain)
        #expect(try await s.root.admin("GET", "/.admin/groups/staff", expect: 200).text
            == #"{"members":["alice","bob"],"name":"staff"}"# + "\n")
        try await s.root.admin("POST", "/.admin/groups", #"{"name": "empty"}"#, expect: 201)
        #expect(try await s.root.admin("GET", "/.admin/groups", expect: 200).text
            == #"{"groups":[{"members":[],"name":"empty"},{"members":["alice","bob"],"name":"staff"}]}"# + "\n")
        try await s.root.admin("DELETE", "/.admin/groups/staff", expect: 204)
        #expect(try await s.storage.resource(at: ResourcePath(segments: ["staff"])) == nil)
        try await s.root.admin("GET", "/.admin/groups/staff", expect: 404)
        try await s.root.admin("DELETE", "/.admin/groups/staff", expect: 404)
    }

    @Test func groupNamesMustBeFree() async throws {
        let s = AdminTestServer()
        try await s.root.admin("POST", "/.admin/groups", #"{"name": "staff"}"#, expect: 201)
        try await s.root.admin("POST", "/.admin/groups", #"{"name": "staff"}"#, expect: 409)
        try await s.root.admin("POST", "/.admin/groups", #"{"name": "alice"}"#, expect: 409)
        // A user known only by their home (no password account here, e.g. from a proxy header).
        try await s.storage.createCollection(at: ResourcePath(segments: ["proxied"]), kind: .plain, properties: [:])
        try await s.root.admin("POST", "/.admin/groups", #"{"name": "proxied"}"#, expect: 409)
        try await s.root.admin("POST", "/.admin/groups", #"{"name": ".hidden"}"#, expect: 400)
        try await s.root.admin("POST", "/.admin/groups", #"{"name": "team", "members": ["ok", "bad/name"]}"#, expect: 400)
        try await s.root.admin("POST", "/.admin/groups", #"{"members": []}"#, expect: 400)
        #expect(try await s.groups.allMembers().keys.sorted() == ["staff"])
    }

    @Test func changeMembers() async throws {
        let s = AdminTestServer()
        try await s.root.admin("POST", "/.admin/groups", #"{"name": "staff", "members": ["alice"]}"#, expect: 201)
        try await s.root.admin("PUT", "/.admin/groups/staff/members", #"{"members": ["bob", "carol"]}"#, expect: 204)
        #expect(try await s.groups.members(of: "staff") == ["bob", "carol"])
        try await s.root.admin("PUT", "/.admin/groups/staff/members/alice", expect: 204)
        try await s.root.admin("PUT", "/.admin/groups/staff/members/alice", expect: 204)
        #expect(try await s.groups.members(of: "staff") == ["alice", "bob", "carol"])
        try await s.root.admin("DELETE", "/.admin/groups/staff/members/carol", expect: 204)
        try await s.root.admin("DELETE", "/.admin/groups/staff/members/carol", expect: 404)
        #expect(try await s.groups.members(of: "staff") == ["alice", "bob"])
        try await s.root.admin("PUT", "/.admin/groups/nope/members", #"{"members": []}"#, expect: 404)
        try await s.root.admin("PUT", "/.admin/groups/nope/members/alice", expect: 404)
        try await s.root.admin("PUT", "/.admin/groups/staff/members", #"{"members": "alice"}"#, expect: 400)
        try await s.root.admin("PUT", "/.admin/groups/staff/members", #"{"members": ["-x"]}"#, expect: 400)
        try await s.root.admin("PUT", "/.admin/groups/staff/members/-x", expect: 400)
        try await s.root.admin("POST", "/.admin/groups/staff/members/alice", expect: 405)
        try await s.alice.admin("PUT", "/.admin/groups/staff/members/alice", expect: 403)
        #expect(try await s.groups.members(of: "staff") == ["alice", "bob"])
    }

    @Test func membersGetTheGroupInTheirPrincipal() async throws {
        let s = AdminTestServer()
        try await s.alice.propfind("/alice/", expect: 207)
        #expect(s.rights.lastPrincipal == Principal(name: "alice"))
        try await s.root.admin("POST", "/.admin/groups", #"{"name": "staff", "members": ["alice"]}"#, expect: 201)
        try await s.alice.propfind("/alice/", expect: 207)
        #expect(s.rights.lastPrincipal == Principal(name: "alice", groups: ["staff"]), "a change through the API is seen at once")
        try await s.root.admin("DELETE", "/.admin/groups/staff/members/alice", expect: 204)
        try await s.alice.propfind("/alice/", expect: 207)
        #expect(s.rights.lastPrincipal?.groups == [])
    }

    @Test func membersOfTheAdminGroupAreAdmins() async throws {
        let s = AdminTestServer(adminGroup: "admins")
        try await s.bob.admin("GET", "/.admin/users", expect: 403)
        try await s.root.admin("POST", "/.admin/groups", #"{"name": "admins", "members": ["bob"]}"#, expect: 201)
        try await s.bob.admin("GET", "/.admin/users", expect: 200)
        try await s.bob.admin("PUT", "/.admin/users/alice/password", #"{"password": "reset"}"#, expect: 204)
        try await s.alice.as("alice", password: "reset").admin("GET", "/.admin/groups", expect: 403)
    }
}
