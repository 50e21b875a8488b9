import DAVCore
import DAVTesting
import RightsPlugins
import Testing

/// What each kind of grant lets a request do, through the whole pipeline.
@Suite struct ACLGrantTests {
    typealias B = ACLBodies

    static func withEvent() async throws -> ACLTestServer {
        let s = try await ACLTestServer.make()
        try await s.alice.put("/alice/calendar/a.ics", Payloads.event(uid: "a", summary: "Shared"))
        return s
    }

    @Test func readOnlyGrantReadsButCannotWrite() async throws {
        let s = try await Self.withEvent()
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read"])))
        #expect(try await s.bob.get("/alice/calendar/a.ics").text.contains("SUMMARY:Shared"))
        try await s.bob.propfind("/alice/calendar/", depth: "1")
        try await s.bob.report("/alice/calendar/", Payloads.multiget(["/alice/calendar/a.ics"]))
        try await s.bob.put("/alice/calendar/b.ics", Payloads.event(uid: "b"), expect: 403)
        try await s.bob.put("/alice/calendar/a.ics", Payloads.event(uid: "a", summary: "Changed"), expect: 403)
        try await s.bob.delete("/alice/calendar/a.ics", expect: 403)
        // The grant is for the calendar, not for the rest of alice's space.
        try await s.bob.get("/alice/contacts/", expect: 403)
        try await s.bob.propfind("/alice/", expect: 403)
        try await s.carol.get("/alice/calendar/a.ics", expect: 403)
    }

