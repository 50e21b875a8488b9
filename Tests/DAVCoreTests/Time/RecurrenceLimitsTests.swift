@testable import DAVCore
import Testing

/// Long-running and hostile series: fast-forwarding, 64-bit dates far ahead, the limits, and
/// `bounds()` for the storage index.
@Suite struct RecurrenceLimitsTests {
    private typealias F = TimeFixture

    private static let weeklySince2005 = """
        BEGIN:VEVENT
        UID:w
        DTSTART;TZID=Europe/Berlin:20050103T100000
        DTEND;TZID=Europe/Berlin:20050103T110000
        RRULE:FREQ=WEEKLY;BYDAY=MO

        """

    @Test func weeklySince2005IsFoundDecadesLater() throws {
        let expander = try F.expander(Self.weeklySince2005 + "END:VEVENT\n")
        let week = try expander.occurrences(from: F.utc("20261116T000000Z"), to: F.utc("20261123T000000Z"))
        #expect(F.utcStarts(week) == ["20261116T090000Z"])
        let summer2040 = try expander.occurrences(from: F.utc("20400701T000000Z"), to: F.utc("20400708T000000Z"))
        #expect(F.utcStarts(summer2040) == ["20400702T080000Z"])
        let year2100 = try expander.occurrences(from: F.utc("21000101T000000Z"), to: F.utc("21010101T000000Z"))
        #expect(year2100.count == 52)
        #expect(ICalDateTime.utcString(year2100[0].start) == "21000104T090000Z")
        #expect(F.localStarts(year2100, in: try F.zone("Europe/Berlin")).allSatisfy { $0.hasSuffix("T100000") })
    }

    /// Rules without COUNT jump to the window: a daily series from 1990 needs far fewer than its
    /// 13 000 earlier days, and a secondly one far fewer than its billion earlier seconds.
    @Test func rulesWithoutCountFastForward() throws {
        var limits = RecurrenceExpander.Limits()
        limits.maxIterations = 2_000
        for rule in ["FREQ=DAILY", "FREQ=HOURLY;INTERVAL=5", "FREQ=MINUTELY;INTERVAL=7", "FREQ=SECONDLY;INTERVAL=3600"] {
            let expander = try F.expander("BEGIN:VEVENT\nUID:d\nDTSTART:19900101T120000Z\nRRULE:\(rule)\nEND:VEVENT\n", limits: limits)
            let found = try expander.occurrences(from: F.utc("20260601T000000Z"), to: F.utc("20260602T000000Z"))
            #expect(!found.isEmpty, "\(rule)")
            #expect(found.allSatisfy { $0.start >= F.utc("20260601T000000Z") - 3_600 && $0.start < F.utc("20260602T000000Z") })
        }
        let daily = try F.expander("BEGIN:VEVENT\nUID:d\nDTSTART:19900101T120000Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n", limits: limits)
        #expect(F.utcStarts(try daily.occurrences(from: F.utc("20260601T000000Z"), to: F.utc("20260602T000000Z"))) == ["20260601T120000Z"])
    }

    @Test func countedRulesAreWalkedFromTheStartWithinLimits() throws {
        let expander = try F.expander("BEGIN:VEVENT\nUID:c\nDTSTART:19900101T120000Z\nRRULE:FREQ=DAILY;COUNT=20000\nEND:VEVENT\n")
        let found = try expander.occurrences(from: F.utc("20260601T000000Z"), to: F.utc("20260602T000000Z"))
        #expect(F.utcStarts(found) == ["20260601T120000Z"])
    }

