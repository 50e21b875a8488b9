import DAVCore
import DAVTesting
import Testing

/// RFC 6578 sync-collection as clients use it (clients.md §0 item 5).
@Suite struct SyncCollectionTests {
    @Test func initialDeltaDeletionAndToken() async throws {
        let client = TestServer.alice()
        try await client.put("/alice/calendar/a.ics", Payloads.event(uid: "a"))
        try await client.put("/alice/calendar/b.ics", Payloads.event(uid: "b"))
        let initial = try await client.report("/alice/calendar/", Payloads.syncCollection(), depth: "1").multistatus()
        #expect(Set(initial.hrefs) == ["/alice/calendar/a.ics", "/alice/calendar/b.ics"])
        #expect(initial["/alice/calendar/a.ics"]?.ok(.dav("getetag")) != nil)
        let token = try #require(initial.syncToken)
        #expect(token.contains(":"))

        let unchanged = try await client.report("/alice/calendar/", Payloads.syncCollection(token: token), depth: "0").multistatus()
        #expect(unchanged.responses.isEmpty)

        try await client.put("/alice/calendar/c.ics", Payloads.event(uid: "c"))
        try await client.delete("/alice/calendar/a.ics")
        let delta = try await client.report("/alice/calendar/", Payloads.syncCollection(token: token)).multistatus()
        #expect(delta["/alice/calendar/c.ics"]?.ok(.dav("getetag")) != nil)
        #expect(delta["/alice/calendar/a.ics"]?.status == 404)
        #expect(delta["/alice/calendar/b.ics"] == nil)
        #expect(delta.syncToken != token)
    }

    @Test func largeInitialSyncListsEveryMemberWithItsEtag() async throws {
        // Above ReportResponses.memberListingThreshold, metadata comes from one collection listing.
        let client = TestServer.alice()
        let count = 40  // above the threshold of 32
        for i in 0..<count { try await client.put("/alice/calendar/e\(i).ics", Payloads.event(uid: "e\(i)")) }
        let etag = try #require(try await client.get("/alice/calendar/e3.ics").header("ETag"))
        let initial = try await client.report("/alice/calendar/", Payloads.syncCollection()).multistatus()
        #expect(initial.hrefs.count == count)
        #expect(initial.responses.allSatisfy { $0.ok(.dav("getetag")) != nil })
        #expect(initial["/alice/calendar/e3.ics"]?.ok(.dav("getetag"))?.text == etag)
    }

    @Test func itemCreatedAndDeletedAfterTokenIsReportedDeleted() async throws {
        // Thunderbird keeps its old token after its own PUTs (clients.md §3.4).
        let client = TestServer.alice()
        let token = try #require(try await client.report("/alice/calendar/", Payloads.syncCollection()).multistatus().syncToken)
        try await client.put("/alice/calendar/t.ics", Payloads.event(uid: "t"))
        try await client.delete("/alice/calendar/t.ics")
        let delta = try await client.report("/alice/calendar/", Payloads.syncCollection(token: token)).multistatus()
        #expect(delta["/alice/calendar/t.ics"]?.status == 404)
    }

    @Test func limitTruncatesWith507AndContinues() async throws {
        let client = TestServer.alice()
        for i in 0..<5 { try await client.put("/alice/calendar/\(i).ics", Payloads.event(uid: "u\(i)")) }
        var token = ""
        var seen = Set<String>()
        for _ in 0..<10 {
            let page = try await client.report("/alice/calendar/", Payloads.syncCollection(token: token, limit: 2)).multistatus()
            token = try #require(page.syncToken)
            let truncated = page["/alice/calendar/"]?.status == 507
            seen.formUnion(page.hrefs.filter { $0.hasSuffix(".ics") })
            #expect(page.hrefs.filter { $0.hasSuffix(".ics") }.count <= 2)
            if !truncated { break }
        }
        #expect(seen.count == 5)
    }

    @Test func unknownTokenIs403ValidSyncToken() async throws {
        let r = try await TestServer.alice().report("/alice/calendar/", Payloads.syncCollection(token: "urn:x-pocketdav:sync:bogus:7"), expect: 403)
        #expect(r.text.contains("valid-sync-token"))
    }

    @Test func calendarDataIsReturnedWhenAsked() async throws {
        let client = TestServer.alice()
        try await client.put("/alice/calendar/a.ics", Payloads.event(uid: "a"))
        let ms = try await client.report("/alice/calendar/", Payloads.syncCollection(props: "<D:getetag/><C:calendar-data/>")).multistatus()
        // CRs travel as &#13;, so the data comes back byte for byte.
        #expect(ms["/alice/calendar/a.ics"]?.ok(.caldav("calendar-data"))?.text == Payloads.event(uid: "a"))
    }

    @Test func ctagAndTokenChangeOnlyWithTheCollection() async throws {
        let client = TestServer.alice()
        func state(_ path: String) async throws -> (String?, String?) {
            let r = try await client.propfind(path, props: [.dav("sync-token"), .calendarServer("getctag")]).multistatus()[path]
            return (r?.ok(.dav("sync-token"))?.text, r?.ok(.calendarServer("getctag"))?.text)
        }
        let before = try await state("/alice/calendar/")
        let bookBefore = try await state("/alice/contacts/")
        try await client.get("/alice/calendar/")
        #expect(try await state("/alice/calendar/") == before)
        try await client.put("/alice/calendar/a.ics", Payloads.event(uid: "a"))
        let after = try await state("/alice/calendar/")
        #expect(after.0 != before.0 && after.1 != before.1)
        #expect(try await state("/alice/contacts/") == bookBefore)
    }
}

