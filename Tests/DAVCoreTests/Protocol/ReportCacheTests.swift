@testable import DAVCore
import Synchronization
import DAVTesting
import Testing

/// Repeated query answers come from `ReportCache` only while the collection is unchanged, and
/// only for the user and request they were made for.
@Suite struct ReportCacheTests {
    private static let newYork = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nBEGIN:STANDARD\r\nDTSTART:19701101T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700308T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n"

    private func query(_ props: String = "<D:getetag/><C:calendar-data/>") -> String {
        #"<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop>\#(props)</D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="20250310T000000Z" end="20250311T000000Z"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>"#
    }

    private func event(_ uid: String, start: String) -> String {
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN", "BEGIN:VEVENT", "UID:\(uid)", "DTSTAMP:20250101T000000Z",
         "DTSTART:\(start)", "DURATION:PT1H", "END:VEVENT", "END:VCALENDAR", ""].joined(separator: "\r\n")
    }

    private func hrefs(_ client: DAVTestClient, _ body: String) async throws -> [String] {
        try await client.report("/alice/calendar/", body, depth: "1").multistatus().hrefs.sorted()
    }

    @Test func everyChangeToTheCollectionGivesAFreshAnswer() async throws {
        let server = TestServer.make()
        let alice = TestServer.alice(server)
        try await alice.put("/alice/calendar/a.ics", event("a", start: "20250310T100000Z"))
        #expect(try await hrefs(alice, query()) == ["/alice/calendar/a.ics"])
        #expect(server.reportCache.usage.answers == 1)
        let first = try await alice.report("/alice/calendar/", query(), depth: "1")
        #expect(try await alice.report("/alice/calendar/", query(), depth: "1").response.body == first.response.body)

        // A new object, an edit moving one out of the range, a delete.
        try await alice.put("/alice/calendar/b.ics", event("b", start: "20250310T120000Z"))
        #expect(try await hrefs(alice, query()) == ["/alice/calendar/a.ics", "/alice/calendar/b.ics"])
        try await alice.put("/alice/calendar/a.ics", event("a", start: "20250410T100000Z"), expect: 204)
        #expect(try await hrefs(alice, query()) == ["/alice/calendar/b.ics"])
        try await alice.delete("/alice/calendar/b.ics")
        #expect(try await hrefs(alice, query()).isEmpty)

        // A floating event at 23:00 is in the range in UTC; once the calendar's zone is New York
        // it is at 04:00Z the next day. Only the property changed.
        try await alice.put("/alice/calendar/f.ics", event("f", start: "20250310T230000"))
        #expect(try await hrefs(alice, query()) == ["/alice/calendar/f.ics"])
        let zone = Self.newYork.replacing("\r", with: "&#13;")
        let set = #"<D:propertyupdate xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><C:calendar-timezone>\#(zone)</C:calendar-timezone></D:prop></D:set></D:propertyupdate>"#
        _ = try await alice.request("PROPPATCH", "/alice/calendar/", headers: ["Content-Type": "application/xml"], body: set).expect(207)
        #expect(try await hrefs(alice, query()).isEmpty)
    }

    @Test func theAnswerIsKeptPerUserAndRequest() async throws {
        let server = TestServer.make()
        let alice = TestServer.alice(server)
        let bob = DAVTestClient(server: server, user: "bob", password: "pb")
        try await alice.put("/alice/calendar/a.ics", event("a", start: "20250310T100000Z"))
        _ = try await hrefs(alice, query())
        // Authorization runs before the cache: bob is refused, not served alice's answer.
        try await bob.report("/alice/calendar/", query(), depth: "1", expect: 403)
        // Return-minimal and Depth are part of the request.
        let minimal = await alice.request("REPORT", "/alice/calendar/", headers: ["Depth": "1", "Prefer": "return=minimal"], body: query())
        #expect(minimal.status == 207)
        _ = try await alice.report("/alice/calendar/", query(), depth: "0")
        #expect(server.reportCache.usage.answers == 3)
    }

    @Test func answersWithPropertiesNotFromTheDataAreNotKept() async throws {
        let server = TestServer.make()
        let alice = TestServer.alice(server)
        try await alice.put("/alice/calendar/a.ics", event("a", start: "20250310T100000Z"))
        _ = try await hrefs(alice, query("<D:getetag/><D:current-user-privilege-set/>"))
        let allprop = #"<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:allprop/><C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>"#
        _ = try await hrefs(alice, allprop)
        #expect(server.reportCache.usage.answers == 0)
    }

    @Test func aZeroSizeCacheKeepsNothing() async throws {
        let server = TestServer.make { $0.reportCacheSize = 0 }
        let alice = TestServer.alice(server)
        try await alice.put("/alice/calendar/a.ics", event("a", start: "20250310T100000Z"))
        #expect(try await hrefs(alice, query()) == ["/alice/calendar/a.ics"])
        #expect(server.reportCache.usage.answers == 0)
    }

    private func key(_ n: Int) -> ReportCache.Key {
        ReportCache.Key(user: "u", path: "/u/c/", version: "v\(n)", depth: "1", minimal: false, body: [])
    }

    @Test func leastRecentlyUsedAnswersGoFirstAndBigOnesAreNotKept() {
        // Each entry costs its answer plus its key (path 5 + version 2 + user 1 + depth 1 bytes).
        let cache = ReportCache(capacity: 400)
        for n in 1...3 { cache.store([UInt8](repeating: UInt8(n), count: 91), for: key(n)) }
        #expect(cache.usage == (3, 300))
        _ = cache.answer(for: key(1))
        cache.store([UInt8](repeating: 4, count: 91), for: key(4))
        cache.store([UInt8](repeating: 5, count: 91), for: key(5))
        #expect(cache.answer(for: key(2)) == nil)
        #expect(cache.answer(for: key(1)) == [UInt8](repeating: 1, count: 91))
        #expect(cache.usage.bytes <= 400)
        // Above a quarter of the capacity: not kept, nothing evicted for it.
        cache.store([UInt8](repeating: 6, count: 150), for: key(6))
        #expect(cache.answer(for: key(6)) == nil)
        #expect(cache.answer(for: key(5)) != nil)
    }

    private final class Counter: Sendable {
        let count = Atomic<Int>(0)
    }

    @Test func identicalRequestsArrivingTogetherAreWorkedOutOnce() async throws {
        let cache = ReportCache(capacity: 1 << 20)
        let runs = Counter()
        let bodies = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await cache.answer(for: key(1)) {
                        runs.count.add(1, ordering: .relaxed)
                        try await Task.sleep(for: .milliseconds(100))
                        return .multistatus(encoded: Array("answer".utf8))
                    }.body
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(runs.count.load(ordering: .relaxed) == 1)
        #expect(bodies.count == 10 && bodies.allSatisfy { $0 == Array("answer".utf8) })
        // A failed answer is not kept: the next request works it out again.
        await #expect(throws: DAVError.self) {
            try await cache.answer(for: key(2)) { throw DAVError.badRequest("no") }
        }
        _ = try await cache.answer(for: key(2)) { runs.count.add(1, ordering: .relaxed); return .multistatus(encoded: []) }
        #expect(runs.count.load(ordering: .relaxed) == 2)
    }
}
