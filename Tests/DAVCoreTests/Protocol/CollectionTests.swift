import DAVCore
import DAVTesting
import Testing

/// MKCALENDAR, extended MKCOL, PROPPATCH, COPY and MOVE (clients.md §0 item 9).
@Suite struct CollectionTests {
    // DAVx5's MKCALENDAR: resourcetype inside set, RFC 7809 timezone id, color.
    static let davx5 = """
        <?xml version='1.0' encoding='UTF-8' ?><CAL:mkcalendar xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav"><set><prop><resourcetype><collection /><CAL:calendar /></resourcetype><displayname>Work</displayname><CAL:calendar-description>Job</CAL:calendar-description><n0:calendar-color xmlns:n0="http://apple.com/ns/ical/">#FF0000</n0:calendar-color><CAL:calendar-timezone-id>Europe/Vienna</CAL:calendar-timezone-id><CAL:supported-calendar-component-set><CAL:comp name="VEVENT" /></CAL:supported-calendar-component-set></prop></set></CAL:mkcalendar>
        """
    // Apple's MKCALENDAR: order, symbolic color, schedule-calendar-transp, timezone with &#13;.
    static let apple = """
        <B:mkcalendar xmlns:B="urn:ietf:params:xml:ns:caldav"><A:set xmlns:A="DAV:"><A:prop><D:calendar-order xmlns:D="http://apple.com/ns/ical/">2</D:calendar-order><B:supported-calendar-component-set><B:comp name="VTODO"/></B:supported-calendar-component-set><D:calendar-color xmlns:D="http://apple.com/ns/ical/" symbolic-color="custom">#63DA38FF</D:calendar-color><B:calendar-timezone>BEGIN:VCALENDAR&#13;
        END:VCALENDAR&#13;
        </B:calendar-timezone><A:displayname>Reminders</A:displayname><B:schedule-calendar-transp><B:opaque/></B:schedule-calendar-transp></A:prop></A:set></B:mkcalendar>
        """

    @Test func davx5AndAppleMkcalendarBodiesWork() async throws {
        let client = TestServer.alice()
        try await client.mkcalendar("/alice/work/", body: Self.davx5)
        try await client.mkcalendar("/alice/REM-1/", body: Self.apple)
        let ms = try await client.propfind("/alice/", depth: "1", props: [
            .dav("displayname"), .appleICal("calendar-color"), .caldav("supported-calendar-component-set"), .appleICal("calendar-order"),
            .caldav("calendar-description"), .dav("resourcetype"),
        ]).multistatus()
        let work = try #require(ms["/alice/work/"])
        #expect(work.ok(.dav("displayname"))?.text == "Work")
        #expect(work.ok(.appleICal("calendar-color"))?.text == "#FF0000")
        #expect(work.ok(.caldav("calendar-description"))?.text == "Job")
        #expect(work.ok(.caldav("supported-calendar-component-set"))?.children.compactMap { $0.attribute("name") } == ["VEVENT"])
        let rem = try #require(ms["/alice/REM-1/"])
        #expect(rem.ok(.appleICal("calendar-order"))?.text == "2")
        #expect(rem.ok(.caldav("supported-calendar-component-set"))?.children.compactMap { $0.attribute("name") } == ["VTODO"])
        #expect(rem.ok(.dav("resourcetype"))?.child(.caldav("calendar")) != nil)
    }

    @Test func extendedMkcolCreatesAddressBook() async throws {
        let client = TestServer.alice()
        try await client.mkcol("/alice/book2/", body: """
            <mkcol xmlns="DAV:" xmlns:CARD="urn:ietf:params:xml:ns:carddav"><set><prop><resourcetype><collection /><CARD:addressbook /></resourcetype><displayname>Friends</displayname><CARD:addressbook-description>d</CARD:addressbook-description></prop></set></mkcol>
            """)
        let r = try #require(try await client.propfind("/alice/book2/", props: [.dav("resourcetype"), .carddav("supported-address-data")]).multistatus()["/alice/book2/"])
        #expect(r.ok(.dav("resourcetype"))?.child(.carddav("addressbook")) != nil)
        #expect(r.ok(.carddav("supported-address-data"))?.children.count == 2)
    }

    @Test func mkcolRules() async throws {
        let client = TestServer.alice()
        try await client.mkcol("/alice/plain/")
        try await client.mkcol("/alice/plain/", expect: 405)
        try await client.mkcol("/alice/missing/child/", expect: 409)
        try await client.mkcol("/alice/calendar/sub/", expect: 403)
        let r = await client.request("MKCOL", "/alice/x/", headers: ["Content-Type": "xzy-foo/bar"], body: "afafafaf")
        #expect(r.status == 415)
    }

