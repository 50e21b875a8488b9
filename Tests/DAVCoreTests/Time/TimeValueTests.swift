@testable import DAVCore
import Testing

/// DATE, DATE-TIME, DURATION and RRULE values, and the civil-calendar arithmetic under them.
@Suite struct TimeValueTests {
    @Test func civilConversionsRoundTripOverMillennia() {
        #expect(CivilCalendar.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilCalendar.days(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilCalendar.days(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilCalendar.weekday(0) == 4)  // Thursday
        #expect(CivilCalendar.weekday(CivilCalendar.days(year: 2026, month: 11, day: 16)) == 1)  // Monday
        // Every day from 1600 to 2400 against a plain day-by-day count.
        var day = CivilCalendar.days(year: 1600, month: 1, day: 1)
        let last = CivilCalendar.days(year: 2401, month: 1, day: 1)
        var (year, month, dayOfMonth): (Int64, Int64, Int64) = (1600, 1, 1)
        var mismatches = 0
        while day < last {
            let civil = CivilCalendar.civil(day)
            if civil.year != year || civil.month != month || civil.day != dayOfMonth
                || CivilCalendar.days(year: year, month: month, day: dayOfMonth) != day { mismatches += 1 }
            dayOfMonth += 1
            if dayOfMonth > CivilCalendar.daysInMonth(year: year, month: month) {
                dayOfMonth = 1
                month += 1
                if month > 12 { month = 1; year += 1 }
            }
            day += 1
        }
        #expect(mismatches == 0)
        #expect(CivilCalendar.civil(CivilCalendar.days(year: -4_000, month: 2, day: 29)) == (-4_000, 2, 29))
        #expect(CivilCalendar.isLeap(2000) && !CivilCalendar.isLeap(2100) && CivilCalendar.isLeap(2024))
    }

    @Test func dateTimeForms() throws {
        let utc = try #require(ICalDateTime.parse("20250601T100000Z", tzid: "Europe/Berlin"))
        #expect(utc.zone == .utc && !utc.isDate && utc.hour == 10)
        let zoned = try #require(ICalDateTime.parse("20250601T100000", tzid: "Europe/Berlin"))
        #expect(zoned.zone == .tzid("Europe/Berlin"))
        #expect(ICalDateTime.parse("20250601T100000", tzid: nil)?.zone == .floating)
        let date = try #require(ICalDateTime.parse("20250601", tzid: "Europe/Berlin"))
        #expect(date.isDate && date.zone == .floating && date.description == "20250601")
        for bad in ["2025060", "20250230", "20251301", "20250601T240000", "20250601T106000", "20250601X100000",
                    "20250601T100000ZZ", "2025-06-01", ""] {
            #expect(ICalDateTime.parse(bad, tzid: nil) == nil, "\(bad)")
        }
        #expect(ICalDateTime.utcString(0) == "19700101T000000Z")
        #expect(ICalDateTime.utcString(4_102_444_800) == "21000101T000000Z")
        #expect(ICalDateTime.utcString(-1) == "19691231T235959Z")
    }

    @Test func dateTimeFromProperties() throws {
        let dateValue = ContentLine(name: "DTSTART", parameters: [ContentParameter(name: "VALUE", values: ["DATE"])], value: "20250601")
        #expect(ICalDateTime(property: dateValue)?.isDate == true)
        let zoned = ContentLine(name: "DTSTART", parameters: [ContentParameter(name: "TZID", values: ["America/New_York"])],
                                value: "20250601T090000")
        #expect(ICalDateTime(property: zoned)?.zone == .tzid("America/New_York"))
        let sloppy = ContentLine(name: "DTSTART", parameters: [ContentParameter(name: "VALUE", values: ["DATE"])], value: "20250601T000000")
        #expect(ICalDateTime(property: sloppy) == ICalDateTime(year: 2025, month: 6, day: 1, isDate: true))
        #expect(ICalDateTime(property: ContentLine(name: "DTSTART", value: "soon")) == nil)
    }

