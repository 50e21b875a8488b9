import DAVCore
import DAVTesting
import RightsPlugins
import Testing

/// The ACL method (RFC 3744 §8.1) and PROPPATCH of `DAV:acl`: parsing, every precondition,
/// and who may change an ACL.
@Suite struct ACLMethodTests {
    typealias B = ACLBodies

    @Test func ownerGrantsAndTheGrantTakesEffect() async throws {
        let s = try await ACLTestServer.make()
        try await s.alice.put("/alice/calendar/a.ics", Payloads.event(uid: "a"))
        try await s.bob.get("/alice/calendar/a.ics", expect: 403)
        let r = try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read"])))
        #expect(r.status == 200)
        try await s.bob.get("/alice/calendar/a.ics")
        // Absolute URIs name the same principal (RFC 3744 §5.5.1 hrefs may be absolute).
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace("<D:href>https://dav.example.org/carol/</D:href>", ["read"])))
        try await s.carol.get("/alice/calendar/a.ics")
        try await s.bob.get("/alice/calendar/a.ics", expect: 403)  // the ACL was replaced, not extended
    }

    @Test func everyUnsupportedRequestGetsItsPrecondition() async throws {
        let s = try await ACLTestServer.make()
        let cases: [(String, Int, QName?)] = [
            (B.acl(B.ace(B.user("bob"), ["read"], deny: true)), 403, .dav("grant-only")),
            (B.acl("<D:ace><D:invert><D:principal><D:href>/bob/</D:href></D:principal></D:invert><D:grant><D:privilege><D:read/></D:privilege></D:grant></D:ace>"),
             403, .dav("no-invert")),
            (B.acl(B.ace(B.user("bob"), ["unlock"])), 403, .dav("not-supported-privilege")),
            (B.acl(B.ace(B.user("bob"), ["read-current-user-privilege-set"])), 403, .dav("not-supported-privilege")),
            (B.acl(B.ace(B.user("nobody"), ["read"])), 403, .dav("recognized-principal")),
            (B.acl(B.ace("<D:href>/principals/bob/</D:href>", ["read"])), 403, .dav("recognized-principal")),
            (B.acl(B.ace("<D:href>/alice/calendar/</D:href>", ["read"])), 403, .dav("recognized-principal")),
            (B.acl(B.ace("<D:href>/..%2Fbob/</D:href>", ["read"])), 403, .dav("recognized-principal")),
            (B.acl(B.ace("<D:self/>", ["read"])), 403, .dav("allowed-principal")),
            (B.acl(B.ace("<D:unauthenticated/>", ["read"])), 403, .dav("allowed-principal")),
            (B.acl(Array(repeating: B.ace(B.user("bob"), ["read"]), count: 257).joined()), 403, .dav("limited-number-of-aces")),
            (B.acl("<D:ace><D:grant><D:privilege><D:read/></D:privilege></D:grant></D:ace>"), 400, nil),
            (B.acl("<D:ace><D:principal><D:all/></D:principal><D:grant/></D:ace>"), 400, nil),
            (B.acl("<D:ace><D:principal><D:all/></D:principal></D:ace>"), 400, nil),
            (#"<D:propfind xmlns:D="DAV:"/>"#, 400, nil),
            ("", 400, nil),
            ("<D:acl", 400, nil),
        ]
        for (body, status, condition) in cases {
            let r = try await s.alice.acl("/alice/calendar/", body, expect: nil)
            #expect(r.status == status, "\(body.prefix(160)) gave \(r.status): \(r.text)")
            if let condition { #expect(r.condition == condition, "\(body.prefix(160)) gave \(r.text)") }
        }
        // Nothing above changed the ACL.
        #expect(try await s.rights.entries(at: ResourcePath(decoding: "/alice/calendar/")).isEmpty)
    }

    @Test func targetsOtherThanACollectionAreRefused() async throws {
        let s = try await ACLTestServer.make()
        try await s.alice.put("/alice/calendar/a.ics", Payloads.event(uid: "a"))
        let body = B.acl(B.ace(B.user("bob"), ["read"]))
        // Objects inherit their collection's ACL: 403, since no retry can succeed.
        let onObject = try await s.alice.acl("/alice/calendar/a.ics", body, expect: 403)
        #expect(onObject.text.contains("/alice/calendar/"))
        try await s.alice.acl("/", body, expect: 403)
        try await s.alice.acl("/alice/missing/", body, expect: 404)
    }

    @Test func onlyWriteACLMayChangeAnACL() async throws {
        let s = try await ACLTestServer.make()
        let body = B.acl(B.ace(B.user("carol"), ["read"]))
        try await s.anonymous.acl("/alice/calendar/", body, expect: 401)
        let r = try await s.bob.acl("/alice/calendar/", body, expect: 403)
        #expect(r.condition == .dav("need-privileges"))
        // A read-write share is not the right to re-share.
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read", "write"])))
        try await s.bob.acl("/alice/calendar/", body, expect: 403)
        // Probing for user names needs write-acl too: the unknown principal is not reported.
        let probe = try await s.bob.acl("/alice/calendar/", B.acl(B.ace(B.user("nobody"), ["read"])), expect: 403)
        #expect(probe.condition == .dav("need-privileges"))
        // A granted write-acl is enough.
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read", "write-acl"])))
        try await s.bob.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read", "write-acl"]), B.ace(B.user("carol"), ["read"])))
        try await s.carol.propfind("/alice/calendar/")
    }

    @Test func proppatchOfACLNeedsWriteACLNotWriteProperties() async throws {
        let s = try await ACLTestServer.make()
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read", "write-properties"])))
        let rename = #"<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:displayname>Ours</D:displayname></D:prop></D:set></D:propertyupdate>"#
        let renamed = try await s.bob.request("PROPPATCH", "/alice/calendar/", body: rename).expect(207).multistatus()
        #expect(renamed["/alice/calendar/"]?.status(of: .dav("displayname")) == 200)
        let r = try await s.bob.request("PROPPATCH", "/alice/calendar/", body: B.proppatch(B.ace(B.user("bob"), ["all"]))).expect(403)
        #expect(r.condition == .dav("need-privileges"))
        try await s.bob.put("/alice/calendar/x.ics", Payloads.event(uid: "x"), expect: 403)
    }

    @Test func proppatchOfACLWorksLikeTheACLMethod() async throws {
        let s = try await ACLTestServer.make()
        let ms = try await s.alice.request("PROPPATCH", "/alice/calendar/",
                                           body: B.proppatch(B.ace(B.user("alice"), ["all"]), B.ace("<D:all/>", ["read"])))
            .expect(207).multistatus()
        #expect(ms["/alice/calendar/"]?.status(of: .dav("acl")) == 200)
        try await s.anonymous.get("/alice/calendar/")
        // The same preconditions apply.
        let denied = try await s.alice.request("PROPPATCH", "/alice/calendar/", body: B.proppatch(B.ace("<D:all/>", ["read"], deny: true)))
            .expect(403)
        #expect(denied.condition == .dav("grant-only"))
        // Mixed with other properties it cannot be all-or-nothing: nothing is applied.
        let mixed = try await s.alice.request("PROPPATCH", "/alice/calendar/",
                                              body: B.proppatch(extra: "<D:displayname>Public</D:displayname>")).expect(207).multistatus()
        #expect(mixed["/alice/calendar/"]?.status(of: .dav("acl")) == 409)
        #expect(mixed["/alice/calendar/"]?.status(of: .dav("displayname")) == 424)
        try await s.anonymous.get("/alice/calendar/")
        // Removing DAV:acl makes the calendar private again.
        let remove = #"<D:propertyupdate xmlns:D="DAV:"><D:remove><D:prop><D:acl/></D:prop></D:remove></D:propertyupdate>"#
        try await s.alice.request("PROPPATCH", "/alice/calendar/", body: remove).expect(207)
        try await s.anonymous.get("/alice/calendar/", expect: 401)
    }

    @Test func theInternalACLPropertyIsNeitherReadableNorWritable() async throws {
        let s = try await ACLTestServer.make()
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read"])))
        let stored = QName(Namespace.pocketdavInternal, "acl")
        let forge = #"<D:propertyupdate xmlns:D="DAV:" xmlns:P="http://pocketdav.org/ns/internal"><D:set><D:prop><P:acl>[{"grantee":"all","privileges":["{DAV:}all"]}]</P:acl></D:prop></D:set></D:propertyupdate>"#
        let ms = try await s.alice.request("PROPPATCH", "/alice/calendar/", body: forge).expect(207).multistatus()
        #expect(ms["/alice/calendar/"]?.status(of: stored) == 403)
        let mkcol = #"<D:mkcol xmlns:D="DAV:" xmlns:P="http://pocketdav.org/ns/internal"><D:set><D:prop><P:acl>[{"grantee":"all","privileges":["{DAV:}all"]}]</P:acl></D:prop></D:set></D:mkcol>"#
        try await s.alice.mkcol("/alice/forged/", body: mkcol, expect: 403)
        try await s.anonymous.get("/alice/calendar/", expect: 401)
        for body in [#"<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>"#, #"<D:propfind xmlns:D="DAV:"><D:propname/></D:propfind>"#] {
            let r = try await s.alice.propfind("/alice/calendar/", body: body)
            #expect(!r.text.contains(Namespace.pocketdavInternal), "\(body) leaked the stored ACL: \(r.text)")
        }
        let byName = try await s.alice.propfind("/alice/calendar/", props: [stored]).multistatus()
        #expect(byName["/alice/calendar/"]?.status(of: stored) == 404)
    }

    @Test func withoutACLSupportTheMethodIs405() async throws {
        let client = TestServer.alice()
        let r = try await client.acl("/alice/calendar/", B.acl(B.ace("<D:all/>", ["read"])), expect: 405)
        #expect(r.header("Allow")?.contains("ACL") == false)
        #expect(r.header("DAV")?.contains("access-control") == false)
        // DAV:acl stays a protected property there.
        let ms = try await client.request("PROPPATCH", "/alice/calendar/", body: B.proppatch(B.ace("<D:all/>", ["read"]))).expect(207).multistatus()
        #expect(ms["/alice/calendar/"]?.status(of: .dav("acl")) == 403)
        try await client.as(nil).get("/alice/calendar/", expect: 401)
    }
}
