import DAVCore
import DAVTesting
import RightsPlugins
import Testing

/// Shared collections in the grantee's home listing, and the RFC 3744 properties.
@Suite struct ACLSharingTests {
    typealias B = ACLBodies
    static let listingProps: [QName] = [.dav("resourcetype"), .dav("current-user-privilege-set"), .dav("owner"), .dav("displayname")]

    @Test func sharedCalendarAppearsInTheHomeAsGrantedAndDisappearsWhenRevoked() async throws {
        let s = try await ACLTestServer.make()
        let before = try await s.bob.propfind("/bob/", depth: "1", props: Self.listingProps).multistatus()
        #expect(before["/alice/calendar/"] == nil)

        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read"])))
        let readOnly = try #require(try await s.bob.propfind("/bob/", depth: "1", props: Self.listingProps).multistatus()["/alice/calendar/"])
        #expect(readOnly.ok(.dav("resourcetype"))?.child(.caldav("calendar")) != nil)
        #expect(readOnly.privileges.contains(.dav("read")))
        #expect(!readOnly.privileges.contains(.dav("write")) && !readOnly.privileges.contains(.dav("write-content")))
        #expect(readOnly.ok(.dav("owner"))?.child(.dav("href"))?.text == "/alice/")

        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read", "write"])))
        let readWrite = try #require(try await s.bob.propfind("/bob/", depth: "1", props: Self.listingProps).multistatus()["/alice/calendar/"])
        #expect(readWrite.privileges.isSuperset(of: [.dav("read"), .dav("write")]))
        #expect(!readWrite.privileges.contains(.dav("write-acl")))

        try await s.alice.acl("/alice/calendar/", B.acl())
        let after = try await s.bob.propfind("/bob/", depth: "1", props: Self.listingProps).multistatus()
        #expect(after["/alice/calendar/"] == nil)
        #expect(after["/bob/calendar/"] != nil)  // bob's own collections are still there
    }

    @Test func groupShareAppearsForMembersOnly() async throws {
        let s = try await ACLTestServer.make()
        try await s.alice.acl("/alice/contacts/", B.acl(B.ace(B.user("staff"), ["read"])))
        #expect(try await s.bob.propfind("/bob/", depth: "1", props: Self.listingProps).multistatus()["/alice/contacts/"] != nil)
        #expect(try await s.carol.propfind("/carol/", depth: "1", props: Self.listingProps).multistatus()["/alice/contacts/"] == nil)
    }