    @Test func durations() throws {
        let long = try #require(ICalDuration.parse("P15DT5H0M20S"))
        #expect(long.days == 15 && long.hours == 5 && long.seconds == 20 && !long.isNegative)
        #expect(long.totalSeconds == 15 * 86_400 + 5 * 3_600 + 20)
        #expect(ICalDuration.parse("P7W")?.totalSeconds == Int64(49 * 86_400))
        #expect(ICalDuration.parse("-PT15M")?.totalSeconds == -900)
        #expect(ICalDuration.parse("+PT1H30M")?.totalSeconds == 5_400)
        #expect(ICalDuration.parse("P1W2D")?.totalSeconds == Int64(9 * 86_400))  // lenient: weeks with days
        for bad in ["", "P", "PT", "P1DT", "PT1H1H", "PT1M1H", "1D", "P1Y", "PT1234567890S", "P-1D"] {
            #expect(ICalDuration.parse(bad) == nil, "\(bad)")
        }
        #expect(ICalDuration.parse("-P1DT2H")?.description == "-P1DT2H")
    }

    /// A one-day DURATION is a calendar day: 23 hours on a spring-forward day (RFC 5545 §3.3.6).
    @Test func nominalDaysFollowTheWallClock() throws {
        let berlin = try #require(TimeZoneResolver.systemZone("Europe/Berlin"))
        let start = TimeFixture.utc("20250329T110000Z")  // 12:00 CET
        #expect(ICalDuration.parse("P1D")!.add(to: start, in: berlin) - start == 23 * 3_600)
        #expect(ICalDuration.parse("PT24H")!.add(to: start, in: berlin) - start == 24 * 3_600)
    }

    @Test func rulesParse() throws {
        let rule = try RecurrenceRule.parse("freq=monthly;interval=2;byday=1SU,-1SU,+2mo,TU;bymonthday=-3,15;wkst=SU;x-name=1;")
        #expect(rule.freq == .monthly && rule.interval == 2 && rule.wkst == .sunday)
        #expect(rule.byDay == [.init(1, .sunday), .init(-1, .sunday), .init(2, .monday), .init(nil, .tuesday)])
        #expect(rule.byMonthDay == [-3, 15])
        let until = try RecurrenceRule.parse("FREQ=DAILY;UNTIL=20250101T000000Z")
        #expect(until.until == ICalDateTime(year: 2025, month: 1, day: 1, zone: .utc) && until.isBounded)
        #expect(try RecurrenceRule.parse("FREQ=YEARLY;RSCALE=GREGORIAN;BYWEEKNO=-53,1;BYYEARDAY=-366,366").byWeekNo == [-53, 1])
        #expect(!(try RecurrenceRule.parse("FREQ=SECONDLY;BYSECOND=60")).isBounded)
    }

    @Test func invalidRulesThrow() {
        let invalid = [
            "", "INTERVAL=2", "FREQ=DAILY;FREQ=WEEKLY", "FREQ=FORTNIGHTLY", "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;INTERVAL=-1",
            "FREQ=DAILY;COUNT=0", "FREQ=DAILY;COUNT=99999999999999999999", "FREQ=DAILY;COUNT=2;UNTIL=20250101",
            "FREQ=DAILY;UNTIL=tomorrow", "FREQ=YEARLY;BYMONTH=13", "FREQ=YEARLY;BYMONTH=0", "FREQ=MONTHLY;BYMONTHDAY=0",
            "FREQ=MONTHLY;BYMONTHDAY=32", "FREQ=MONTHLY;BYMONTHDAY=-32", "FREQ=YEARLY;BYYEARDAY=367", "FREQ=YEARLY;BYWEEKNO=54",
            "FREQ=DAILY;BYHOUR=24", "FREQ=DAILY;BYMINUTE=60", "FREQ=DAILY;BYSECOND=61", "FREQ=DAILY;BYHOUR=-1",
            "FREQ=WEEKLY;BYDAY=XX", "FREQ=MONTHLY;BYDAY=0MO", "FREQ=YEARLY;BYDAY=54MO", "FREQ=MONTHLY;BYDAY=MO,",
            "FREQ=MONTHLY;BYSETPOS=0", "FREQ=MONTHLY;BYSETPOS=367", "FREQ=WEEKLY;WKST=XX", "FREQ=MONTHLY;BYWEEKNO=1",
            "FREQ=WEEKLY;BYYEARDAY=1", "FREQ=DAILY;BYYEARDAY=1", "FREQ=WEEKLY;BYMONTHDAY=1", "FREQ", "FREQ=DAILY;RSCALE=HEBREW",
        ]
        for text in invalid {
            #expect(throws: RecurrenceError.self, "\(text)") { try RecurrenceRule.parse(text) }
        }
        let error = #expect(throws: RecurrenceError.self) { try RecurrenceRule.parse("FREQ=DAILY;INTERVAL=0") }
        #expect(error?.code == .invalidRule)
        #expect(error?.description.contains("INTERVAL") == true)
    }
}
