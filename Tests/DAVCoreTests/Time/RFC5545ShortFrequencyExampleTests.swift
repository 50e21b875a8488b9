@testable import DAVCore
import Testing

/// The RRULE examples of RFC 5545 §3.8.5.3 with FREQ=DAILY, WEEKLY, HOURLY and MINUTELY, in
/// the RFC's own zone (America/New_York), asserting the instances the RFC lists.
@Suite struct RFC5545ShortFrequencyExampleTests {
    private typealias F = TimeFixture

    @Test func dailyForTenOccurrences() throws {
        let starts = try F.rfcExample("19970902T090000", "FREQ=DAILY;COUNT=10")
        #expect(starts == F.at("090000", "19970902 19970903 19970904 19970905 19970906 19970907 19970908 19970909 19970910 19970911"))
    }

    @Test func dailyUntilDecember24KeepsNineOClockAcrossTheDSTChange() throws {
        let expander = try F.expander(F.newYorkEvent("19970902T090000", "FREQ=DAILY;UNTIL=19971224T000000Z"))
        let occurrences = try expander.occurrences(from: nil, to: nil)
        let local = F.localStarts(occurrences, in: try F.zone("America/New_York"))
        #expect(occurrences.count == 113)  // Sep 2–30, Oct, Nov, Dec 1–23
        #expect(local.first == "19970902T090000")
        #expect(local.last == "19971223T090000")
        #expect(local.allSatisfy { $0.hasSuffix("T090000") })
        // 9:00 EDT is 13:00Z until October 25; 9:00 EST is 14:00Z from October 26.
        #expect(F.utcStarts(occurrences)[53...54] == ["19971025T130000Z", "19971026T140000Z"])
    }

    @Test func everyOtherDay() throws {
        let starts = try F.rfcExample("19970902T090000", "FREQ=DAILY;INTERVAL=2", first: 16)
        #expect(starts == F.at("090000", "19970902 19970904 19970906 19970908 19970910 19970912 19970914 19970916 19970918 "
            + "19970920 19970922 19970924 19970926 19970928 19970930 19971002"))
    }

    @Test func everyTenDaysFiveOccurrences() throws {
        let starts = try F.rfcExample("19970902T090000", "FREQ=DAILY;INTERVAL=10;COUNT=5")
        #expect(starts == F.at("090000", "19970902 19970912 19970922 19971002 19971012"))
    }

    @Test func everyDayInJanuaryForThreeYearsBothWays() throws {
        var expected: [String] = []
        for year in ["1998", "1999", "2000"] {
            for day in 1...31 { expected.append("\(year)01\(day < 10 ? "0" : "")\(day)T090000") }
        }
        let yearly = try F.rfcExample("19980101T090000", "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA")
        let daily = try F.rfcExample("19980101T090000", "FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1")
        #expect(yearly == expected)
        #expect(daily == expected)
    }

    @Test func weeklyForTenOccurrences() throws {
        let starts = try F.rfcExample("19970902T090000", "FREQ=WEEKLY;COUNT=10")
        #expect(starts == F.at("090000", "19970902 19970909 19970916 19970923 19970930 19971007 19971014 19971021 19971028 19971104"))
    }

    @Test func weeklyUntilDecember24() throws {
        let starts = try F.rfcExample("19970902T090000", "FREQ=WEEKLY;UNTIL=19971224T000000Z")
        #expect(starts == F.at("090000", "19970902 19970909 19970916 19970923 19970930 19971007 19971014 19971021 19971028 "
            + "19971104 19971111 19971118 19971125 19971202 19971209 19971216 19971223"))
    }

    @Test func everyOtherWeekForever() throws {
        let starts = try F.rfcExample("19970902T090000", "FREQ=WEEKLY;INTERVAL=2;WKST=SU", first: 13)
        #expect(starts == F.at("090000", "19970902 19970916 19970930 19971014 19971028 19971111 19971125 19971209 19971223 "
            + "19980106 19980120 19980203 19980217"))
    }

    @Test func tuesdayAndThursdayForFiveWeeksBothWays() throws {
        let expected = F.at("090000", "19970902 19970904 19970909 19970911 19970916 19970918 19970923 19970925 19970930 19971002")
        #expect(try F.rfcExample("19970902T090000", "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH") == expected)
        #expect(try F.rfcExample("19970902T090000", "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH") == expected)
    }

    @Test func everyOtherWeekMondayWednesdayFridayUntilDecember24() throws {
        let starts = try F.rfcExample("19970901T090000", "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR")
        #expect(starts == F.at("090000", "19970901 19970903 19970905 19970915 19970917 19970919 19970929 19971001 19971003 "
            + "19971013 19971015 19971017 19971027 19971029 19971031 19971110 19971112 19971114 19971124 19971126 19971128 "
            + "19971208 19971210 19971212 19971222"))
    }

    @Test func everyOtherWeekTuesdayThursdayEightOccurrences() throws {
        let starts = try F.rfcExample("19970902T090000", "FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH")
        #expect(starts == F.at("090000", "19970902 19970904 19970916 19970918 19970930 19971002 19971014 19971016"))
    }

    @Test func weekStartChangesTheInstances() throws {
        let monday = try F.rfcExample("19970805T090000", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO")
        let sunday = try F.rfcExample("19970805T090000", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU")
        #expect(monday == F.at("090000", "19970805 19970810 19970819 19970824"))
        #expect(sunday == F.at("090000", "19970805 19970817 19970819 19970831"))
    }

    /// The RFC lists 09:00, 12:00 and 15:00 EDT for `UNTIL=19970902T170000Z`, but 15:00 EDT is
    /// 19:00Z, after that UNTIL (the example reads UNTIL as local time, a known slip). With UTC
    /// compared as UTC, the rule stops at 12:00; an UNTIL of 21:00Z gives the RFC's list.
    @Test func everyThreeHoursOnOneDay() throws {
        let asWritten = try F.rfcExample("19970902T090000", "FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z")
        #expect(asWritten == ["19970902T090000", "19970902T120000"])
        let local = try F.rfcExample("19970902T090000", "FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z")
        #expect(local == ["19970902T090000", "19970902T120000", "19970902T150000"])
    }

    @Test func everyFifteenMinutesSixTimes() throws {
        let starts = try F.rfcExample("19970902T090000", "FREQ=MINUTELY;INTERVAL=15;COUNT=6")
        #expect(starts == ["19970902T090000", "19970902T091500", "19970902T093000", "19970902T094500",
                           "19970902T100000", "19970902T101500"])
    }

    @Test func everyHourAndAHalfFourTimes() throws {
        let starts = try F.rfcExample("19970902T090000", "FREQ=MINUTELY;INTERVAL=90;COUNT=4")
        #expect(starts == ["19970902T090000", "19970902T103000", "19970902T120000", "19970902T133000"])
    }

    @Test func everyTwentyMinutesFromNineToFourFortyBothWays() throws {
        var oneDay: [String] = []
        for hour in 9...16 { for minute in [0, 20, 40] { oneDay.append("\(hour < 10 ? "0" : "")\(hour)\(minute == 0 ? "00" : "\(minute)")00") } }
        let expected = oneDay.map { "19970902T\($0)" } + oneDay.map { "19970903T\($0)" }
        let daily = try F.rfcExample("19970902T090000", "FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40", first: 48,
                                     through: "19971001T000000Z")
        let minutely = try F.rfcExample("19970902T090000", "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16", first: 48,
                                        through: "19971001T000000Z")
        #expect(daily == expected)
        #expect(minutely == expected)
    }
}
