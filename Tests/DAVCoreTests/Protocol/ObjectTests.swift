import DAVCore
import DAVTesting
import Foundation
import Testing

/// PUT, GET, DELETE with preconditions and validation (clients.md §0 item 7).
@Suite struct ObjectTests {
    @Test func putStoresBytesVerbatimAndReturnsTheStrongETag() async throws {
        let client = TestServer.alice()
        let body = Payloads.event(uid: "e1")
        let put = try await client.put("/alice/calendar/e1.ics", body, headers: ["If-None-Match": "*"])
        let etag = try #require(put.header("ETag"))
        #expect(etag.hasPrefix("\"") && !etag.hasPrefix("W/"))
        let get = try await client.get("/alice/calendar/e1.ics")
        #expect(get.text == body)
        #expect(get.header("ETag") == etag)
        let ms = try await client.propfind("/alice/calendar/e1.ics", props: [.dav("getetag"), .dav("getcontenttype")]).multistatus()
        #expect(ms["/alice/calendar/e1.ics"]?.ok(.dav("getetag"))?.text == etag)
    }

    @Test func conditionalWrites() async throws {
        let client = TestServer.alice()
        let etag = try #require(try await client.put("/alice/calendar/e1.ics", Payloads.event(uid: "e1")).header("ETag"))
        try await client.put("/alice/calendar/e1.ics", Payloads.event(uid: "e1"), headers: ["If-None-Match": "*"], expect: 412)
        try await client.put("/alice/calendar/e1.ics", Payloads.event(uid: "e1", summary: "x"), headers: ["If-Match": "\"stale\""], expect: 412)
        let second = try await client.put("/alice/calendar/e1.ics", Payloads.event(uid: "e1", summary: "new"), headers: ["If-Match": etag], expect: 204)
        #expect(second.header("ETag") != etag)
        try await client.delete("/alice/calendar/e1.ics", headers: ["If-Match": etag], expect: 412)
        try await client.delete("/alice/calendar/e1.ics", headers: ["If-Match": second.header("ETag")!])
        try await client.get("/alice/calendar/e1.ics", expect: 404)
    }

    @Test func conditionalGetAndCollectionDelete() async throws {
        let client = TestServer.alice()
        let etag = try #require(try await client.put("/alice/calendar/e1.ics", Payloads.event(uid: "e1")).header("ETag"))
        #expect(await client.request("GET", "/alice/calendar/e1.ics", headers: ["If-None-Match": etag]).status == 304)
        #expect(await client.request("GET", "/alice/calendar/e1.ics", headers: ["If-None-Match": "*"]).status == 304)
        #expect(await client.request("GET", "/alice/calendar/e1.ics", headers: ["If-None-Match": "\"other\""]).status == 200)
        #expect(await client.request("GET", "/alice/calendar/e1.ics", headers: ["If-Match": "\"other\""]).status == 412)
        #expect(await client.request("DELETE", "/alice/calendar/", headers: ["If-Match": "no-quotes"]).status == 400)
        #expect(await client.request("DELETE", "/alice/calendar/", headers: ["If-Match": "\"stale\""]).status == 412)
        try await client.get("/alice/calendar/e1.ics")
    }

    @Test func uidConflictNamesTheExistingObject() async throws {
        let client = TestServer.alice()
        try await client.put("/alice/calendar/a.ics", Payloads.event(uid: "same"))
        let r = try await client.put("/alice/calendar/b.ics", Payloads.event(uid: "same"), expect: 409)
        #expect(r.text.contains("no-uid-conflict") && r.text.contains("/alice/calendar/a.ics"))
    }

    @Test func invalidCalendarDataIsRefusedAndNothingStored() async throws {
        let client = TestServer.alice()
        let bad = [
            "not a calendar",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VCALENDAR\r\n",
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20250101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nBEGIN:VTODO\r\nUID:a\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
        ]
        for (i, body) in bad.enumerated() {
            let r = try await client.put("/alice/calendar/bad\(i).ics", body, expect: nil)
            #expect((400..<500).contains(r.status), "case \(i): \(r.status)")
            try await client.get("/alice/calendar/bad\(i).ics", expect: 404)
        }
        let binary = await client.request("PUT", "/alice/calendar/bin.ics", headers: ["Content-Type": "text/calendar"], bytes: [0xFF, 0xFE, 0x00, 0x41])
        #expect(binary.status == 403)
    }

    @Test func calendarRefusesUnsupportedComponentAndWrongMediaType() async throws {
        let client = TestServer.alice()
        try await client.mkcalendar("/alice/events/", body: """
            <C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
            <C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>
            </D:prop></D:set></C:mkcalendar>
            """)
        let r = try await client.put("/alice/events/t.ics", Payloads.todo(uid: "t"), expect: 403)
        #expect(r.text.contains("supported-calendar-component"))
        try await client.put("/alice/contacts/c.vcf", Payloads.vcard(uid: "c"), contentType: "text/calendar", expect: 415)
        try await client.put("/alice/contacts/c.vcf", Payloads.vcard(uid: "c"), contentType: "text/vcard")
    }

    @Test func putIntoMissingCollectionIs409() async throws {
        try await TestServer.alice().put("/alice/nothing/e.ics", Payloads.event(uid: "e"), expect: 409)
    }

    @Test func oversizedObjectIsRefused() async throws {
        let client = TestServer.alice(TestServer.make { $0.limits.maxResourceSize = 2000 })
        let big = Payloads.event(uid: "big", summary: String(repeating: "x", count: 3000))
        try await client.put("/alice/calendar/big.ics", big, expect: 413)
    }

    @Test func getOnCalendarExportsOneVCalendar() async throws {
        let client = TestServer.alice()
        try await client.put("/alice/calendar/a.ics", Payloads.event(uid: "a"))
        try await client.put("/alice/calendar/b.ics", Payloads.todo(uid: "b"))
        let text = try await client.get("/alice/calendar/").text
        #expect(text.components(separatedBy: "BEGIN:VCALENDAR").count == 2)
        #expect(text.contains("UID:a") && text.contains("UID:b"))
        try await client.put("/alice/contacts/c.vcf", Payloads.vcard(uid: "c"), contentType: "text/vcard")
        #expect(try await client.get("/alice/contacts/").text.contains("UID:c"))
    }
}
