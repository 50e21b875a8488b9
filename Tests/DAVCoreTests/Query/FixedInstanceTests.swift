import Testing

@testable import DAVCore

/// `ObjectSummary.fixedInstance` and `StorageQuery.certainlyMatches`: the index may answer a
/// time-range query alone only where the core's own RFC 4791 §9.9 decision would say the same.
@Suite struct FixedInstanceTests {
    static func calendar(_ event: String, zones: String = "") -> [UInt8] {
        let text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\n" + zones
            + "BEGIN:VEVENT\nUID:u1\nDTSTAMP:20250101T000000Z\n" + event + "END:VEVENT\nEND:VCALENDAR\n"
        return Array(text.replacing("\n", with: "\r\n").utf8)
    }

    static let berlin = """
        BEGIN:VTIMEZONE
        TZID:Europe/Berlin
        BEGIN:DAYLIGHT
        TZOFFSETFROM:+0100
        TZOFFSETTO:+0200
        DTSTART:19700329T020000
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
        END:DAYLIGHT
        BEGIN:STANDARD
        TZOFFSETFROM:+0200
        TZOFFSETTO:+0100
        DTSTART:19701025T030000
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
        END:STANDARD
        END:VTIMEZONE

        """

    static func fixed(_ bytes: [UInt8]) throws -> ObjectSummary.FixedInstance? {
        try ObjectValidation.calendarObject(bytes, allowedComponents: ["VEVENT", "VTODO"]).fixedInstance
    }

    /// 2025-06-10 10:00:00 UTC.
    static let tenUTC: Int64 = 1_749_549_600

    @Test func utcEventsWithAnEndOrADurationAreFixed() throws {
        let withEnd = try Self.fixed(Self.calendar("DTSTART:20250610T100000Z\nDTEND:20250610T113000Z\n"))
        #expect(withEnd == .init(start: Self.tenUTC, end: Self.tenUTC + 5400))
        let withDuration = try Self.fixed(Self.calendar("DTSTART:20250610T100000Z\nDURATION:PT45M\n"))
        #expect(withDuration == .init(start: Self.tenUTC, end: Self.tenUTC + 2700))
    }

    @Test func zonedEventsAreFixedInTheirOwnZone() throws {
        // 12:00 in Berlin in June is 10:00 UTC (CEST, +02:00).
        let bytes = Self.calendar("DTSTART;TZID=Europe/Berlin:20250610T120000\nDTEND;TZID=Europe/Berlin:20250610T130000\n",
                                  zones: Self.berlin)
        #expect(try Self.fixed(bytes) == .init(start: Self.tenUTC, end: Self.tenUTC + 3600))
    }

    @Test(arguments: [
        ("floating start", "DTSTART:20250610T100000\nDTEND:20250610T110000\n"),
        ("floating end", "DTSTART:20250610T100000Z\nDTEND:20250610T110000\n"),
        ("all-day", "DTSTART;VALUE=DATE:20250610\nDTEND;VALUE=DATE:20250611\n"),
        ("recurring", "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRRULE:FREQ=WEEKLY;COUNT=3\n"),
        ("RDATE", "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRDATE:20250611T100000Z\n"),
        ("EXDATE", "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nEXDATE:20250610T100000Z\n"),
        ("an override", "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRECURRENCE-ID:20250610T100000Z\n"),
        ("zero length", "DTSTART:20250610T100000Z\nDTEND:20250610T100000Z\n"),
        ("zero duration", "DTSTART:20250610T100000Z\nDURATION:PT0S\n"),
        ("no end", "DTSTART:20250610T100000Z\n"),
    ])
    func othersAreNotFixed(what: String, event: String) throws {
        #expect(try Self.fixed(Self.calendar(event)) == nil, "\(what)")
    }

    @Test func twoComponentsAreNotFixed() throws {
        let text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\n"
            + "BEGIN:VEVENT\nUID:u1\nDTSTAMP:20250101T000000Z\nDTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nEND:VEVENT\n"
            + "BEGIN:VEVENT\nUID:u1\nDTSTAMP:20250101T000000Z\nRECURRENCE-ID:20250617T100000Z\n"
            + "DTSTART:20250617T120000Z\nDTEND:20250617T130000Z\nEND:VEVENT\nEND:VCALENDAR\n"
        #expect(try Self.fixed(Array(text.replacing("\n", with: "\r\n").utf8)) == nil)
    }

