@testable import DAVCore
import Testing

/// EXDATE, RDATE, RECURRENCE-ID overrides and RANGE=THISANDFUTURE, and the time-range window.
@Suite struct RecurrenceSetTests {
    private typealias F = TimeFixture

    private static let daily = """
        BEGIN:VEVENT
        UID:daily
        DTSTART;TZID=Europe/Berlin:20250602T100000
        DTEND;TZID=Europe/Berlin:20250602T110000
        RRULE:FREQ=DAILY;COUNT=5

        """

    @Test func exdateRemovesSlotsInAnyZoneSpelling() throws {
        let expander = try F.expander(Self.daily + """
            EXDATE;TZID=Europe/Berlin:20250603T100000
            EXDATE:20250605T080000Z
            END:VEVENT

            """)
        let occurrences = try expander.occurrences(from: nil, to: nil)
        #expect(F.utcStarts(occurrences) == ["20250602T080000Z", "20250604T080000Z", "20250606T080000Z"])
        #expect(occurrences.allSatisfy { $0.end == $0.start + 3_600 && $0.recurrenceID == $0.start && $0.componentIndex == 0 })
    }

    @Test func exdateAsDateRemovesThatLocalDay() throws {
        let expander = try F.expander(Self.daily + "EXDATE;VALUE=DATE:20250604\nEND:VEVENT\n")
        #expect(F.utcStarts(try expander.occurrences(from: nil, to: nil)).count == 4)
        #expect(!F.utcStarts(try expander.occurrences(from: nil, to: nil)).contains("20250604T080000Z"))
    }

