import DAVCore
import DAVTesting
import Testing

@Suite struct MultigetTests {
    @Test func returnsDataForEachHrefAnd404ForMissing() async throws {
        let client = TestServer.alice()
        try await client.put("/alice/calendar/a.ics", Payloads.event(uid: "a"))
        try await client.put("/alice/calendar/b%20c.ics", Payloads.event(uid: "b"))
        let ms = try await client.report("/alice/calendar/", Payloads.multiget(
            ["/alice/calendar/a.ics", "http://localhost:5232/alice/calendar/b%20c.ics", "/alice/calendar/missing.ics"])).multistatus()
        #expect(ms["/alice/calendar/a.ics"]?.ok(.caldav("calendar-data"))?.text.contains("UID:a") == true)
        #expect(ms["/alice/calendar/b%20c.ics"]?.ok(.dav("getetag")) != nil)
        #expect(ms["/alice/calendar/missing.ics"]?.status == 404)
    }

    @Test func addressbookMultiget() async throws {
        let client = TestServer.alice()
        try await client.put("/alice/contacts/c.vcf", Payloads.vcard(uid: "c"), contentType: "text/vcard")
        let body = #"<CR:addressbook-multiget xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><CR:address-data/></D:prop><D:href>/alice/contacts/c.vcf</D:href></CR:addressbook-multiget>"#
        let ms = try await client.report("/alice/contacts/", body, depth: "0").multistatus()
        #expect(ms["/alice/contacts/c.vcf"]?.ok(.carddav("address-data"))?.text.contains("FN:Ada Lovelace") == true)
    }

    @Test func unknownReportIs403SupportedReport() async throws {
        let r = try await TestServer.alice().report("/alice/calendar/", #"<D:expand-property xmlns:D="DAV:"/>"#, expect: 403)
        #expect(r.text.contains("supported-report"))
    }

    @Test func calendarQueryFiltersByComponent() async throws {
        let client = TestServer.alice()
        try await client.put("/alice/calendar/e.ics", Payloads.event(uid: "e"))
        try await client.put("/alice/calendar/t.ics", Payloads.todo(uid: "t"))
        let body = #"<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO"/></C:comp-filter></C:filter></C:calendar-query>"#
        let ms = try await client.report("/alice/calendar/", body, depth: "1").multistatus()
        #expect(ms.hrefs == ["/alice/calendar/t.ics"])
        let textMatch = #"<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:prop-filter name="SUMMARY"><C:text-match>x</C:text-match></C:prop-filter></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>"#
        #expect(try await client.report("/alice/calendar/", textMatch, depth: "1").multistatus().hrefs.isEmpty)
    }
}