    @Test func onlyACompleteVEventQueryIsCertain() {
        let instance = ObjectSummary.FixedInstance(start: 100, end: 200)
        let complete = StorageQuery(componentType: "VEVENT", timeRangeStart: 150, timeRangeEnd: 160, isComplete: true)
        #expect(complete.certainlyMatches(component: "VEVENT", fixedInstance: instance))
        #expect(!complete.certainlyMatches(component: "VEVENT", fixedInstance: nil))
        #expect(!complete.certainlyMatches(component: nil, fixedInstance: instance))
        #expect(!complete.certainlyMatches(component: "VTODO", fixedInstance: instance))
        var incomplete = complete
        incomplete.isComplete = false
        #expect(!incomplete.certainlyMatches(component: "VEVENT", fixedInstance: instance))
        let noRange = StorageQuery(componentType: "VEVENT", isComplete: true)
        #expect(!noRange.certainlyMatches(component: "VEVENT", fixedInstance: instance))
    }

    @Test(arguments: [
        (#"<C:comp-filter name="VEVENT"><C:time-range start="20250601T000000Z" end="20250701T000000Z"/></C:comp-filter>"#, true),
        (#"<C:comp-filter name="VEVENT"><C:time-range start="20250601T000000Z"/></C:comp-filter>"#, true),
        (#"<C:comp-filter name="VEVENT"/>"#, false),
        (#"<C:comp-filter name="VTODO"><C:time-range start="20250601T000000Z"/></C:comp-filter>"#, false),
        (#"<C:comp-filter name="VEVENT"><C:time-range start="20250601T000000Z"/><C:prop-filter name="SUMMARY"><C:text-match>x</C:text-match></C:prop-filter></C:comp-filter>"#, false),
        (#"<C:comp-filter name="VEVENT"><C:time-range start="20250601T000000Z"/><C:comp-filter name="VALARM"/></C:comp-filter>"#, false),
        (#"<C:comp-filter name="VEVENT"><C:time-range start="20250601T000000Z"/></C:comp-filter><C:comp-filter name="VTODO"><C:is-not-defined/></C:comp-filter>"#, false),
    ])
    func filterShapesThatAreComplete(inner: String, complete: Bool) throws {
        let xml = #"<C:filter xmlns:C="urn:ietf:params:xml:ns:caldav"><C:comp-filter name="VCALENDAR">"# + inner
            + "</C:comp-filter></C:filter>"
        let filter = try CalendarFilter(element: try XMLReader.parse(Array(xml.utf8)))
        #expect(filter.storageQuery.isComplete == complete, "\(inner)")
    }

    /// The index's answer equals the evaluator's for every range around the instance's edges.
    @Test(arguments: [
        "DTSTART:20250610T100000Z\nDTEND:20250610T113000Z\n",
        "DTSTART:20250610T100000Z\nDURATION:P1DT2H\n",
        "DTSTART;TZID=Europe/Berlin:20250330T013000\nDTEND;TZID=Europe/Berlin:20250330T033000\n",
        "DTSTART;TZID=Europe/Berlin:20251026T023000\nDURATION:PT30M\n",
        "DTSTART;TZID=Nowhere/Unknown:20250610T100000\nDTEND;TZID=Nowhere/Unknown:20250610T110000\n",
    ])
    func indexAndEvaluatorAgree(event: String) throws {
        let bytes = Self.calendar(event, zones: Self.berlin)
        let instance = try #require(try Self.fixed(bytes))
        let calendar = try #require(try ContentParser.parse(bytes).first)
        let decided = try Self.forEachRange(around: [instance.start, instance.end], in: calendar) { query, evaluated, range in
            #expect(query.isComplete)
            #expect(query.certainlyMatches(component: "VEVENT", fixedInstance: instance) == evaluated, "\(range) for \(instance)")
        }
        #expect(decided == 65)  // 10 bounded points: 45 closed ranges and 10 open on each side
    }

    /// Every VEVENT time-range filter between points around `edges` (a day and a second either
    /// side, the edge itself, and open ends), with the query the filter makes and the
    /// evaluator's own decision for `calendar`. Returns how many ranges it tried.
    static func forEachRange(around edges: [Int64], in calendar: Component,
                             _ check: (StorageQuery, Bool, String) throws -> Void) throws -> Int {
        let points: [Int64?] = [nil] + Set(edges.flatMap { [$0 - 86_400, $0 - 1, $0, $0 + 1, $0 + 86_400] }).sorted()
        var tried = 0
        for start in points {
            for end in points where start != nil || end != nil {
                if let start, let end, end <= start { continue }
                let range = CalendarFilter.TimeRange(start: start, end: end)
                let filter = CalendarFilter(root: .init(name: "VCALENDAR", components: [.init(name: "VEVENT", timeRange: range)]))
                let evaluated = try CalendarFilterEvaluator(resolver: TimeZoneResolver(calendar: calendar)).matches(filter, calendar: calendar)
                try check(filter.storageQuery, evaluated, "range \(String(describing: start))..<\(String(describing: end))")
                tried += 1
            }
        }
        return tried
    }
}
