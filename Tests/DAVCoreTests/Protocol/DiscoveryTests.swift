import DAVCore
import DAVTesting
import Testing

/// The discovery chain every client walks (clients.md §0 items 1, 2, 10).
@Suite struct DiscoveryTests {
    @Test func anonymousRequestGets401WithBasicChallenge() async throws {
        let client = DAVTestClient(server: TestServer.make())
        let r = try await client.propfind("/", props: [.dav("current-user-principal")], expect: 401)
        #expect(r.header("WWW-Authenticate")?.hasPrefix("Basic realm=") == true)
    }

    @Test func wrongPasswordGets401() async throws {
        let client = DAVTestClient(server: TestServer.make(), user: "alice", password: "nope")
        try await client.propfind("/", props: [.dav("current-user-principal")], expect: 401)
    }

    @Test func wellKnownRedirectsToRoot() async throws {
        let client = TestServer.alice()
        for path in ["/.well-known/caldav", "/.well-known/carddav", "/.well-known/caldav/"] {
            let r = try await client.request("PROPFIND", path, headers: ["Depth": "0"]).expect(301)
            #expect(r.header("Location") == "/")
        }
    }

    @Test func rootNamesTheCurrentUserPrincipal() async throws {
        let client = TestServer.alice()
        let ms = try await client.propfind("/", props: [.dav("current-user-principal"), .dav("resourcetype")]).multistatus()
        #expect(ms["/"]?.ok(.dav("current-user-principal"))?.child(.dav("href"))?.text == "/alice/")
    }

    @Test func principalAnswersHomeSetsAndAddress() async throws {
        let client = TestServer.alice(TestServer.make { $0.emailDomain = "example.org" })
        let props: [QName] = [.caldav("calendar-home-set"), .carddav("addressbook-home-set"), .caldav("calendar-user-address-set"),
                              .dav("principal-URL"), .dav("displayname"), .dav("resourcetype")]
        let ms = try await client.propfind("/alice/", props: props).multistatus()
        let r = try #require(ms["/alice/"])
        #expect(r.ok(.caldav("calendar-home-set"))?.child(.dav("href"))?.text == "/alice/")
        #expect(r.ok(.carddav("addressbook-home-set"))?.child(.dav("href"))?.text == "/alice/")
        #expect(r.ok(.dav("principal-URL"))?.child(.dav("href"))?.text == "/alice/")
        #expect(r.ok(.dav("displayname"))?.text == "alice")
        #expect(r.ok(.caldav("calendar-user-address-set"))?.children.map(\.text).contains("mailto:alice@example.org") == true)
        #expect(r.ok(.dav("resourcetype"))?.child(.dav("principal")) != nil)
    }

    @Test func firstLoginCreatesDefaultCalendarAndAddressBook() async throws {
        let client = TestServer.alice()
        let ms = try await client.propfind("/alice/", depth: "1",
                                           props: [.dav("resourcetype"), .dav("sync-token"), .calendarServer("getctag"),
                                                   .dav("current-user-privilege-set"), .caldav("supported-calendar-component-set")])
            .multistatus()
        let calendar = try #require(ms["/alice/calendar/"])
        #expect(calendar.ok(.dav("resourcetype"))?.child(.caldav("calendar")) != nil)
        #expect(calendar.ok(.dav("sync-token"))?.text.contains(":") == true)
        #expect(calendar.ok(.calendarServer("getctag")) != nil)
        #expect(calendar.ok(.caldav("supported-calendar-component-set"))?.children.compactMap { $0.attribute("name") } == ["VEVENT", "VTODO"])
        let privileges = calendar.ok(.dav("current-user-privilege-set"))?.children.compactMap(\.children.first?.name) ?? []
        #expect(privileges.contains(.dav("write")) && privileges.contains(.dav("all")))
        let book = try #require(ms["/alice/contacts/"])
        #expect(book.ok(.dav("resourcetype"))?.child(.carddav("addressbook")) != nil)
    }

    @Test func optionsAdvertisesExactlyWhatIsImplemented() async throws {
        let client = DAVTestClient(server: TestServer.make())
        let r = try await client.request("OPTIONS", "/alice/").expect(200)
        #expect(r.header("DAV") == "1, 3, calendar-access, addressbook, extended-mkcol")
        let allow = r.header("Allow") ?? ""
        for m in ["PROPFIND", "PUT", "DELETE", "REPORT", "MKCALENDAR"] { #expect(allow.contains(m)) }
        #expect(!allow.contains("LOCK"))
    }

    @Test func depthInfinityPropfindIsRefused() async throws {
        let r = try await TestServer.alice().propfind("/alice/", depth: "infinity", props: [.dav("resourcetype")], expect: 403)
        #expect(r.text.contains("propfind-finite-depth"))
    }

    @Test func unknownPropertiesAre404NotErrors() async throws {
        let ms = try await TestServer.alice().propfind("/alice/calendar/", props: [QName("http://example.com/x", "nothing"), .dav("displayname")])
            .multistatus()
        let r = try #require(ms["/alice/calendar/"])
        #expect(r.status(of: QName("http://example.com/x", "nothing")) == 404)
        #expect(r.ok(.dav("displayname"))?.text == "Calendar")
    }

    @Test func preferReturnMinimalDropsNotFound() async throws {
        let client = TestServer.alice()
        let r = try await client.request("PROPFIND", "/alice/calendar/", headers: ["Depth": "0", "Prefer": "return=minimal", "Brief": "t"],
                                         body: DAVTestClient.propfindBody([QName("urn:x", "missing"), .dav("displayname")])).expect(207)
        let resp = try #require(try r.multistatus()["/alice/calendar/"])
        #expect(resp.properties[QName("urn:x", "missing")] == nil)
    }
}
