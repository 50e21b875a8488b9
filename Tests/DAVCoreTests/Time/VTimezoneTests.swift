@testable import DAVCore
import Testing

/// Zones written inline as VTIMEZONE components, the way Outlook and Apple send them.
@Suite struct VTimezoneTests {
    private typealias F = TimeFixture

    /// Outlook/Exchange: Windows TZID, observances starting in 1601, open-ended RRULEs.
    static let outlookWestEurope = """
        BEGIN:VTIMEZONE
        TZID:W. Europe Standard Time
        BEGIN:STANDARD
        DTSTART:16010101T030000
        TZOFFSETFROM:+0200
        TZOFFSETTO:+0100
        RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:16010101T020000
        TZOFFSETFROM:+0100
        TZOFFSETTO:+0200
        RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
        END:DAYLIGHT
        END:VTIMEZONE

        """

    /// Apple-style, under a TZID no zone database knows, so only the component can answer.
    static let appleEastern = """
        BEGIN:VTIMEZONE
        TZID:Custom Eastern
        BEGIN:DAYLIGHT
        TZOFFSETFROM:-0500
        RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z
        DTSTART:19870405T020000
        TZNAME:EDT
        TZOFFSETTO:-0400
        END:DAYLIGHT
        BEGIN:STANDARD
        TZOFFSETFROM:-0400
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z
        DTSTART:19671029T020000
        TZNAME:EST
        TZOFFSETTO:-0500
        END:STANDARD
        BEGIN:DAYLIGHT
        TZOFFSETFROM:-0500
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
        DTSTART:20070311T020000
        TZNAME:EDT
        TZOFFSETTO:-0400
        END:DAYLIGHT
        BEGIN:STANDARD
        TZOFFSETFROM:-0400
        RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
        DTSTART:20071104T020000
        TZNAME:EST
        TZOFFSETTO:-0500
        END:STANDARD
        END:VTIMEZONE

        """

    private static func zone(of calendar: Component) throws -> TimeZoneResolver.Zone {
        let component = try #require(calendar.components("VTIMEZONE").first)
        return try #require(TimeZoneResolver.zone(fromVTimezone: component))
    }

    @Test func outlookWestEuropeMatchesBerlin() throws {
        let calendar = try F.calendar(Self.outlookWestEurope)
        let zone = try Self.zone(of: calendar)
        let berlin = try F.zone("Europe/Berlin")
        for instant in ["20250330T005959Z", "20250330T010000Z", "20251026T005959Z", "20251026T010000Z", "20250101T000000Z",
                        "20400325T010000Z", "21000701T000000Z", "21991231T000000Z"] {
            #expect(zone.offset(atUTC: F.utc(instant)) == berlin.offset(atUTC: F.utc(instant)), "\(instant)")
        }
        // Past the listed onsets (2200), the open-ended rules are evaluated on demand.
        #expect(zone.offset(atUTC: F.utc("23000701T120000Z")) == 7_200)
        #expect(zone.offset(atUTC: F.utc("23001201T120000Z")) == 3_600)
    }

    @Test func weeklyMeetingInOutlookZoneKeepsItsLocalTime() throws {
        let expander = try F.expander(Self.outlookWestEurope + """
            BEGIN:VEVENT
            UID:outlook
            DTSTART;TZID=W. Europe Standard Time:20250303T100000
            DTEND;TZID=W. Europe Standard Time:20250303T110000
            RRULE:FREQ=WEEKLY;BYDAY=MO
            END:VEVENT

            """)
        let occurrences = try expander.occurrences(from: F.utc("20250324T000000Z"), to: F.utc("20250408T000000Z"))
        #expect(F.utcStarts(occurrences) == ["20250324T090000Z", "20250331T080000Z", "20250407T080000Z"])
        #expect(occurrences.map { $0.end! - $0.start } == [3_600, 3_600, 3_600])
    }

    @Test func windowsNameWithoutVTimezoneGivesTheSameInstances() throws {
        let expander = try F.expander("""
            BEGIN:VEVENT
            UID:outlook
            DTSTART;TZID=W. Europe Standard Time:20250303T100000
            RRULE:FREQ=WEEKLY;BYDAY=MO
            END:VEVENT

            """)
        let occurrences = try expander.occurrences(from: F.utc("20250324T000000Z"), to: F.utc("20250408T000000Z"))
        #expect(F.utcStarts(occurrences) == ["20250324T090000Z", "20250331T080000Z", "20250407T080000Z"])
    }

    @Test func appleStyleZoneWithHistoricalObservances() throws {
        let resolver = TimeZoneResolver(calendar: try F.calendar(Self.appleEastern))
        let zone = try #require(resolver.zone("Custom Eastern"))
        // 2000: first Sunday of April to last Sunday of October.
        #expect(zone.offset(atUTC: F.utc("20000402T065959Z")) == -18_000)
        #expect(zone.offset(atUTC: F.utc("20000402T070000Z")) == -14_400)
        #expect(zone.offset(atUTC: F.utc("20001029T060000Z")) == -18_000)
        // 2010: second Sunday of March to first Sunday of November.
        #expect(zone.offset(atUTC: F.utc("20100314T070000Z")) == -14_400)
        #expect(zone.offset(atUTC: F.utc("20100401T000000Z")) == -14_400)
        #expect(zone.offset(atUTC: F.utc("20101107T060000Z")) == -18_000)
        // Before the earliest onset: that onset's TZOFFSETFROM.
        #expect(zone.offset(atUTC: F.utc("19500101T000000Z")) == -14_400)
    }

