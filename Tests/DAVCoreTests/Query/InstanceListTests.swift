import Testing

@testable import DAVCore

/// `ObjectSummary.instances` and `StorageQuery.decision`: an index may decide a time-range query
/// from an object's instance list, both ways, only where the core's own RFC 4791 §9.9 decision
/// would say the same.
@Suite struct InstanceListTests {
    static func instances(_ event: String) throws -> [ObjectSummary.FixedInstance]? {
        try ObjectValidation.calendarObject(FixedInstanceTests.calendar(event, zones: FixedInstanceTests.berlin),
                                            allowedComponents: ["VEVENT", "VTODO"]).instances
    }

    static let tenUTC = FixedInstanceTests.tenUTC

    @Test func aBoundedRuleListsEveryInstance() throws {
        let weekly = try #require(try Self.instances("DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRRULE:FREQ=WEEKLY;COUNT=3\n"))
        #expect(weekly == [0, 7, 14].map { ObjectSummary.FixedInstance(start: Self.tenUTC + $0 * 86_400, end: Self.tenUTC + $0 * 86_400 + 3600) })
        let excluded = try #require(try Self.instances(
            "DTSTART:20250610T100000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;UNTIL=20250614T100000Z\nEXDATE:20250611T100000Z\nRDATE:20250620T100000Z\n"))
        #expect(excluded.map { ($0.start - Self.tenUTC) / 86_400 } == [0, 2, 3, 4, 10])
        let lists = try #require(try Self.instances(
            "DTSTART:20250610T100000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=5\nEXDATE:20250611T100000Z,20250613T100000Z\n"
                + "RDATE:20250620T100000Z,20250621T100000Z\n"))
        #expect(lists.map { ($0.start - Self.tenUTC) / 86_400 } == [0, 2, 4, 10, 11])
        let single = try #require(try Self.instances("DTSTART:20250610T100000Z\nDTEND:20250610T113000Z\n"))
        #expect(single == [.init(start: Self.tenUTC, end: Self.tenUTC + 5400)])
    }

    @Test(arguments: [
        ("no end to the rule", "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRRULE:FREQ=WEEKLY\n"),
        ("a floating UNTIL", "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRRULE:FREQ=DAILY;UNTIL=20250620T100000\n"),
        ("a date UNTIL", "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRRULE:FREQ=DAILY;UNTIL=20250620\n"),
        ("too many instances", "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRRULE:FREQ=HOURLY;COUNT=1001\n"),
        ("a floating start", "DTSTART:20250610T100000\nDTEND:20250610T110000\nRRULE:FREQ=DAILY;COUNT=3\n"),
        ("all-day", "DTSTART;VALUE=DATE:20250610\nDTEND;VALUE=DATE:20250611\nRRULE:FREQ=DAILY;COUNT=3\n"),
        ("a floating EXDATE", "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRRULE:FREQ=DAILY;COUNT=3\nEXDATE:20250611T100000\n"),
        ("an EXDATE list with a floating value",
         "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRRULE:FREQ=DAILY;COUNT=3\nEXDATE:20250611T100000Z,20250612T100000\n"),
        ("a date-time under VALUE=DATE",
         "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRRULE:FREQ=DAILY;COUNT=3\nEXDATE;VALUE=DATE:20250611T100000Z\n"),
        ("a date EXDATE list",
         "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRRULE:FREQ=DAILY;COUNT=3\nEXDATE;VALUE=DATE:20250611,20250612\n"),
        ("an RDATE period", "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRDATE;VALUE=PERIOD:20250620T100000Z/PT2H\n"),
        ("a date RDATE", "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRDATE;VALUE=DATE:20250620\n"),
        ("an override", "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRECURRENCE-ID:20250610T100000Z\n"),
        ("zero length", "DTSTART:20250610T100000Z\nDTEND:20250610T100000Z\nRRULE:FREQ=DAILY;COUNT=3\n"),
        ("no end", "DTSTART:20250610T100000Z\nRRULE:FREQ=DAILY;COUNT=3\n"),
    ])
    func othersHaveNoList(what: String, event: String) throws {
        #expect(try Self.instances(event) == nil, "\(what)")
    }

    @Test func onlyACompleteVEventQueryWithARangeIsDecided() {
        let list: [ObjectSummary.FixedInstance] = [.init(start: 100, end: 200), .init(start: 500, end: 600)]
        let gap = StorageQuery(componentType: "VEVENT", timeRangeStart: 200, timeRangeEnd: 500, isComplete: true)
        #expect(gap.decision(component: "VEVENT", instances: list) == false)
        #expect(gap.decision(component: "VEVENT", instances: nil) == nil)
        #expect(gap.decision(component: "VTODO", instances: list) == nil)
        var incomplete = gap
        incomplete.isComplete = false
        #expect(incomplete.decision(component: "VEVENT", instances: list) == nil)
        #expect(StorageQuery(componentType: "VEVENT", isComplete: true).decision(component: "VEVENT", instances: list) == nil)
        let second = StorageQuery(componentType: "VEVENT", timeRangeStart: 599, timeRangeEnd: nil, isComplete: true)
        #expect(second.decision(component: "VEVENT", instances: list) == true)
    }

    /// The list's answer equals the evaluator's for every range around the edges of its instances
    /// (of the first, a middle and the last in a long list), across a DST change in a TZID zone
    /// and around EXDATE'd slots included.
    @Test(arguments: [
        "DTSTART:20250610T100000Z\nDTEND:20250610T110000Z\nRRULE:FREQ=WEEKLY;COUNT=10\n",
        "DTSTART;TZID=Europe/Berlin:20250320T013000\nDTEND;TZID=Europe/Berlin:20250320T033000\nRRULE:FREQ=WEEKLY;COUNT=4\n",
        "DTSTART;TZID=Europe/Berlin:20251020T090000\nDURATION:PT8H\nRRULE:FREQ=DAILY;UNTIL=20251030T080000Z\nEXDATE;TZID=Europe/Berlin:20251026T090000\n",
        "DTSTART:20250610T100000Z\nDURATION:P1DT2H\nRRULE:FREQ=DAILY;INTERVAL=2;COUNT=5\nRDATE:20250701T000000Z\n",
        "DTSTART;TZID=Europe/Berlin:20250130T120000\nDTEND;TZID=Europe/Berlin:20250130T123000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=6\n",
        "DTSTART;TZID=Europe/Berlin:20250211T070000\nDTEND;TZID=Europe/Berlin:20250211T073000\nRRULE:FREQ=WEEKLY;COUNT=28\n"
            + "EXDATE;TZID=Europe/Berlin:20250408T070000,20250729T070000\n",
    ])
    func listAndEvaluatorAgree(event: String) throws {
        let bytes = FixedInstanceTests.calendar(event, zones: FixedInstanceTests.berlin)
        let list = try #require(try Self.instances(event))
        let calendar = try #require(try ContentParser.parse(bytes).first)
        // Also the instances on either side of a gap twice the usual step or more: where an EXDATE
        // took one out, a list that kept it would answer differently.
        let steps = zip(list, list.dropFirst()).map { $1.start - $0.start }
        let usual = steps.min() ?? 0
        let aroundGaps = steps.indices.filter { steps[$0] >= 2 * usual }.flatMap { [list[$0], list[$0 + 1]] }
        let sample = [list[0], list[list.count / 2], list[list.count - 1]] + aroundGaps
        let decided = try FixedInstanceTests.forEachRange(around: sample.flatMap { [$0.start, $0.end] }, in: calendar) {
            query, evaluated, range in
            #expect(query.decision(component: "VEVENT", instances: list) == evaluated, "\(range)")
        }
        #expect(decided > 100)
    }
}
