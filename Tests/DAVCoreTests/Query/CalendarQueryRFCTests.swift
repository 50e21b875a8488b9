import DAVCore
import DAVTesting
import Testing

/// RFC 4791 §7.8.1–§7.8.10 and §7.10 against the Appendix B calendar: the result sets the RFC shows.
@Suite struct CalendarQueryRFCTests {
    static let base = "/alice/appendix-b/"

    private func loaded() async throws -> DAVTestClient {
        let client = TestServer.alice()
        let set = #"<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><C:supported-calendar-component-set><C:comp name="VEVENT"/><C:comp name="VTODO"/><C:comp name="VFREEBUSY"/></C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>"#
        try await client.mkcalendar(Self.base, body: set)
        for o in AppendixB.objects {
            try await client.put(Self.base + o.name, o.body.replacing("\n", with: "\r\n"))
        }
        return client
    }

    private func names(_ client: DAVTestClient, _ body: String) async throws -> [String] {
        try await client.report(Self.base, body, depth: "1").multistatus().hrefs.map { String($0.dropFirst(Self.base.count)) }.sorted()
    }

    private func vevent(_ inner: String) -> String {
        #"<C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">"# + inner + "</C:comp-filter></C:comp-filter>"
    }

    private func vtodo(_ inner: String) -> String {
        #"<C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO">"# + inner + "</C:comp-filter></C:comp-filter>"
    }

