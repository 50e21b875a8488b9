import DAVCore
import DAVTesting
import Foundation
import Testing

/// Objects in the shape Outlook/Exchange, Google, Apple and Thunderbird export them (their
/// PRODIDs, X- properties, zone naming and VTIMEZONE styles), queried at instants around their
/// DST changes, exceptions and ends.
@Suite struct ClientPayloadTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    private func client(with fixture: String) async throws -> DAVTestClient {
        let client = TestServer.alice()
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(fixture))
        let text = String(decoding: data, as: UTF8.self).replacing("\r\n", with: "\n").replacing("\n", with: "\r\n")
        try await client.put("/alice/calendar/\(fixture)", text)
        return client
    }

    private func hits(_ client: DAVTestClient, _ comp: String, _ start: String, _ end: String, alarm: Bool = false) async throws -> Bool {
        let range = #"<C:time-range start="\#(start)" end="\#(end)"/>"#
        let inner = alarm ? #"<C:comp-filter name="VALARM">\#(range)</C:comp-filter>"# : range
        let body = #"<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="\#(comp)">\#(inner)</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>"#
        return try await !client.report("/alice/calendar/", body, depth: "1").multistatus().hrefs.isEmpty
    }

    @Test func outlookWeeklyWithWindowsZoneExdateAndUntil() async throws {
        let c = try await client(with: "outlook-weekly.ics")
        #expect(try await hits(c, "VEVENT", "20250305T075500Z", "20250305T080500Z"))    // 09:00 CET
        #expect(try await hits(c, "VEVENT", "20250402T065500Z", "20250402T070500Z"))    // 09:00 CEST
        #expect(try await !hits(c, "VEVENT", "20250402T075500Z", "20250402T080500Z"))   // not CET after the change
        #expect(try await !hits(c, "VEVENT", "20250407T000000Z", "20250408T000000Z"))   // EXDATE
        #expect(try await hits(c, "VEVENT", "20250630T065500Z", "20250630T070500Z"))    // UNTIL is inclusive
        #expect(try await !hits(c, "VEVENT", "20250701T000000Z", "20250801T000000Z"))
        #expect(try await hits(c, "VEVENT", "20250305T074000Z", "20250305T075000Z", alarm: true))  // -PT15M
    }

    @Test func googleMonthlySecondTuesdayWithOverrideAndExdate() async throws {
        let c = try await client(with: "google-monthly.ics")
        #expect(try await hits(c, "VEVENT", "20250212T000000Z", "20250212T000100Z"))    // 19:00 EST
        #expect(try await !hits(c, "VEVENT", "20250311T225900Z", "20250311T230100Z"))   // moved away
        #expect(try await hits(c, "VEVENT", "20250312T223000Z", "20250312T223100Z"))    // 18:30 EDT override
        #expect(try await !hits(c, "VEVENT", "20250812T000000Z", "20250814T000000Z"))   // EXDATE
        #expect(try await hits(c, "VEVENT", "20261111T000000Z", "20261111T000100Z"))    // no end: Nov 2026, EST again
    }

    @Test func appleAllDayWeeklyWithCountAndAlarm() async throws {
        let c = try await client(with: "apple-allday-weekly.ics")
        #expect(try await hits(c, "VEVENT", "20250117T120000Z", "20250117T130000Z"))
        #expect(try await hits(c, "VEVENT", "20250314T120000Z", "20250314T130000Z"))    // 10th instance
        #expect(try await !hits(c, "VEVENT", "20250321T000000Z", "20250322T000000Z"))   // COUNT=10 ended
        #expect(try await hits(c, "VEVENT", "20250116T085900Z", "20250116T090100Z", alarm: true))  // -PT15H
        // TRANSP:TRANSPARENT: no busy time.
        let fb = #"<C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:time-range start="20250117T000000Z" end="20250118T000000Z"/></C:free-busy-query>"#
        #expect(try await !c.report("/alice/calendar/", fb, depth: "1", expect: 200).text.contains("\nFREEBUSY"))
    }

    @Test func thunderbirdToDoAcrossTheSpringChange() async throws {
        let c = try await client(with: "thunderbird-todo.ics")
        #expect(try await hits(c, "VTODO", "20250331T150000Z", "20250331T153000Z"))     // before DUE 18:00 CEST
        #expect(try await !hits(c, "VTODO", "20250401T000000Z", "20250402T000000Z"))    // after DUE
        #expect(try await hits(c, "VTODO", "20250330T155900Z", "20250330T160100Z", alarm: true))  // DUE -P1D
    }
}