    @Test func proppatchStoresDeadPropertiesAndRefusesProtectedOnes() async throws {
        let client = TestServer.alice()
        let set = """
            <D:propertyupdate xmlns:D="DAV:" xmlns:I="http://apple.com/ns/ical/" xmlns:Z="http://example.com/z"><D:set><D:prop><I:calendar-color symbolic-color="custom">#00FF00FF</I:calendar-color><Z:tree><Z:leaf a="1">v &amp; w</Z:leaf></Z:tree><D:displayname>Renamed</D:displayname></D:prop></D:set></D:propertyupdate>
            """
        let ms = try await client.request("PROPPATCH", "/alice/calendar/", body: set).expect(207).multistatus()
        #expect(ms["/alice/calendar/"]?.status(of: .appleICal("calendar-color")) == 200)
        let read = try await client.propfind("/alice/calendar/", props: [.appleICal("calendar-color"), QName("http://example.com/z", "tree"), .dav("displayname")]).multistatus()
        let r = try #require(read["/alice/calendar/"])
        #expect(r.ok(.appleICal("calendar-color"))?.text == "#00FF00FF")
        #expect(r.ok(QName("http://example.com/z", "tree"))?.child(QName("http://example.com/z", "leaf"))?.text == "v & w")
        #expect(r.ok(.dav("displayname"))?.text == "Renamed")

        let protected = #"<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:getetag>x</D:getetag><D:displayname>Again</D:displayname></D:prop></D:set></D:propertyupdate>"#
        let refused = try await client.request("PROPPATCH", "/alice/calendar/", body: protected).expect(207).multistatus()
        #expect(refused["/alice/calendar/"]?.status(of: .dav("getetag")) == 403)
        #expect(refused["/alice/calendar/"]?.status(of: .dav("displayname")) == 424)
        let after = try await client.propfind("/alice/calendar/", props: [.dav("displayname")]).multistatus()
        #expect(after["/alice/calendar/"]?.ok(.dav("displayname"))?.text == "Renamed")

        let remove = #"<D:propertyupdate xmlns:D="DAV:"><D:remove><D:prop><D:displayname/></D:prop></D:remove></D:propertyupdate>"#
        try await client.request("PROPPATCH", "/alice/calendar/", body: remove).expect(207)
        let removed = try await client.propfind("/alice/calendar/", props: [.dav("displayname")]).multistatus()
        #expect(removed["/alice/calendar/"]?.status(of: .dav("displayname")) == 404)
    }

    @Test func copyAndMoveObjectsAndCollections() async throws {
        let client = TestServer.alice()
        try await client.put("/alice/calendar/a.ics", Payloads.event(uid: "a"))
        try await client.mkcalendar("/alice/other/")
        let dest = ["Destination": "http://localhost/alice/other/a.ics"]
        try await client.request("COPY", "/alice/calendar/a.ics", headers: dest).expect(201)
        try await client.request("COPY", "/alice/calendar/a.ics", headers: dest.merging(["Overwrite": "F"]) { $1 }).expect(412)
        try await client.request("COPY", "/alice/calendar/a.ics", headers: dest).expect(204)
        try await client.request("MOVE", "/alice/calendar/a.ics", headers: ["Destination": "/alice/calendar/moved.ics"]).expect(201)
        try await client.get("/alice/calendar/a.ics", expect: 404)
        #expect(try await client.get("/alice/calendar/moved.ics").text.contains("UID:a"))
        try await client.request("MOVE", "/alice/other/", headers: ["Destination": "/alice/renamed/"]).expect(201)
        #expect(try await client.get("/alice/renamed/a.ics").text.contains("UID:a"))
        try await client.request("COPY", "/alice/renamed/", headers: ["Destination": "/alice/copy/"]).expect(201)
        try await client.get("/alice/copy/a.ics")
        try await client.request("COPY", "/alice/renamed/a.ics", headers: ["Destination": "/alice/nowhere/a.ics"]).expect(409)
        try await client.request("MOVE", "/alice/renamed/", headers: ["Destination": "/alice/renamed/inner/"]).expect(403)
    }

    @Test func vcardCannotMoveIntoCalendar() async throws {
        let client = TestServer.alice()
        try await client.put("/alice/contacts/c.vcf", Payloads.vcard(uid: "c"), contentType: "text/vcard")
        let r = try await client.request("MOVE", "/alice/contacts/c.vcf", headers: ["Destination": "/alice/calendar/c.ics"])
        #expect(r.status == 403)
        try await client.get("/alice/contacts/c.vcf")
    }
}
