import DAVCore
import DAVTesting
import Testing

/// User bob against alice's data, with every method: nothing readable, nothing writable
/// (owner_only), including COPY/MOVE destinations and REPORT hrefs.
@Suite struct RightsTests {
    static func setUp() async throws -> (alice: DAVTestClient, bob: DAVTestClient) {
        let server = TestServer.make()
        let alice = DAVTestClient(server: server, user: "alice", password: "pa")
        let bob = DAVTestClient(server: server, user: "bob", password: "pb")
        try await alice.put("/alice/calendar/secret.ics", Payloads.event(uid: "secret", summary: "Secret"))
        try await bob.put("/bob/calendar/mine.ics", Payloads.event(uid: "mine"))
        return (alice, bob)
    }

    @Test func otherUserCannotReadOrWriteAnything() async throws {
        let (alice, bob) = try await Self.setUp()
        let cases: [(String, String, [String: String], String)] = [
            ("GET", "/alice/calendar/secret.ics", [:], ""),
            ("HEAD", "/alice/calendar/secret.ics", [:], ""),
            ("GET", "/alice/calendar/", [:], ""),
            ("PROPFIND", "/alice/", ["Depth": "1"], ""),
            ("PROPFIND", "/alice/calendar/secret.ics", ["Depth": "0"], ""),
            ("PUT", "/alice/calendar/evil.ics", ["Content-Type": "text/calendar"], Payloads.event(uid: "evil")),
            ("PUT", "/alice/calendar/secret.ics", ["Content-Type": "text/calendar"], Payloads.event(uid: "secret", summary: "Owned")),
            ("DELETE", "/alice/calendar/secret.ics", [:], ""),
            ("DELETE", "/alice/calendar/", [:], ""),
            ("PROPPATCH", "/alice/calendar/", [:], #"<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:displayname>x</D:displayname></D:prop></D:set></D:propertyupdate>"#),
            ("MKCOL", "/alice/evil/", [:], ""),
            ("MKCALENDAR", "/alice/evil/", [:], ""),
            ("REPORT", "/alice/calendar/", ["Depth": "1"], Payloads.syncCollection()),
            ("REPORT", "/alice/calendar/", [:], Payloads.multiget(["/alice/calendar/secret.ics"])),
            ("COPY", "/alice/calendar/secret.ics", ["Destination": "/bob/calendar/stolen.ics"], ""),
            ("MOVE", "/alice/calendar/secret.ics", ["Destination": "/bob/calendar/stolen.ics"], ""),
            ("COPY", "/bob/calendar/mine.ics", ["Destination": "/alice/calendar/planted.ics"], ""),
            ("MOVE", "/bob/calendar/mine.ics", ["Destination": "/alice/calendar/planted.ics"], ""),
            ("MOVE", "/bob/calendar/", ["Destination": "/alice/planted/"], ""),
        ]
        for (method, path, headers, body) in cases {
            let r = await bob.request(method, path, headers: headers, body: body)
            #expect(r.status == 403, "\(method) \(path) gave \(r.status)")
            #expect(!r.text.contains("Secret"), "\(method) \(path) leaked data")
        }
        // Alice's data is untouched and nothing was planted.
        #expect(try await alice.get("/alice/calendar/secret.ics").text.contains("SUMMARY:Secret"))
        try await alice.get("/alice/calendar/planted.ics", expect: 404)
        try await alice.get("/alice/planted/", expect: 404)
        try await bob.get("/bob/calendar/mine.ics")
        try await bob.get("/bob/calendar/stolen.ics", expect: 404)
    }

    @Test func multigetFromOwnCollectionCannotReachIntoAnother() async throws {
        let (_, bob) = try await Self.setUp()
        let ms = try await bob.report("/bob/calendar/", Payloads.multiget(["/alice/calendar/secret.ics", "/bob/calendar/mine.ics"])).multistatus()
        #expect(ms["/alice/calendar/secret.ics"]?.status == 403)
        #expect(ms["/alice/calendar/secret.ics"]?.ok(.caldav("calendar-data")) == nil)
        #expect(ms["/bob/calendar/mine.ics"]?.ok(.caldav("calendar-data")) != nil)
    }

    @Test func rootListingShowsOnlyOwnPrincipal() async throws {
        let (_, bob) = try await Self.setUp()
        let ms = try await bob.propfind("/", depth: "1", props: [.dav("resourcetype")]).multistatus()
        #expect(Set(ms.hrefs) == ["/", "/bob/"])
    }

    @Test func anonymousGets401Everywhere() async throws {
        let (alice, _) = try await Self.setUp()
        let anonymous = alice.as(nil)
        for (method, path) in [("GET", "/alice/calendar/secret.ics"), ("PROPFIND", "/"), ("PUT", "/alice/calendar/x.ics"), ("DELETE", "/alice/")] {
            let r = await anonymous.request(method, path, headers: ["Depth": "0"])
            #expect(r.status == 401, "\(method) \(path)")
        }
    }
}