    /// Each call ends within the two-second default deadline (plus scheduling slack), by an
    /// error or with an answer that fits the limits.
    @Test func hostileSecondlyRulesEndQuickly() throws {
        let clock = ContinuousClock()
        func timed<T>(_ body: () throws -> T) rethrows -> T {
            let start = clock.now
            defer { #expect(start.duration(to: clock.now) < .seconds(3)) }
            return try body()
        }
        let endless = try F.expander("BEGIN:VEVENT\nUID:h\nDTSTART:19700101T000000Z\nRRULE:FREQ=SECONDLY\nEND:VEVENT\n")
        timed { #expect(throws: RecurrenceError.self) { try endless.occurrences(from: F.utc("20260101T000000Z"), to: F.utc("20270101T000000Z")) } }
        timed { #expect(throws: RecurrenceError.self) { try endless.occurrences(from: nil, to: nil) } }
        let minute = try timed { try endless.occurrences(from: F.utc("20260101T000000Z"), to: F.utc("20260101T000100Z")) }
        #expect(minute.count == 60)
        #expect(pair(try timed { try endless.bounds() }) == [F.utc("19700101T000000Z"), nil])
        let counted = try F.expander("BEGIN:VEVENT\nUID:h\nDTSTART:19700101T000000Z\nRRULE:FREQ=SECONDLY;COUNT=1000000000000\nEND:VEVENT\n")
        timed { #expect(throws: RecurrenceError.self) { try counted.occurrences(from: F.utc("20260101T000000Z"), to: F.utc("20260102T000000Z")) } }
        timed { #expect(throws: RecurrenceError.self) { try counted.bounds() } }
    }

    @Test func theDeadlineStopsWork() throws {
        var limits = RecurrenceExpander.Limits()
        limits.deadline = .milliseconds(50)
        limits.maxIterations = .max
        limits.maxInstances = .max
        let expander = try F.expander("BEGIN:VEVENT\nUID:h\nDTSTART:19700101T000000Z\nRRULE:FREQ=SECONDLY;COUNT=1000000000000\nEND:VEVENT\n",
                                      limits: limits)
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try expander.bounds()
            Issue.record("expected the deadline to stop the walk")
        } catch {
            #expect(error.code == .limitExceeded)
        }
        #expect(start.duration(to: clock.now) < .seconds(2))
    }

    @Test func setPositionsOverHugeSetsStayCheap() throws {
        let all = (0...59).map(String.init).joined(separator: ",")
        let hours = (0...23).map(String.init).joined(separator: ",")
        let rule = "FREQ=YEARLY;BYDAY=SU,MO,TU,WE,TH,FR,SA;BYHOUR=\(hours);BYMINUTE=\(all);BYSECOND=\(all);BYSETPOS=-1,1"
        let expander = try F.expander("BEGIN:VEVENT\nUID:s\nDTSTART:20250101T000000Z\nRRULE:\(rule)\nEND:VEVENT\n")
        let found = try expander.occurrences(from: nil, to: F.utc("20270101T000000Z"))
        #expect(F.utcStarts(found) == ["20250101T000000Z", "20251231T235959Z", "20260101T000000Z", "20261231T235959Z"])
    }

    @Test func tooManyInstancesThrowRatherThanTruncate() throws {
        var limits = RecurrenceExpander.Limits()
        limits.maxInstances = 100
        let expander = try F.expander("BEGIN:VEVENT\nUID:d\nDTSTART:20250101T000000Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n", limits: limits)
        #expect(try expander.occurrences(from: nil, to: F.utc("20250401T000000Z")).count == 90)
        #expect(throws: RecurrenceError.self) { try expander.occurrences(from: nil, to: F.utc("20260101T000000Z")) }
    }

    @Test func boundsForCountUntilAndOpenSeries() throws {
        let counted = try F.expander(Self.weeklySince2005.replacingOccurrences("BYDAY=MO", "BYDAY=MO;COUNT=3") + "END:VEVENT\n")
        #expect(pair(try counted.bounds()) == [F.utc("20050103T090000Z"), F.utc("20050117T100000Z")])
        let until = try F.expander(Self.weeklySince2005.replacingOccurrences("BYDAY=MO", "BYDAY=MO;UNTIL=20050401T000000Z") + "END:VEVENT\n")
        #expect(pair(try until.bounds()) == [F.utc("20050103T090000Z"), F.utc("20050328T090000Z")])
        let open = try F.expander(Self.weeklySince2005 + "EXDATE;TZID=Europe/Berlin:20050103T100000\nEND:VEVENT\n")
        #expect(pair(try open.bounds()) == [F.utc("20050110T090000Z"), nil])
        let allDay = try F.expander("BEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20250601\nRRULE:FREQ=YEARLY;COUNT=2\nEND:VEVENT\n")
        #expect(pair(try allDay.bounds()) == [F.utc("20250601T000000Z"), F.utc("20260602T000000Z")])
        let single = try F.expander("BEGIN:VEVENT\nUID:s\nDTSTART:20250601T100000Z\nEND:VEVENT\n")
        #expect(pair(try single.bounds()) == [F.utc("20250601T100000Z"), F.utc("20250601T100000Z")])
        let none = try F.expander("BEGIN:VTODO\nUID:t\nEND:VTODO\n", type: "VTODO")
        #expect(pair(try none.bounds()) == [nil, nil])
    }

    @Test func boundsIncludeRDatesAndOverridesOutsideTheRule() throws {
        let expander = try F.expander("""
            BEGIN:VEVENT
            UID:x
            DTSTART:20250601T100000Z
            DTEND:20250601T110000Z
            RRULE:FREQ=DAILY;COUNT=3
            RDATE:20250501T100000Z
            END:VEVENT
            BEGIN:VEVENT
            UID:x
            RECURRENCE-ID:20250603T100000Z
            DTSTART:20250801T100000Z
            DTEND:20250801T130000Z
            END:VEVENT

            """)
        #expect(pair(try expander.bounds()) == [F.utc("20250501T100000Z"), F.utc("20250801T130000Z")])
    }
}

private func pair(_ bounds: (first: Int64?, last: Int64?)) -> [Int64?] { [bounds.first, bounds.last] }

private extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
