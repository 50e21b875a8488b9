@testable import DAVCore
import Testing

/// The RRULE examples of RFC 5545 §3.8.5.3 with FREQ=MONTHLY and YEARLY (BYDAY ordinals,
/// negative BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYSETPOS, invalid dates), asserting the instances
/// the RFC lists. All start at 09:00 America/New_York.
@Suite struct RFC5545LongFrequencyExampleTests {
    private typealias F = TimeFixture

    private func nine(_ days: String) -> [String] { F.at("090000", days) }

    @Test func monthlyOnTheFirstFridayForTen() throws {
        let starts = try F.rfcExample("19970905T090000", "FREQ=MONTHLY;COUNT=10;BYDAY=1FR")
        #expect(starts == nine("19970905 19971003 19971107 19971205 19980102 19980206 19980306 19980403 19980501 19980605"))
    }

    @Test func monthlyOnTheFirstFridayUntilDecember24() throws {
        let starts = try F.rfcExample("19970905T090000", "FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR")
        #expect(starts == nine("19970905 19971003 19971107 19971205"))
    }

    @Test func everyOtherMonthOnTheFirstAndLastSunday() throws {
        let starts = try F.rfcExample("19970907T090000", "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU")
        #expect(starts == nine("19970907 19970928 19971102 19971130 19980104 19980125 19980301 19980329 19980503 19980531"))
    }

    @Test func monthlyOnTheSecondToLastMonday() throws {
        let starts = try F.rfcExample("19970922T090000", "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO")
        #expect(starts == nine("19970922 19971020 19971117 19971222 19980119 19980216"))
    }

    @Test func monthlyOnTheThirdToLastDay() throws {
        let starts = try F.rfcExample("19970928T090000", "FREQ=MONTHLY;BYMONTHDAY=-3", first: 6)
        #expect(starts == nine("19970928 19971029 19971128 19971229 19980129 19980226"))
    }

    @Test func monthlyOnTheSecondAndFifteenth() throws {
        let starts = try F.rfcExample("19970902T090000", "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15")
        #expect(starts == nine("19970902 19970915 19971002 19971015 19971102 19971115 19971202 19971215 19980102 19980115"))
    }

    @Test func monthlyOnTheFirstAndLastDay() throws {
        let starts = try F.rfcExample("19970930T090000", "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1")
        #expect(starts == nine("19970930 19971001 19971031 19971101 19971130 19971201 19971231 19980101 19980131 19980201"))
    }

    @Test func everyEighteenMonthsOnTheTenthToFifteenth() throws {
        let starts = try F.rfcExample("19970910T090000", "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15")
        #expect(starts == nine("19970910 19970911 19970912 19970913 19970914 19970915 19990310 19990311 19990312 19990313"))
    }