    @Test func section781EventsInATimeRangeWithPartialData() async throws {
        let client = try await loaded()
        let prop = #"<D:getetag/><C:calendar-data><C:comp name="VCALENDAR"><C:prop name="VERSION"/><C:comp name="VEVENT"><C:prop name="SUMMARY"/><C:prop name="UID"/><C:prop name="DTSTART"/><C:prop name="DURATION"/><C:prop name="RECURRENCE-ID"/></C:comp><C:comp name="VTIMEZONE"/></C:comp></C:calendar-data>"#
        let body = AppendixB.query(prop: prop, filter: vevent(#"<C:time-range start="20060104T000000Z" end="20060105T000000Z"/>"#))
        let ms = try await client.report(Self.base, body, depth: "1").multistatus()
        #expect(ms.hrefs.sorted() == [Self.base + "abcd2.ics", Self.base + "abcd3.ics"])
        let data = try #require(ms[Self.base + "abcd3.ics"]?.ok(.caldav("calendar-data"))?.text)
        #expect(data.contains("SUMMARY:Event #3"))
        #expect(!data.contains("ATTENDEE"))      // not selected
        #expect(!data.contains("PRODID"))        // VCALENDAR keeps only VERSION
        #expect(data.contains("BEGIN:VTIMEZONE") && !data.contains("TZNAME"))  // VTIMEZONE without properties
    }

    @Test func section782LimitRecurrenceSet() async throws {
        let client = try await loaded()
        let prop = #"<C:calendar-data><C:limit-recurrence-set start="20060103T000000Z" end="20060105T000000Z"/></C:calendar-data>"#
        let body = AppendixB.query(prop: prop, filter: vevent(#"<C:time-range start="20060103T000000Z" end="20060105T000000Z"/>"#))
        let ms = try await client.report(Self.base, body, depth: "1").multistatus()
        #expect(ms.hrefs.sorted() == [Self.base + "abcd2.ics", Self.base + "abcd3.ics"])
        let data = try #require(ms[Self.base + "abcd2.ics"]?.ok(.caldav("calendar-data"))?.text)
        #expect(data.contains("SUMMARY:Event #2\r\n") && data.contains("SUMMARY:Event #2 bis\r\n"))
        #expect(!data.contains("Event #2 bis bis"))
    }

    @Test func section783Expand() async throws {
        let client = try await loaded()
        let prop = #"<C:calendar-data><C:expand start="20060103T000000Z" end="20060105T000000Z"/></C:calendar-data>"#
        let body = AppendixB.query(prop: prop, filter: vevent(#"<C:time-range start="20060103T000000Z" end="20060105T000000Z"/>"#))
        let ms = try await client.report(Self.base, body, depth: "1").multistatus()
        let two = try #require(ms[Self.base + "abcd2.ics"]?.ok(.caldav("calendar-data"))?.text)
        #expect(two.contains("DTSTART:20060103T170000Z") && two.contains("RECURRENCE-ID:20060103T170000Z"))
        #expect(two.contains("DTSTART:20060104T190000Z") && two.contains("RECURRENCE-ID:20060104T170000Z"))
        #expect(!two.contains("RRULE") && !two.contains("VTIMEZONE") && !two.contains("20060102T"))
        let three = try #require(ms[Self.base + "abcd3.ics"]?.ok(.caldav("calendar-data"))?.text)
        #expect(three.contains("DTSTART:20060104T150000Z") && !three.contains("RECURRENCE-ID"))
    }

    @Test func section784LimitFreeBusySet() async throws {
        let client = try await loaded()
        let prop = #"<C:calendar-data><C:limit-freebusy-set start="20060102T000000Z" end="20060103T000000Z"/></C:calendar-data>"#
        let body = #"<C:comp-filter name="VCALENDAR"><C:comp-filter name="VFREEBUSY"><C:time-range start="20060102T000000Z" end="20060103T000000Z"/></C:comp-filter></C:comp-filter>"#
        let ms = try await client.report(Self.base, AppendixB.query(prop: prop, filter: body), depth: "1").multistatus()
        #expect(ms.hrefs == [Self.base + "abcd8.ics"])
        let data = try #require(ms.responses.first?.ok(.caldav("calendar-data"))?.text)
        #expect(data.contains("FREEBUSY;FBTYPE=BUSY-TENTATIVE:20060102T100000Z/20060102T120000Z"))
        #expect(!data.contains("20060103T100000Z") && !data.contains("20050531"))
    }

    @Test func section785ToDosWithAnAlarmInRange() async throws {
        let client = try await loaded()
        let filter = vtodo(#"<C:comp-filter name="VALARM"><C:time-range start="20060106T100000Z" end="20060107T100000Z"/></C:comp-filter>"#)
        #expect(try await names(client, AppendixB.query(filter: filter)) == ["abcd5.ics"])
    }

    @Test func section786EventByUID() async throws {
        let client = try await loaded()
        let filter = vevent(#"<C:prop-filter name="UID"><C:text-match collation="i;octet">DC6C50A017428C5216A2F1CD@example.com</C:text-match></C:prop-filter>"#)
        #expect(try await names(client, AppendixB.query(filter: filter)) == ["abcd3.ics"])
    }

    @Test func section787EventsByAttendeeAndPartstat() async throws {
        let client = try await loaded()
        let filter = vevent(#"<C:prop-filter name="ATTENDEE"><C:text-match collation="i;ascii-casemap">mailto:lisa@example.com</C:text-match><C:param-filter name="PARTSTAT"><C:text-match collation="i;ascii-casemap">NEEDS-ACTION</C:text-match></C:param-filter></C:prop-filter>"#)
        #expect(try await names(client, AppendixB.query(filter: filter)) == ["abcd3.ics"])
    }

    @Test func section788AllEvents() async throws {
        let client = try await loaded()
        #expect(try await names(client, AppendixB.query(filter: vevent(""))) == ["abcd1.ics", "abcd2.ics", "abcd3.ics"])
    }

    @Test func section789PendingToDos() async throws {
        let client = try await loaded()
        let filter = vtodo(#"<C:prop-filter name="COMPLETED"><C:is-not-defined/></C:prop-filter><C:prop-filter name="STATUS"><C:text-match negate-condition="yes">CANCELLED</C:text-match></C:prop-filter>"#)
        #expect(try await names(client, AppendixB.query(filter: filter)) == ["abcd4.ics", "abcd5.ics"])
    }

    @Test func section7810UnsupportedCollation() async throws {
        let client = try await loaded()
        let filter = vevent(#"<C:prop-filter name="DESCRIPTION"><C:text-match collation="i;unknown-collation">ABC</C:text-match></C:prop-filter>"#)
        let r = try await client.report(Self.base, AppendixB.query(filter: filter), depth: "1", expect: 403)
        #expect(r.text.contains("supported-collation"))
    }

    @Test func section7101FreeBusy() async throws {
        let client = try await loaded()
        let body = #"<C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:time-range start="20060104T140000Z" end="20060105T220000Z"/></C:free-busy-query>"#
        let r = try await client.report(Self.base, body, depth: "1", expect: 200)
        let text = r.text.replacing("\r\n ", with: "")
        #expect(r.header("Content-Type")?.hasPrefix("text/calendar") == true)
        // Event #3 10:00-11:00 EST is tentative; Event #2 has its moved instance on the 4th
        // (14:00 EST) and its regular one on the 5th (12:00 EST); abcd8 adds its own periods.
        #expect(text.contains("FREEBUSY;FBTYPE=BUSY:20060104T190000Z/20060104T200000Z,20060105T170000Z/20060105T180000Z\r\n"))
        #expect(text.contains("FREEBUSY;FBTYPE=BUSY-TENTATIVE:20060104T150000Z/20060104T160000Z\r\n"))
        #expect(text.contains("FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20060105T100000Z/20060105T120000Z\r\n"))
        #expect(!text.contains("20060104T100000Z"))  // abcd8's busy time before the range
    }
}
