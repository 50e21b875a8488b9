import Synchronization

extension TimeZoneResolver {
    /// Zones built from VTIMEZONEs, by component: every object from one client repeats the same
    /// few VTIMEZONEs, and Outlook's (observances from 1601) are the costliest to build.
    private static let builtZones = Mutex<[Component: Zone]>([:])

    /// Builds a zone from a VTIMEZONE component (used for CALDAV:calendar-timezone too; a
    /// VCALENDAR is accepted and its first VTIMEZONE used).
    ///
    /// Each STANDARD/DAYLIGHT observance (RFC 5545 §3.6.5) contributes onsets: its DTSTART, its
    /// RDATEs and its RRULE instances, all wall-clock times read with TZOFFSETFROM (the offset in
    /// force just before the onset). From each onset on, TZOFFSETTO applies; before the earliest,
    /// that onset's TZOFFSETFROM. Onsets are listed up to the year 2200 (at most 2 000 per rule,
    /// 20 000 in all); open-ended YEARLY and MONTHLY rules are then evaluated on demand (real
    /// zones use nothing else, and a hostile SECONDLY observance must not make every offset
    /// lookup expensive). Returns nil without a TZID or a usable observance.
    public static func zone(fromVTimezone component: Component) -> Zone? {
        if component.name == "VCALENDAR" { return component.components("VTIMEZONE").first.flatMap(zone(fromVTimezone:)) }
        if let zone = builtZones.withLock({ $0[component] }) { return zone }
        guard let zone = buildZone(component) else { return nil }
        builtZones.withLock { zones in
            if zones.count >= 256 { zones.removeAll() }  // bounded; rebuilding is only a cost
            zones[component] = zone
        }
        return zone
    }

    private struct Onset {
        var utc: Int64
        var order: Int
        var offsetFrom: Int
        var offsetTo: Int
    }

    private static func buildZone(_ component: Component) -> Zone? {
        guard component.name == "VTIMEZONE",
              let tzid = component.property("TZID")?.value.trimmingASCIIWhitespace(), !tzid.isEmpty else { return nil }
        var onsets: [Onset] = []
        var open: [ObservanceRule] = []
        var tailStart = Int64.max
        for observance in component.components where observance.name == "STANDARD" || observance.name == "DAYLIGHT" {
            guard onsets.count < 20_000,
                  let start = observance.property("DTSTART").flatMap(ICalDateTime.init(property:)), !start.isDate,
                  let from = observance.property("TZOFFSETFROM").flatMap({ utcOffset($0.value) }),
                  let to = observance.property("TZOFFSETTO").flatMap({ utcOffset($0.value) }) else { continue }
            // DTSTART "MUST be specified as a date with a local time value" (§3.6.5); a UTC one
            // is converted rather than rejected.
            let startWall = start.zone == .utc ? start.wallSeconds + Int64(from) : start.wallSeconds
            var walls = [startWall]
            for rdate in observance.properties("RDATE") {
                for item in rdate.listValues {
                    let text = item.split(separator: "/").first.map(String.init) ?? item
                    guard let value = ICalDateTime.parse(text, tzid: nil), !value.isDate else { continue }
                    walls.append(value.zone == .utc ? value.wallSeconds + Int64(from) : value.wallSeconds)
                }
            }
            for property in observance.properties("RRULE") {
                guard let rule = try? RecurrenceRule.parse(property.value) else { continue }
                let (listed, last) = ruleOnsets(rule, start: startWall, offsetFrom: from)
                walls += listed
                if !rule.isBounded, rule.freq == .yearly || rule.freq == .monthly {
                    open.append(ObservanceRule(rule: rule, start: startWall, offsetFrom: from, offsetTo: to))
                    tailStart = min(tailStart, last - Int64(from) + 1)
                }
            }
            for wall in walls.prefix(20_000 - onsets.count) {
                onsets.append(Onset(utc: wall - Int64(from), order: onsets.count, offsetFrom: from, offsetTo: to))
            }
        }
        guard !onsets.isEmpty else { return nil }
        onsets.sort { ($0.utc, $0.order) < ($1.utc, $1.order) }
        return Zone(identifier: tzid, transitions: onsets.map(\.utc), offsets: onsets.map { Int32($0.offsetTo) },
                    initialOffset: onsets[0].offsetFrom, tail: open.isEmpty ? nil : .observances(open), tailStart: tailStart)
    }

    /// Wall-clock years up to which open-ended observance rules are listed.
    static let listedThrough = CivilCalendar.days(year: 2200, month: 1, day: 1) * CivilCalendar.secondsPerDay

    /// Onsets of one observance RRULE (excluding DTSTART), honouring COUNT (which counts DTSTART)
    /// and UNTIL, and the last one listed.
    private static func ruleOnsets(_ rule: RecurrenceRule, start: Int64, offsetFrom: Int) -> ([Int64], Int64) {
        guard var iterator = try? RuleIterator(rule: rule, start: start, isDate: false) else { return ([], start) }
        var budget = RecurrenceBudget(maxIterations: 200_000, deadline: .seconds(1))
        var walls: [Int64] = []
        var produced = 1
        let horizon = rule.isBounded ? nil : listedThrough
        while walls.count < 2_000, produced < rule.count ?? .max {
            guard let next = try? iterator.next(horizon: horizon, budget: &budget) else { break }
            if let until = rule.until {
                let beyond = until.zone == .utc ? next - Int64(offsetFrom) > until.wallSeconds
                    : next > until.wallSeconds + (until.isDate ? 86_399 : 0)
                if beyond { break }
            }
            if next == start { continue }
            walls.append(next)
            produced += 1
        }
        return (walls, walls.last ?? start)
    }

    /// A UTC-OFFSET value (RFC 5545 §3.3.14): `+0100`, `-0500`, `+053000`.
    static func utcOffset(_ value: String) -> Int? {
        let bytes = Array(value.trimmingASCIIWhitespace().utf8)
        guard bytes.count == 5 || bytes.count == 7, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
              bytes.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        func pair(_ i: Int) -> Int { Int(bytes[i] - 0x30) * 10 + Int(bytes[i + 1] - 0x30) }
        let hours = pair(1), minutes = pair(3), seconds = bytes.count == 7 ? pair(5) : 0
        guard hours < 24, minutes < 60, seconds < 60 else { return nil }
        let magnitude = hours * 3_600 + minutes * 60 + seconds
        return bytes[0] == UInt8(ascii: "-") ? -magnitude : magnitude
    }
}

/// An open-ended STANDARD/DAYLIGHT observance, whose RRULE keeps producing onsets past the
/// listed ones.
struct ObservanceRule: Sendable {
    let rule: RecurrenceRule
    let start: Int64
    let offsetFrom: Int
    let offsetTo: Int

    /// The last onset at or before `utc` within about two years, with the offset it brings.
    func latestOnset(atOrBefore utc: Int64) -> (utc: Int64, offset: Int)? {
        guard var iterator = try? RuleIterator(rule: rule, start: start, isDate: false) else { return nil }
        let wall = utc + Int64(offsetFrom)
        iterator.skip(to: wall - 800 * CivilCalendar.secondsPerDay)
        var budget = RecurrenceBudget(maxIterations: 2_000, deadline: .milliseconds(200))
        var latest: Int64?
        while let next = try? iterator.next(horizon: wall, budget: &budget), next - Int64(offsetFrom) <= utc {
            latest = next - Int64(offsetFrom)
        }
        return latest.map { ($0, offsetTo) }
    }
}
