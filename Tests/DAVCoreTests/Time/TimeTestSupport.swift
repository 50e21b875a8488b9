@testable import DAVCore
import Testing

/// Small builders shared by the Time tests: calendars from iCalendar text, and instants from
/// readable UTC strings.
enum TimeFixture {
    /// Parses `body` wrapped in a VCALENDAR.
    static func calendar(_ body: String) throws -> Component {
        let text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//pocketdav//tests//EN\n" + body + "END:VCALENDAR\n"
        return try #require(try ContentParser.parse(Array(text.utf8)).first)
    }

    /// An expander over every component called `type` in the calendar.
    static func expander(_ body: String, type: String = "VEVENT", floating: TimeZoneResolver.Zone? = nil,
                         limits: RecurrenceExpander.Limits = .init()) throws -> RecurrenceExpander {
        let calendar = try calendar(body)
        return RecurrenceExpander(components: calendar.components(type),
                                  resolver: TimeZoneResolver(calendar: calendar, floating: floating), limits: limits)
    }

    /// UTC seconds for `20250601T100000Z` or `20250601`.
    static func utc(_ text: String) -> Int64 {
        let value = ICalDateTime.parse(text, tzid: nil)!
        return value.wallSeconds
    }

    /// The UTC string of each start.
    static func utcStarts(_ occurrences: [Occurrence]) -> [String] {
        occurrences.map { ICalDateTime.utcString($0.start) }
    }

    /// The wall-clock string (`19970902T090000`) of each start in `zone`.
    static func localStarts(_ occurrences: [Occurrence], in zone: TimeZoneResolver.Zone) -> [String] {
        occurrences.map { ICalDateTime(wallSeconds: zone.local(fromUTC: $0.start), isDate: false, zone: .floating).description }
    }

    static func zone(_ name: String) throws -> TimeZoneResolver.Zone {
        try #require(TimeZoneResolver.systemZone(name))
    }

    /// `"19970902 19970903"` → `["19970902T090000", "19970903T090000"]`.
    static func at(_ time: String, _ days: String) -> [String] {
        days.split(separator: " ").map { "\($0)T\(time)" }
    }

    /// A VEVENT in America/New_York, the zone of the RFC 5545 §3.8.5.3 examples.
    static func newYorkEvent(_ start: String, _ rule: String, extra: String = "") -> String {
        "BEGIN:VEVENT\nUID:rfc\nDTSTART;TZID=America/New_York:\(start)\nRRULE:\(rule)\n\(extra)END:VEVENT\n"
    }

    /// The first `count` local starts of an RFC example, expanded up to `end`.
    static func rfcExample(_ start: String, _ rule: String, first count: Int = .max, extra: String = "",
                           through end: String = "20100101T000000Z") throws -> [String] {
        let expander = try expander(newYorkEvent(start, rule, extra: extra))
        let occurrences = try expander.occurrences(from: nil, to: utc(end))
        return Array(localStarts(occurrences, in: try zone("America/New_York")).prefix(count))
    }
}