    @Test func everyTuesdayEveryOtherMonth() throws {
        let starts = try F.rfcExample("19970902T090000", "FREQ=MONTHLY;INTERVAL=2;BYDAY=TU", first: 18)
        #expect(starts == nine("19970902 19970909 19970916 19970923 19970930 19971104 19971111 19971118 19971125 "
            + "19980106 19980113 19980120 19980127 19980303 19980310 19980317 19980324 19980331"))
    }

    @Test func yearlyInJuneAndJuly() throws {
        let starts = try F.rfcExample("19970610T090000", "FREQ=YEARLY;COUNT=10;BYMONTH=6,7")
        #expect(starts == nine("19970610 19970710 19980610 19980710 19990610 19990710 20000610 20000710 20010610 20010710"))
    }

    @Test func everyOtherYearInJanuaryFebruaryMarch() throws {
        let starts = try F.rfcExample("19970310T090000", "FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3")
        #expect(starts == nine("19970310 19990110 19990210 19990310 20010110 20010210 20010310 20030110 20030210 20030310"))
    }

    @Test func everyThirdYearOnYearDays1_100_200() throws {
        let starts = try F.rfcExample("19970101T090000", "FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200")
        #expect(starts == nine("19970101 19970410 19970719 20000101 20000409 20000718 20030101 20030410 20030719 20060101"))
    }

    @Test func everyTwentiethMondayOfTheYear() throws {
        let starts = try F.rfcExample("19970519T090000", "FREQ=YEARLY;BYDAY=20MO", first: 3)
        #expect(starts == nine("19970519 19980518 19990517"))
    }

    @Test func mondayOfWeekNumberTwenty() throws {
        let starts = try F.rfcExample("19970512T090000", "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", first: 3)
        #expect(starts == nine("19970512 19980511 19990517"))
    }

    @Test func everyThursdayInMarch() throws {
        let starts = try F.rfcExample("19970313T090000", "FREQ=YEARLY;BYMONTH=3;BYDAY=TH", first: 11)
        #expect(starts == nine("19970313 19970320 19970327 19980305 19980312 19980319 19980326 19990304 19990311 19990318 19990325"))
    }

    @Test func everyThursdayInJuneJulyAugust() throws {
        let starts = try F.rfcExample("19970605T090000", "FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8", first: 39)
        #expect(starts == nine("19970605 19970612 19970619 19970626 19970703 19970710 19970717 19970724 19970731 "
            + "19970807 19970814 19970821 19970828 19980604 19980611 19980618 19980625 19980702 19980709 19980716 "
            + "19980723 19980730 19980806 19980813 19980820 19980827 19990603 19990610 19990617 19990624 19990701 "
            + "19990708 19990715 19990722 19990729 19990805 19990812 19990819 19990826"))
    }

    /// DTSTART is not a Friday the 13th; the RFC removes it with EXDATE because DTSTART always
    /// counts as an instance.
    @Test func everyFridayThe13th() throws {
        let starts = try F.rfcExample("19970902T090000", "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", first: 5,
                                      extra: "EXDATE;TZID=America/New_York:19970902T090000\n")
        #expect(starts == nine("19980213 19980313 19981113 19990813 20001013"))
    }

    @Test func firstSaturdayFollowingTheFirstSunday() throws {
        let starts = try F.rfcExample("19970913T090000", "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13", first: 10)
        #expect(starts == nine("19970913 19971011 19971108 19971213 19980110 19980207 19980307 19980411 19980509 19980613"))
    }

    @Test func usPresidentialElectionDay() throws {
        let starts = try F.rfcExample("19961105T090000", "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8", first: 3)
        #expect(starts == nine("19961105 20001107 20041102"))
    }

    @Test func thirdTuesdayWednesdayOrThursdayForThreeMonths() throws {
        let starts = try F.rfcExample("19970904T090000", "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3")
        #expect(starts == nine("19970904 19971007 19971106"))
    }

    @Test func secondToLastWeekdayOfTheMonth() throws {
        let starts = try F.rfcExample("19970929T090000", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", first: 7)
        #expect(starts == nine("19970929 19971030 19971127 19971230 19980129 19980226 19980330"))
    }

    /// February 30 does not exist and is skipped, not moved (RFC 5545 §3.3.10).
    @Test func invalidDatesAreSkipped() throws {
        let expander = try F.expander("BEGIN:VEVENT\nUID:x\nDTSTART;TZID=America/New_York:20070115T090000\n"
            + "RRULE:FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5\nEND:VEVENT\n")
        let starts = F.localStarts(try expander.occurrences(from: nil, to: nil), in: try F.zone("America/New_York"))
        #expect(starts == nine("20070115 20070130 20070215 20070315 20070330"))
    }

    @Test func monthlyOnThe31stSkipsShortMonths() throws {
        let starts = try F.rfcExample("20250131T090000", "FREQ=MONTHLY;COUNT=5", through: "20300101T000000Z")
        #expect(starts == nine("20250131 20250331 20250531 20250731 20250831"))
    }

    @Test func yearlyOnFebruary29OnlyInLeapYears() throws {
        let starts = try F.rfcExample("20240229T090000", "FREQ=YEARLY;COUNT=3", through: "20400101T000000Z")
        #expect(starts == nine("20240229 20280229 20320229"))
    }

    @Test func negativeYearDayWeekNumberAndSetPosition() throws {
        let lastDay = try F.rfcExample("20251231T090000", "FREQ=YEARLY;BYYEARDAY=-1;COUNT=2", through: "20300101T000000Z")
        #expect(lastDay == nine("20251231 20261231"))
        // Thursday of the last ISO week: 2025 has 52 weeks (ends Sun Dec 28), 2026 has 53.
        let lastWeek = try F.rfcExample("20251225T090000", "FREQ=YEARLY;BYWEEKNO=-1;BYDAY=TH;COUNT=2", through: "20300101T000000Z")
        #expect(lastWeek == nine("20251225 20261231"))
        let lastWorkday = try F.rfcExample("20250131T090000", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3",
                                          through: "20300101T000000Z")
        #expect(lastWorkday == nine("20250131 20250228 20250331"))
    }
}
