@testable import DAVCore
import FoundationEssentials
import Testing

/// Zones from the TZif files (with their POSIX footers), DST gaps and overlaps, and the TZID
/// fallbacks: Windows names, vendor prefixes, unknown names.
@Suite struct IANATimeZoneTests {
    private typealias F = TimeFixture

    @Test func berlinChangesAtOneUTCOnTheLastSundays() throws {
        let berlin = try F.zone("Europe/Berlin")
        #expect(berlin.offset(atUTC: F.utc("20250330T005959Z")) == 3_600)
        #expect(berlin.offset(atUTC: F.utc("20250330T010000Z")) == 7_200)
        #expect(berlin.offset(atUTC: F.utc("20251026T005959Z")) == 7_200)
        #expect(berlin.offset(atUTC: F.utc("20251026T010000Z")) == 3_600)
    }

    @Test func newYorkChangesAtTwoLocal() throws {
        let newYork = try F.zone("America/New_York")
        #expect(newYork.offset(atUTC: F.utc("20250309T065959Z")) == -18_000)
        #expect(newYork.offset(atUTC: F.utc("20250309T070000Z")) == -14_400)
        #expect(newYork.offset(atUTC: F.utc("20251102T055959Z")) == -14_400)
        #expect(newYork.offset(atUTC: F.utc("20251102T060000Z")) == -18_000)
    }

    /// RFC 5545 §3.3.5: TZID=America/New_York:20070311T023000 is 3:30 EDT, and
    /// TZID=America/New_York:20071104T013000 is 1:30 EDT (the first of the two).
    @Test func gapUsesTheOffsetBeforeAndOverlapTheFirstOccurrence() throws {
        let resolver = TimeZoneResolver(calendar: nil)
        func utc(_ local: String, _ tzid: String) -> String {
            ICalDateTime.utcString(resolver.utcSeconds(ICalDateTime.parse(local, tzid: tzid)!))
        }
        #expect(utc("20070311T023000", "America/New_York") == "20070311T073000Z")
        #expect(utc("20071104T013000", "America/New_York") == "20071104T053000Z")
        #expect(utc("20250330T023000", "Europe/Berlin") == "20250330T013000Z")
        #expect(utc("20251026T023000", "Europe/Berlin") == "20251026T003000Z")
        #expect(utc("20251026T033000", "Europe/Berlin") == "20251026T023000Z")
    }

    @Test func dailyEventThroughBerlinsGapAndOverlap() throws {
        let expander = try F.expander("""
            BEGIN:VEVENT
            UID:night
            DTSTART;TZID=Europe/Berlin:20250329T023000
            RRULE:FREQ=DAILY
            END:VEVENT

            """)
        let spring = try expander.occurrences(from: F.utc("20250329T000000Z"), to: F.utc("20250401T000000Z"))
        #expect(F.utcStarts(spring) == ["20250329T013000Z", "20250330T013000Z", "20250331T003000Z"])
        let autumn = try expander.occurrences(from: F.utc("20251025T000000Z"), to: F.utc("20251028T000000Z"))
        #expect(F.utcStarts(autumn) == ["20251025T003000Z", "20251026T003000Z", "20251027T013000Z"])
    }

    /// An hourly rule runs on the wall clock: 02:00 on the spring-forward day does not exist and
    /// means 03:00 summer time, the same instant as the 03:00 instance, which is listed once.
    @Test func hourlyRuleThroughTheGapIsOrderedWithoutDuplicates() throws {
        let expander = try F.expander("BEGIN:VEVENT\nUID:h\nDTSTART;TZID=Europe/Berlin:20250329T230000\nRRULE:FREQ=HOURLY\nEND:VEVENT\n")
        let found = try expander.occurrences(from: F.utc("20250329T220000Z"), to: F.utc("20250330T030000Z"))
        #expect(F.utcStarts(found) == ["20250329T220000Z", "20250329T230000Z", "20250330T000000Z", "20250330T010000Z", "20250330T020000Z"])
    }

    /// The files list transitions up to 2037; later years come from the footer
    /// (`CET-1CEST,M3.5.0,M10.5.0/3`).
    @Test func footerRuleDecidesAfterTheLastListedTransition() throws {
        let berlin = try F.zone("Europe/Berlin")
        #expect(berlin.offset(atUTC: F.utc("20400325T005959Z")) == 3_600)
        #expect(berlin.offset(atUTC: F.utc("20400325T010000Z")) == 7_200)
        #expect(berlin.offset(atUTC: F.utc("20401028T010000Z")) == 3_600)
        #expect(berlin.offset(atUTC: F.utc("21000701T120000Z")) == 7_200)
        #expect(berlin.offset(atUTC: F.utc("21001215T120000Z")) == 3_600)
        let newYork = try F.zone("America/New_York")
        #expect(newYork.utc(fromLocal: F.utc("20990315T100000")) == F.utc("20990315T140000Z"))
    }