    @Test func rdatesOfEveryKind() throws {
        let expander = try F.expander("""
            BEGIN:VEVENT
            UID:r
            DTSTART:20250601T090000Z
            DURATION:PT1H
            RDATE:20250610T090000Z,20250611T090000Z
            RDATE;TZID=America/New_York:20250612T090000
            RDATE;VALUE=PERIOD:20250613T090000Z/20250613T120000Z,20250614T090000Z/PT30M
            END:VEVENT
            BEGIN:VEVENT
            UID:allday
            DTSTART;VALUE=DATE:20250701
            DTEND;VALUE=DATE:20250702
            RDATE;VALUE=DATE:20250704,20250710
            END:VEVENT

            """)
        let occurrences = try expander.occurrences(from: nil, to: nil)
        #expect(F.utcStarts(occurrences) == ["20250601T090000Z", "20250610T090000Z", "20250611T090000Z", "20250612T130000Z",
                                             "20250613T090000Z", "20250614T090000Z", "20250701T000000Z", "20250704T000000Z",
                                             "20250710T000000Z"])
        #expect(occurrences.map { $0.end! - $0.start } == [3_600, 3_600, 3_600, 3_600, 10_800, 1_800, 86_400, 86_400, 86_400])
        #expect(occurrences.map(\.isDate) == [false, false, false, false, false, false, true, true, true])
        #expect(occurrences.map(\.componentIndex) == [0, 0, 0, 0, 0, 0, 1, 1, 1])
    }

    @Test func overrideMovesOneInstance() throws {
        let expander = try F.expander(Self.daily + """
            END:VEVENT
            BEGIN:VEVENT
            UID:daily
            RECURRENCE-ID;TZID=Europe/Berlin:20250604T100000
            DTSTART;TZID=Europe/Berlin:20250604T150000
            DTEND;TZID=Europe/Berlin:20250604T170000
            SUMMARY:moved
            END:VEVENT

            """)
        let occurrences = try expander.occurrences(from: F.utc("20250604T000000Z"), to: F.utc("20250605T000000Z"))
        #expect(occurrences.count == 1)
        let moved = try #require(occurrences.first)
        #expect(ICalDateTime.utcString(moved.start) == "20250604T130000Z")
        #expect(moved.end == moved.start + 7_200)
        #expect(moved.recurrenceID == F.utc("20250604T080000Z"))
        #expect(moved.componentIndex == 1)
        // The original 08:00Z slot is gone, whatever the window.
        #expect(!F.utcStarts(try expander.occurrences(from: nil, to: nil)).contains("20250604T080000Z"))
        #expect(try expander.occurrences(from: nil, to: nil).count == 5)
    }

    @Test func overrideMovedIntoAnotherWindowIsFoundThere() throws {
        let expander = try F.expander(Self.daily + """
            END:VEVENT
            BEGIN:VEVENT
            UID:daily
            RECURRENCE-ID:20250603T080000Z
            DTSTART:20250720T080000Z
            DTEND:20250720T090000Z
            END:VEVENT

            """)
        let july = try expander.occurrences(from: F.utc("20250701T000000Z"), to: F.utc("20250801T000000Z"))
        #expect(F.utcStarts(july) == ["20250720T080000Z"])
        let june = try expander.occurrences(from: F.utc("20250601T000000Z"), to: F.utc("20250701T000000Z"))
        #expect(F.utcStarts(june) == ["20250602T080000Z", "20250604T080000Z", "20250605T080000Z", "20250606T080000Z"])
    }

    @Test func thisAndFutureShiftsLaterInstances() throws {
        let expander = try F.expander("""
            BEGIN:VEVENT
            UID:w
            DTSTART;TZID=Europe/Berlin:20250303T100000
            DTEND;TZID=Europe/Berlin:20250303T110000
            RRULE:FREQ=WEEKLY;COUNT=6
            END:VEVENT
            BEGIN:VEVENT
            UID:w
            RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20250317T100000
            DTSTART;TZID=Europe/Berlin:20250318T140000
            DTEND;TZID=Europe/Berlin:20250318T160000
            END:VEVENT

            """)
        let occurrences = try expander.occurrences(from: nil, to: nil)
        // Mon 10:00 until the 10th; from the 17th on, Tue 14:00 for two hours, across the DST change.
        #expect(F.localStarts(occurrences, in: try F.zone("Europe/Berlin")) == [
            "20250303T100000", "20250310T100000", "20250318T140000", "20250325T140000", "20250401T140000", "20250408T140000",
        ])
        #expect(occurrences.map(\.componentIndex) == [0, 0, 1, 1, 1, 1])
        #expect(occurrences.map { $0.end! - $0.start } == [3_600, 3_600, 7_200, 7_200, 7_200, 7_200])
        #expect(occurrences[3].recurrenceID == F.utc("20250324T090000Z"))
    }

    @Test func windowSemantics() throws {
        let expander = try F.expander(Self.daily + "END:VEVENT\n")
        // An instance ending exactly at the window start does not overlap; one starting at its end neither.
        let occurrences = try expander.occurrences(from: F.utc("20250603T090000Z"), to: F.utc("20250605T080000Z"))
        #expect(F.utcStarts(occurrences) == ["20250604T080000Z"])
        let open = try expander.occurrences(from: F.utc("20250605T083000Z"), to: nil)
        #expect(F.utcStarts(open) == ["20250605T080000Z", "20250606T080000Z"])
    }

    @Test func nonRecurringEventsTodosAndAllDayEvents() throws {
        let calendar = try F.calendar("""
            BEGIN:VTODO
            UID:t
            DUE:20250610T170000Z
            END:VTODO
            BEGIN:VTODO
            UID:t2
            SUMMARY:no dates
            END:VTODO

            """)
        let todos = RecurrenceExpander(components: calendar.components("VTODO"), resolver: TimeZoneResolver(calendar: calendar))
        let found = try todos.occurrences(from: nil, to: nil)
        #expect(found == [Occurrence(start: F.utc("20250610T170000Z"), end: nil, isDate: false, recurrenceID: nil, componentIndex: 0)])

        let allDay = try F.expander("BEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20250610\nEND:VEVENT\n", floating: try F.zone("Europe/Berlin"))
        let day = try allDay.occurrences(from: F.utc("20250610T120000Z"), to: F.utc("20250610T130000Z"))
        #expect(day.count == 1)
        #expect(ICalDateTime.utcString(day[0].start) == "20250609T220000Z")
        #expect(day[0].isDate && day[0].end == nil && day[0].recurrenceID == nil)
    }

    @Test func floatingEventsFollowTheFloatingZone() throws {
        let body = "BEGIN:VEVENT\nUID:f\nDTSTART:20250106T100000\nRRULE:FREQ=WEEKLY;COUNT=30\nEND:VEVENT\n"
        let berlin = try F.expander(body, floating: try F.zone("Europe/Berlin"))
        let utc = try F.expander(body)
        #expect(F.utcStarts(try berlin.occurrences(from: F.utc("20250707T000000Z"), to: F.utc("20250708T000000Z"))) == ["20250707T080000Z"])
        #expect(F.utcStarts(try utc.occurrences(from: F.utc("20250707T000000Z"), to: F.utc("20250708T000000Z"))) == ["20250707T100000Z"])
    }

    @Test func untilAsDateIncludesThatDay() throws {
        let expander = try F.expander("""
            BEGIN:VEVENT
            UID:u
            DTSTART;VALUE=DATE:20250601
            RRULE:FREQ=DAILY;UNTIL=20250603
            END:VEVENT

            """)
        #expect(F.utcStarts(try expander.occurrences(from: nil, to: nil)) == ["20250601T000000Z", "20250602T000000Z", "20250603T000000Z"])
    }

    @Test func badComponentsThrow() throws {
        for body in ["DTSTART:20250601T100000Z\nRRULE:FREQ=FORTNIGHTLY\n", "DTSTART:2025-06-01\n",
                     "DTSTART:20250601T100000Z\nEXDATE:tomorrow\n", "DTSTART:20250601T100000Z\nRDATE:20250602T100000Z/soon\n",
                     "DTSTART;VALUE=DATE:20250601\nRRULE:FREQ=HOURLY\n"] {
            let expander = try F.expander("BEGIN:VEVENT\nUID:b\n\(body)END:VEVENT\n")
            #expect(throws: RecurrenceError.self, "\(body)") { try expander.occurrences(from: nil, to: F.utc("20260101T000000Z")) }
        }
    }
}