    @Test func readWriteGrantWritesButCannotDeleteTheCalendar() async throws {
        let s = try await Self.withEvent()
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read", "write"])))
        try await s.bob.put("/alice/calendar/b.ics", Payloads.event(uid: "b"))
        try await s.bob.put("/alice/calendar/a.ics", Payloads.event(uid: "a", summary: "Changed"), expect: 204)
        try await s.bob.delete("/alice/calendar/b.ics")
        try await s.bob.delete("/alice/calendar/", expect: 403)  // unbind on /alice/ is alice's
        try await s.bob.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["all"])), expect: 403)
        #expect(try await s.alice.get("/alice/calendar/a.ics").text.contains("SUMMARY:Changed"))
    }

    @Test func groupGrantReachesMembersOnly() async throws {
        let s = try await Self.withEvent()
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("staff"), ["read"])))
        try await s.bob.get("/alice/calendar/a.ics")  // bob is in staff
        try await s.carol.get("/alice/calendar/a.ics", expect: 403)
    }

    @Test func authenticatedGrantReachesEveryUserButNotAnonymous() async throws {
        let s = try await Self.withEvent()
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace("<D:authenticated/>", ["read"])))
        try await s.carol.get("/alice/calendar/a.ics")
        try await s.client("dave").get("/alice/calendar/a.ics")
        try await s.anonymous.get("/alice/calendar/a.ics", expect: 401)
    }

    @Test func publicCalendarIsReadableAnonymouslyAndNotWritable() async throws {
        let s = try await Self.withEvent()
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace("<D:all/>", ["read"])))
        let anonymous = s.anonymous
        #expect(try await anonymous.get("/alice/calendar/a.ics").text.contains("SUMMARY:Shared"))
        // The subscription URL: the whole calendar as one iCalendar stream.
        let feed = try await anonymous.get("/alice/calendar/")
        #expect(feed.header("Content-Type")?.hasPrefix("text/calendar") == true)
        #expect(feed.text.contains("BEGIN:VCALENDAR") && feed.text.contains("SUMMARY:Shared"))
        let listing = try await anonymous.propfind("/alice/calendar/", depth: "1", props: [.dav("getetag")]).multistatus()
        #expect(listing["/alice/calendar/a.ics"]?.ok(.dav("getetag")) != nil)
        let multiget = try await anonymous.report("/alice/calendar/", Payloads.multiget(["/alice/calendar/a.ics"])).multistatus()
        #expect(multiget["/alice/calendar/a.ics"]?.ok(.caldav("calendar-data"))?.text.contains("SUMMARY:Shared") == true)
        // Writing needs credentials: 401, so a client with a password can retry.
        try await anonymous.put("/alice/calendar/evil.ics", Payloads.event(uid: "evil"), expect: 401)
        try await anonymous.put("/alice/calendar/a.ics", Payloads.event(uid: "a", summary: "Defaced"), expect: 401)
        try await anonymous.delete("/alice/calendar/a.ics", expect: 401)
        try await anonymous.acl("/alice/calendar/", B.acl(B.ace("<D:all/>", ["all"])), expect: 401)
        try await anonymous.get("/alice/contacts/", expect: 401)
        #expect(try await s.alice.get("/alice/calendar/a.ics").text.contains("SUMMARY:Shared"))
    }

    @Test func grantOnAPlainCollectionCoversWhatIsInside() async throws {
        let s = try await ACLTestServer.make()
        try await s.alice.mkcol("/alice/projects/")
        try await s.alice.mkcalendar("/alice/projects/launch/")
        try await s.alice.put("/alice/projects/launch/e.ics", Payloads.event(uid: "e"))
        try await s.alice.acl("/alice/projects/", B.acl(B.ace(B.user("bob"), ["read"])))
        try await s.bob.get("/alice/projects/launch/e.ics")
        try await s.bob.put("/alice/projects/launch/f.ics", Payloads.event(uid: "f"), expect: 403)
        // A grant lower down adds to the inherited one.
        try await s.alice.acl("/alice/projects/launch/", B.acl(B.ace(B.user("bob"), ["write-content", "bind"])))
        try await s.bob.put("/alice/projects/launch/f.ics", Payloads.event(uid: "f"))
    }

    @Test func revokingTakesEffectAtOnce() async throws {
        let s = try await Self.withEvent()
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read"])))
        try await s.bob.get("/alice/calendar/a.ics")
        try await s.alice.acl("/alice/calendar/", B.acl())
        try await s.bob.get("/alice/calendar/a.ics", expect: 403)
    }

    /// A calendar made again where a shared one was deleted or moved away starts without the old
    /// grants, at once (not after the cache's few seconds).
    @Test func aCalendarMadeAgainWhereASharedOneWasDoesNotInheritItsGrants() async throws {
        let s = try await Self.withEvent()
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read"])))
        try await s.bob.propfind("/alice/calendar/", depth: "1")
        try await s.alice.delete("/alice/calendar/")
        try await s.alice.mkcalendar("/alice/calendar/")
        try await s.alice.put("/alice/calendar/private.ics", Payloads.event(uid: "p", summary: "Private"))
        try await s.bob.get("/alice/calendar/private.ics", expect: 403)
        try await s.bob.propfind("/alice/calendar/", depth: "1", expect: 403)

        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["read"])))
        try await s.bob.get("/alice/calendar/private.ics")
        let move = await s.alice.request("MOVE", "/alice/calendar/", headers: ["Destination": "/alice/moved/"])
        #expect(move.status == 201)
        try await s.alice.mkcalendar("/alice/calendar/")
        try await s.alice.put("/alice/calendar/second.ics", Payloads.event(uid: "s", summary: "Second"))
        try await s.bob.get("/alice/calendar/second.ics", expect: 403)
        // The grant went along with the moved calendar (documented in docs/rights.md).
        try await s.bob.get("/alice/moved/private.ics")
    }

    @Test func fallbackAppliesWhereNoEntryGrants() async throws {
        let s = try await ACLTestServer.make(fallback: .ownerWrite)
        try await s.alice.put("/alice/calendar/a.ics", Payloads.event(uid: "a"))
        try await s.bob.get("/alice/calendar/a.ics")
        try await s.bob.put("/alice/calendar/b.ics", Payloads.event(uid: "b"), expect: 403)
        try await s.anonymous.get("/alice/calendar/a.ics", expect: 401)
        // Entries add to the fallback; they never take it away.
        try await s.alice.acl("/alice/calendar/", B.acl(B.ace(B.user("bob"), ["bind"])))
        try await s.bob.put("/alice/calendar/b.ics", Payloads.event(uid: "b"))
        try await s.bob.get("/alice/calendar/a.ics")
    }

    @Test func aChangeByAnotherInstanceShowsAfterTheCacheTTL() async throws {
        let storage = MemoryStorage()
        let here = try await ACLTestServer.make(cacheTTL: .milliseconds(200), storage: storage)
        let there = ACLRights(storage: storage, shares: nil, cacheTTL: .seconds(60))
        let bob = Principal(name: "bob")
        let calendar = try ResourcePath(decoding: "/alice/calendar/")
        #expect(try await here.rights.permissions(for: bob, at: calendar).isEmpty)  // now cached
        try await there.setEntries([AccessControlEntry(.principal("bob"), .readOnly)], at: calendar)
        #expect(try await there.permissions(for: bob, at: calendar) == .readOnly)  // the writer sees it at once
        #expect(try await here.rights.permissions(for: bob, at: calendar).isEmpty)  // the other still has it cached
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await here.rights.permissions(for: bob, at: calendar) == .readOnly)
    }

    @Test func aDamagedStoredACLGrantsNothing() async throws {
        let s = try await ACLTestServer.make(cacheTTL: .zero)
        let calendar = try ResourcePath(decoding: "/alice/calendar/")
        try await s.storage.setProperties([QName(Namespace.pocketdavInternal, "acl"): PropertyValue(text: "{not json")], at: calendar)
        try await s.bob.get("/alice/calendar/", expect: 403)
        try await s.storage.setProperties([QName(Namespace.pocketdavInternal, "acl"): PropertyValue(
            text: #"[{"grantee":"all","privileges":["{DAV:}read","{DAV:}frobnicate"]}]"#)], at: calendar)
        try await s.anonymous.get("/alice/calendar/", expect: 401)
        try await s.alice.get("/alice/calendar/")
    }
}