    @Test func posixRules() throws {
        let eastern = try #require(PosixTimeZoneRule.parse("EST5EDT,M3.2.0,M11.1.0"))
        #expect(eastern.offset(atUTC: F.utc("20300310T065959Z")) == -18_000)
        #expect(eastern.offset(atUTC: F.utc("20300310T070000Z")) == -14_400)
        let india = try #require(PosixTimeZoneRule.parse("<+0530>-5:30"))
        #expect(india.offset(atUTC: 0) == 19_800)
        // Southern hemisphere: daylight time spans the new year.
        let sydney = try #require(PosixTimeZoneRule.parse("AEST-10AEDT,M10.1.0,M4.1.0/3"))
        #expect(sydney.offset(atUTC: F.utc("20400115T000000Z")) == 39_600)
        #expect(sydney.offset(atUTC: F.utc("20400715T000000Z")) == 36_000)
        let julian = try #require(PosixTimeZoneRule.parse("XXX3YYY,J60/0,300/-1"))
        #expect(julian.offset(atUTC: F.utc("20400301T030000Z")) == -7_200)  // J60 is March 1 even in leap years
        #expect(julian.offset(atUTC: F.utc("20400229T120000Z")) == -10_800)
        #expect(PosixTimeZoneRule.parse("") == nil)
        #expect(PosixTimeZoneRule.parse("CET-1CEST,M13.5.0,M10.5.0") == nil)
    }

    @Test func windowsNamesWithoutVTimezone() throws {
        let expectations: [(String, String, Int)] = [
            ("W. Europe Standard Time", "20250715T120000Z", 7_200),
            ("Eastern Standard Time", "20250115T120000Z", -18_000),
            ("Pacific Standard Time", "20250715T120000Z", -25_200),
            ("GMT Standard Time", "20250715T120000Z", 3_600),
            ("Romance Standard Time", "20250115T120000Z", 3_600),
            ("Central Europe Standard Time", "20250715T120000Z", 7_200),
            ("China Standard Time", "20250715T120000Z", 28_800),
            ("Tokyo Standard Time", "20250115T120000Z", 32_400),
            ("AUS Eastern Standard Time", "20250115T120000Z", 39_600),
            ("India Standard Time", "20250115T120000Z", 19_800),
            ("Central Standard Time", "20250115T120000Z", -21_600),
            ("Russian Standard Time", "20250115T120000Z", 10_800),
        ]
        for (name, instant, offset) in expectations {
            let zone = try #require(TimeZoneResolver.systemZone(name), "\(name)")
            #expect(zone.offset(atUTC: F.utc(instant)) == offset, "\(name)")
            #expect(zone.identifier == name)
        }
    }

    @Test func vendorPrefixesAreReducedToTheIANATail() throws {
        for tzid in ["/mozilla.org/20050126_1/Europe/Berlin", "/Europe/Berlin", "/citadel.org/20190914_1/Europe/Berlin",
                     "/freeassociation.sourceforge.net/Tzfile/Europe/Berlin"] {
            let zone = try #require(TimeZoneResolver.systemZone(tzid), "\(tzid)")
            #expect(zone.offset(atUTC: F.utc("20250715T120000Z")) == 7_200)
        }
        let three = try #require(TimeZoneResolver.systemZone("/softwarestudio.org/Olson_20011030_5/America/Argentina/Buenos_Aires"))
        #expect(three.offset(atUTC: F.utc("20250715T120000Z")) == -10_800)
    }

    @Test func unknownAndHostileTZIDsFallBackToUTC() throws {
        let resolver = TimeZoneResolver(calendar: nil)
        #expect(resolver.zone("Mars/Olympus_Mons") == nil)
        #expect(resolver.zone("../../../etc/passwd") == nil)
        #expect(resolver.zone("/etc/passwd") == nil)
        #expect(!IANATimeZones.isSafeName("Europe/../../etc/passwd"))
        #expect(IANATimeZones.isSafeName("America/Port-au-Prince"))
        let value = try #require(ICalDateTime.parse("20250601T100000", tzid: "Mars/Olympus_Mons"))
        #expect(ICalDateTime.utcString(resolver.utcSeconds(value)) == "20250601T100000Z")
    }

    @Test func floatingAndDateValuesUseTheFloatingZone() throws {
        let berlin = try F.zone("Europe/Berlin")
        let resolver = TimeZoneResolver(calendar: nil, floating: berlin)
        let floating = try #require(ICalDateTime.parse("20250601T100000", tzid: nil))
        let date = try #require(ICalDateTime.parse("20250601", tzid: nil))
        #expect(ICalDateTime.utcString(resolver.utcSeconds(floating)) == "20250601T080000Z")
        #expect(ICalDateTime.utcString(resolver.utcSeconds(date)) == "20250531T220000Z")
        let utcResolver = TimeZoneResolver(calendar: nil)
        #expect(ICalDateTime.utcString(utcResolver.utcSeconds(date)) == "20250601T000000Z")
    }

    @Test func zoneFilesAreReadFromTheGivenDirectory() throws {
        // A TZDIR of our own with one custom-named copy: the name resolves there and nowhere else.
        let directory = FileManager.default.temporaryDirectory.appending(path: "pocketdav-tzdir-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appending(path: "Custom"), withIntermediateDirectories: true)
        let berlin = try Data(contentsOf: URL(filePath: IANATimeZones.directory + "/Europe/Berlin"))
        try berlin.write(to: directory.appending(path: "Custom/Zone"))
        try Data("not a zone file at all, but long enough to be read".utf8).write(to: directory.appending(path: "Custom/Junk"))
        let zone = try #require(IANATimeZones.zone(named: "Custom/Zone", directory: directory.path))
        #expect(zone.offset(atUTC: F.utc("20250715T120000Z")) == 7_200)
        #expect(IANATimeZones.zone(named: "Custom/Zone") == nil)
        #expect(IANATimeZones.zone(named: "Custom/Junk", directory: directory.path) == nil)
    }
}
