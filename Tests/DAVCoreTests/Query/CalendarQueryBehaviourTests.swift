import DAVCore
import DAVTesting
import Testing

/// calendar-query beyond the RFC examples: recurrence far from DTSTART, time zones, bad filters.
@Suite struct CalendarQueryBehaviourTests {
    private func query(_ inner: String, comp: String = "VEVENT") -> String {
        #"<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="\#(comp)">"#
            + inner + "</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>"
    }

    private func range(_ s: String, _ e: String) -> String { #"<C:time-range start="\#(s)" end="\#(e)"/>"# }

    private func put(_ client: DAVTestClient, _ name: String, _ lines: [String]) async throws {
        let text = (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN"] + lines + ["END:VCALENDAR", ""]).joined(separator: "\r\n")
        try await client.put("/alice/calendar/\(name)", text)
    }

    @Test func weeklyEventSince2005WithoutEndIsFoundThisWeekAndIn2040() async throws {
        let client = TestServer.alice()
        try await put(client, "weekly.ics", ["BEGIN:VEVENT", "UID:w", "DTSTAMP:20050101T000000Z",
                                             "DTSTART;TZID=Europe/Berlin:20050103T100000", "DURATION:PT1H",
                                             "RRULE:FREQ=WEEKLY", "END:VEVENT"])
        // Monday 2026-11-16 10:00 CET = 09:00Z.
        let hit = try await client.report("/alice/calendar/", query(range("20261116T085900Z", "20261116T090100Z")), depth: "1")
        #expect(try hit.multistatus().hrefs == ["/alice/calendar/weekly.ics"])
        let miss = try await client.report("/alice/calendar/", query(range("20261117T000000Z", "20261122T000000Z")), depth: "1")
        #expect(try miss.multistatus().hrefs.isEmpty)
        // 2040-07-02 is a Monday in summer: 10:00 CEST = 08:00Z (past 2038).
        let future = try await client.report("/alice/calendar/", query(range("20400702T075900Z", "20400702T080100Z")), depth: "1")
        #expect(try future.multistatus().hrefs == ["/alice/calendar/weekly.ics"])
    }

    @Test func outlookWindowsZoneNameIsResolved() async throws {
        let client = TestServer.alice()
        try await put(client, "o.ics", ["BEGIN:VEVENT", "UID:o", "DTSTAMP:20250101T000000Z",
                                        "DTSTART;TZID=W. Europe Standard Time:20250715T090000",
                                        "DTEND;TZID=W. Europe Standard Time:20250715T100000", "END:VEVENT"])
        let hit = try await client.report("/alice/calendar/", query(range("20250715T070000Z", "20250715T073000Z")), depth: "1")
        #expect(try hit.multistatus().hrefs == ["/alice/calendar/o.ics"])
        let miss = try await client.report("/alice/calendar/", query(range("20250715T090000Z", "20250715T093000Z")), depth: "1")
        #expect(try miss.multistatus().hrefs.isEmpty)
    }

    @Test func floatingAllDayEventUsesTheCalendarTimeZone() async throws {
        let client = TestServer.alice()
        try await put(client, "d.ics", ["BEGIN:VEVENT", "UID:d", "DTSTAMP:20250101T000000Z",
                                        "DTSTART;VALUE=DATE:20250310", "DTEND;VALUE=DATE:20250311", "END:VEVENT"])
        // In UTC the day is 2025-03-10T00:00Z..2025-03-11T00:00Z.
        let late = try await client.report("/alice/calendar/", query(range("20250310T230000Z", "20250310T233000Z")), depth: "1")
        #expect(try late.multistatus().hrefs == ["/alice/calendar/d.ics"])
        // A query with a New York CALDAV:timezone moves the day to 05:00Z..05:00Z next day.
        let tz = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nBEGIN:STANDARD\r\nDTSTART:19701101T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700308T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n"
        let body = query(range("20250311T010000Z", "20250311T013000Z")).replacing("</C:filter>", with: "</C:filter><C:timezone>\(tz)</C:timezone>")
        #expect(try await client.report("/alice/calendar/", body, depth: "1").multistatus().hrefs == ["/alice/calendar/d.ics"])
    }

    @Test(arguments: [
        (#"<C:time-range start="20250102T000000Z" end="20250101T000000Z"/>"#, "valid-filter"),
        (#"<C:time-range start="20250101T000000" end="20250102T000000Z"/>"#, "valid-filter"),
        (#"<C:time-range start="yesterday"/>"#, "valid-filter"),
        (#"<C:time-range/>"#, "valid-filter"),
        (#"<C:prop-filter><C:is-not-defined/></C:prop-filter>"#, "valid-filter"),
        (#"<C:prop-filter name="SUMMARY"><C:text-match collation="i;klingon">x</C:text-match></C:prop-filter>"#, "supported-collation"),
        (#"<C:bogus/>"#, "supported-filter"),
    ])
    func badFiltersAre403WithThePrecondition(inner: String, condition: String) async throws {
        let client = TestServer.alice()
        let r = try await client.report("/alice/calendar/", query(inner), depth: "1", expect: 403)
        #expect(r.text.contains(condition))
    }

    @Test func filterWithoutVCalendarAndMissingFilterAre403() async throws {
        let client = TestServer.alice()
        let noCal = #"<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name="VEVENT"/></C:filter></C:calendar-query>"#
        #expect(try await client.report("/alice/calendar/", noCal, depth: "1", expect: 403).text.contains("valid-filter"))
        let none = #"<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop></C:calendar-query>"#
        #expect(try await client.report("/alice/calendar/", none, depth: "1", expect: 403).text.contains("valid-filter"))
    }

    @Test(arguments: [
        ["DTSTART:2025-06-01", "DURATION:PT1H"],
        ["DTSTART:20250601T100000Z", "DURATION:1 hour"],
        ["DTSTART:20250601T100000Z", "RRULE:FREQ=SOMETIMES"],
        ["DTSTART:20250601T100000Z", "RRULE:FREQ=DAILY;INTERVAL=0"],
    ])
    func invalidDatesAndRulesAreRefusedAndNotStored(lines: [String]) async throws {
        let client = TestServer.alice()
        let text = (["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:bad", "DTSTAMP:20250101T000000Z"] + lines
            + ["END:VEVENT", "END:VCALENDAR", ""]).joined(separator: "\r\n")
        let r = try await client.put("/alice/calendar/bad.ics", text, expect: 403)
        #expect(r.text.contains("valid-calendar-data"))
        try await client.get("/alice/calendar/bad.ics", expect: 404)
    }

    @Test func hostileSecondlyRuleDoesNotHangAQuery() async throws {
        let client = TestServer.alice()
        try await put(client, "s.ics", ["BEGIN:VEVENT", "UID:s", "DTSTAMP:20250101T000000Z", "DTSTART:19700101T000000Z",
                                        "DURATION:PT1S", "RRULE:FREQ=SECONDLY", "END:VEVENT"])
        let clock = ContinuousClock()
        let started = clock.now
        let r = try await client.report("/alice/calendar/", query(range("20250101T000000Z", "20260101T000000Z")), depth: "1")
        #expect(r.status == 207)
        #expect(clock.now - started < .seconds(10))
    }
}