    @Test func publicAndOwnCollectionsAreNotListedAsShares() async throws {
        let s = try await ACLTestServer.make()
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace("<D:all/>", ["read"]), B.ace("<D:authenticated/>", ["read"])))
        #expect(try await s.carol.propfind("/carol/", depth: "1").multistatus()["/alice/calendar/"] == nil)
        // Only the home's owner gets shares appended; others reading a home see its members.
        try await s.alice.acl("/alice/", B.acl(B.ace(B.user("carol"), ["read"])))
        try await s.bob.acl("/bob/calendar/", B.acl(B.ace(B.user("carol"), ["read"])))
        #expect(try await s.carol.propfind("/carol/", depth: "1").multistatus()["/bob/calendar/"] != nil)
        let aliceHome = try await s.carol.propfind("/alice/", depth: "1").multistatus()
        #expect(aliceHome["/alice/calendar/"] != nil && aliceHome["/bob/calendar/"] == nil)
        let own = try await s.alice.propfind("/alice/", depth: "1").multistatus()
        #expect(own.hrefs.filter { $0 == "/alice/calendar/" }.count == 1)
    }

    @Test func aStaleShareIndexShowsNothingTheACLDoesNotGrant() async throws {
        // As if another instance changed the ACL, or a crash came between ACL and index update.
        let s = try await ACLTestServer.make(cacheTTL: .zero)
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read"])))
        try await s.storage.setProperties([QName(Namespace.pocketdavInternal, "acl"): nil], at: ResourcePath(decoding: "/alice/calendar/"))
        let listing = try await s.bob.propfind("/bob/", depth: "1").multistatus()
        #expect(listing["/alice/calendar/"] == nil)
        #expect(listing["/bob/calendar/"] != nil)
    }

    @Test func deletedSharedCollectionLeavesNoListing() async throws {
        let s = try await ACLTestServer.make()
        try await s.alice.mkcalendar("/alice/team/")
        try await s.alice.acl("/alice/team/", B.acl(B.ace(B.user("bob"), ["read"])))
        try await s.alice.delete("/alice/team/")
        #expect(try await s.bob.propfind("/bob/", depth: "1").multistatus()["/alice/team/"] == nil)
    }

    @Test func aclPropertyShowsOwnerFallbackOwnAndInheritedEntries() async throws {
        let s = try await ACLTestServer.make(fallback: .ownerWrite)
        try await s.alice.put("/alice/calendar/a.ics", Payloads.event(uid: "a"))
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read", "write"]), B.ace("<D:all/>", ["read"])))
        let ms = try await s.alice.propfind("/alice/calendar/", props: [.dav("acl"), .dav("acl-restrictions")]).multistatus()
        let aces = try #require(ms["/alice/calendar/"]?.ok(.dav("acl"))).children(.dav("ace"))
        func principal(_ ace: XMLElement) -> String { ace.child(.dav("principal"))?.children.first.map { $0.text.isEmpty ? $0.name.name : $0.text } ?? "" }
        func grants(_ ace: XMLElement) -> Set<QName> { Set(ace.child(.dav("grant"))?.children.compactMap(\.children.first?.name) ?? []) }
        #expect(aces.map(principal) == ["/alice/", "authenticated", "/bob/", "all"])
        #expect(grants(aces[0]) == [.dav("all")] && aces[0].child(.dav("protected")) != nil)
        #expect(grants(aces[1]) == [.dav("read")] && aces[1].child(.dav("protected")) != nil)
        #expect(grants(aces[2]) == [.dav("read"), .dav("write")] && aces[2].child(.dav("protected")) == nil)
        #expect(grants(aces[3]) == [.dav("read")])
        let restrictions = ms["/alice/calendar/"]?.ok(.dav("acl-restrictions"))?.children.map(\.name)
        #expect(restrictions == [.dav("grant-only"), .dav("no-invert")])

        // An object shows its collection's entries as inherited.
        let object = try await s.alice.propfind("/alice/calendar/a.ics", props: [.dav("acl")]).multistatus()
        let inherited = try #require(object["/alice/calendar/a.ics"]?.ok(.dav("acl"))).children(.dav("ace")).filter { $0.child(.dav("inherited")) != nil }
        #expect(inherited.count == 2)
        #expect(inherited.allSatisfy { $0.child(.dav("inherited"))?.child(.dav("href"))?.text == "/alice/calendar/" })
    }

    @Test func aclNeedsReadACLToBeSeen() async throws {
        let s = try await ACLTestServer.make()
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read"])))
        let denied = try await s.bob.propfind("/alice/calendar/", props: [.dav("acl"), .dav("displayname")]).multistatus()
        #expect(denied["/alice/calendar/"]?.status(of: .dav("acl")) == 403)
        #expect(denied["/alice/calendar/"]?.status(of: .dav("displayname")) == 200)
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read", "read-acl"])))
        let allowed = try await s.bob.propfind("/alice/calendar/", props: [.dav("acl")]).multistatus()
        #expect(allowed["/alice/calendar/"]?.ok(.dav("acl")) != nil)
    }

    @Test func supportedPrivilegeSetAndHeadersTellTheTruth() async throws {
        let s = try await ACLTestServer.make()
        let ms = try await s.alice.propfind("/alice/calendar/", props: [.dav("supported-privilege-set"), .dav("principal-collection-set")]).multistatus()
        let root = try #require(ms["/alice/calendar/"]?.ok(.dav("supported-privilege-set"))?.child(.dav("supported-privilege")))
        #expect(root.child(.dav("privilege"))?.children.first?.name == .dav("all"))
        var names: [QName] = []
        func walk(_ e: XMLElement) {
            if let p = e.child(.dav("privilege"))?.children.first?.name { names.append(p) }
            e.children(.dav("supported-privilege")).forEach(walk)
        }
        walk(root)
        // Every advertised privilege is one the ACL method accepts, and the other way round.
        #expect(Set(names) == [.dav("all"), .dav("read"), .caldav("read-free-busy"), .dav("write"), .dav("write-properties"),
                               .dav("write-content"), .dav("bind"), .dav("unbind"), .dav("read-acl"), .dav("write-acl")])
        for name in names { #expect(SupportedPrivileges.permissions(for: name) != nil) }
        #expect(ms["/alice/calendar/"]?.ok(.dav("principal-collection-set"))?.child(.dav("href"))?.text == "/")

        let options = try await s.alice.request("OPTIONS", "/alice/calendar/").expect(200)
        #expect(options.header("DAV")?.contains("access-control") == true)
        #expect(options.header("Allow")?.contains("ACL") == true)
    }

    @Test func groupPrincipalsListTheirMembersAndUsersTheirGroups() async throws {
        // owner_write lets every user read every principal, the group's `/staff/` included.
        let s = try await ACLTestServer.make(fallback: .ownerWrite)
        try await s.storage.createCollection(at: ResourcePath(decoding: "/staff/"), kind: .plain, properties: [:])
        let props: [QName] = [.dav("group-member-set"), .dav("group-membership")]
        let group = try await s.alice.propfind("/staff/", props: props).multistatus()
        #expect(group["/staff/"]?.ok(.dav("group-member-set"))?.children.map(\.text) == ["/bob/"])
        #expect(group["/staff/"]?.ok(.dav("group-membership"))?.children.isEmpty == true)
        let bob = try await s.bob.propfind("/bob/", props: props).multistatus()
        #expect(bob["/bob/"]?.ok(.dav("group-membership"))?.children.map(\.text) == ["/staff/"])
        #expect(bob["/bob/"]?.status(of: .dav("group-member-set")) == 404)
        let carol = try await s.carol.propfind("/carol/", props: props).multistatus()
        #expect(carol["/carol/"]?.ok(.dav("group-membership"))?.children.isEmpty == true)
    }
}