    @Test func gapAndOverlapInAnInlineZone() throws {
        let resolver = TimeZoneResolver(calendar: try F.calendar(Self.appleEastern))
        func utc(_ local: String) -> String {
            ICalDateTime.utcString(resolver.utcSeconds(ICalDateTime.parse(local, tzid: "Custom Eastern")!))
        }
        #expect(utc("20250309T023000") == "20250309T073000Z")  // does not exist: read as EST, i.e. 03:30 EDT
        #expect(utc("20251102T013000") == "20251102T053000Z")  // exists twice: the first, EDT
        #expect(utc("20251102T023000") == "20251102T073000Z")
    }

    @Test func dailyEventThroughTheGapAndTheOverlap() throws {
        let expander = try F.expander(Self.appleEastern + """
            BEGIN:VEVENT
            UID:night
            DTSTART;TZID=Custom Eastern:20250308T023000
            RRULE:FREQ=DAILY;COUNT=3
            END:VEVENT
            BEGIN:VEVENT
            UID:night2
            DTSTART;TZID=Custom Eastern:20251101T013000
            RRULE:FREQ=DAILY;COUNT=3
            END:VEVENT

            """)
        let spring = try expander.occurrences(from: F.utc("20250301T000000Z"), to: F.utc("20250315T000000Z"))
        #expect(F.utcStarts(spring) == ["20250308T073000Z", "20250309T073000Z", "20250310T063000Z"])
        let autumn = try expander.occurrences(from: F.utc("20251025T000000Z"), to: F.utc("20251110T000000Z"))
        #expect(F.utcStarts(autumn) == ["20251101T053000Z", "20251102T053000Z", "20251103T063000Z"])
    }

    @Test func theObjectsVTimezoneWinsOverTheDatabase() throws {
        let resolver = TimeZoneResolver(calendar: try F.calendar("""
            BEGIN:VTIMEZONE
            TZID:Europe/Berlin
            BEGIN:STANDARD
            DTSTART:19700101T000000
            TZOFFSETFROM:+0300
            TZOFFSETTO:+0300
            END:STANDARD
            END:VTIMEZONE

            """))
        let value = try #require(ICalDateTime.parse("20250715T120000", tzid: "Europe/Berlin"))
        #expect(ICalDateTime.utcString(resolver.utcSeconds(value)) == "20250715T090000Z")
    }

    @Test func observancesFromRDates() throws {
        let calendar = try F.calendar("""
            BEGIN:VTIMEZONE
            TZID:Listed
            BEGIN:DAYLIGHT
            DTSTART:20200329T020000
            RDATE:20210328T020000,20220327T020000
            TZOFFSETFROM:+0100
            TZOFFSETTO:+0200
            END:DAYLIGHT
            BEGIN:STANDARD
            DTSTART:20201025T030000
            RDATE:20211031T030000
            TZOFFSETFROM:+0200
            TZOFFSETTO:+0100
            END:STANDARD
            END:VTIMEZONE

            """)
        let zone = try Self.zone(of: calendar)
        #expect(zone.offset(atUTC: F.utc("20210601T000000Z")) == 7_200)
        #expect(zone.offset(atUTC: F.utc("20211101T000000Z")) == 3_600)
        #expect(zone.offset(atUTC: F.utc("20230101T000000Z")) == 7_200)  // the last onset listed is a DAYLIGHT one
        #expect(zone.offset(atUTC: F.utc("20200101T000000Z")) == 3_600)
    }

    /// CALDAV:calendar-timezone holds a whole VCALENDAR; its VTIMEZONE is used.
    @Test func calendarTimezonePropertyValue() throws {
        let calendar = try F.calendar(Self.outlookWestEurope)
        let zone = try #require(TimeZoneResolver.zone(fromVTimezone: calendar))
        #expect(zone.identifier == "W. Europe Standard Time")
        let resolver = TimeZoneResolver(calendar: nil, floating: zone)
        #expect(resolver.utcSeconds(ICalDateTime(year: 2025, month: 7, day: 1, hour: 12)) == F.utc("20250701T100000Z"))
    }

    /// Observances that change every second are listed up to a cap and never extended on
    /// demand, so lookups stay cheap.
    @Test func hostileObservancesStayCheap() throws {
        let expander = try F.expander("""
            BEGIN:VTIMEZONE
            TZID:Hostile
            BEGIN:STANDARD
            DTSTART:19700101T000000
            TZOFFSETFROM:+0100
            TZOFFSETTO:+0200
            RRULE:FREQ=SECONDLY;INTERVAL=2
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:19700101T000001
            TZOFFSETFROM:+0200
            TZOFFSETTO:+0100
            RRULE:FREQ=SECONDLY;INTERVAL=2
            END:DAYLIGHT
            END:VTIMEZONE
            BEGIN:VEVENT
            UID:h
            DTSTART;TZID=Hostile:20250101T100000
            RRULE:FREQ=DAILY;COUNT=1000
            END:VEVENT

            """)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try expander.occurrences(from: nil, to: nil).count == 1_000)
        #expect(start.duration(to: clock.now) < .seconds(2))
    }

    @Test func unusableVTimezonesAreIgnored() throws {
        let calendar = try F.calendar("BEGIN:VTIMEZONE\nTZID:Broken\nBEGIN:STANDARD\nDTSTART:garbage\nTZOFFSETFROM:+0100\n"
            + "TZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\n")
        #expect(calendar.components("VTIMEZONE").first.flatMap(TimeZoneResolver.zone(fromVTimezone:)) == nil)
        #expect(TimeZoneResolver(calendar: calendar).zone("Broken") == nil)
        #expect(TimeZoneResolver.utcOffset("+0530") == 19_800)
        #expect(TimeZoneResolver.utcOffset("-013015") == -5_415)
        #expect(TimeZoneResolver.utcOffset("0100") == nil)
    }
}
