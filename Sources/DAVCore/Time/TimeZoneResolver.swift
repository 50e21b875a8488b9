/// Resolves TZIDs for one calendar object and turns `ICalDateTime` values into instants.
///
/// Lookup order for a TZID (RFC 5545 §3.2.19 makes the object's VTIMEZONE authoritative):
/// 1. the object's own VTIMEZONE with that TZID;
/// 2. the IANA database (`IANATimeZones`: TZif files under `/usr/share/zoneinfo` or `$TZDIR`);
/// 3. Windows zone names as Outlook and Exchange send them (`WindowsTimeZones`);
/// 4. a TZID with a path-like prefix (`/mozilla.org/20050126_1/Europe/Berlin`,
///    `/freeassociation.sourceforge.net/Tzfile/Europe/London`) reduced to its IANA tail.
///
/// A TZID that none of these knows is read as UTC: the data is kept and served, only its
/// time-range matching may be off by the zone's offset.
public final class TimeZoneResolver: Sendable {
    private let definitions: [String: Zone]
    /// The zone floating times and DATE values are evaluated in (RFC 4791 §9.9).
    public let floatingZone: Zone

    /// `calendar` is the VCALENDAR; `floating` is the zone floating times are evaluated in
    /// (RFC 4791 §9.9: the calendar's CALDAV:calendar-timezone, else UTC): nil = UTC.
    public init(calendar: Component?, floating: TimeZoneResolver.Zone? = nil) {
        var definitions: [String: Zone] = [:]
        for component in calendar?.components("VTIMEZONE") ?? [] {
            guard let zone = TimeZoneResolver.zone(fromVTimezone: component) else { continue }
            if definitions[zone.identifier] == nil { definitions[zone.identifier] = zone }
        }
        self.definitions = definitions
        self.floatingZone = floating ?? .utc
    }

    /// A zone by TZID (the object's VTIMEZONE first, then IANA, then Windows names).
    public func zone(_ tzid: String) -> Zone? {
        if let zone = definitions[tzid] { return zone }
        let trimmed = tzid.trimmingASCIIWhitespace()
        if let zone = definitions[trimmed] { return zone }
        return TimeZoneResolver.systemZone(trimmed)
    }

    /// A zone by name without any VTIMEZONE: IANA, Windows name, or prefixed IANA name.
    public static func systemZone(_ name: String) -> Zone? {
        guard !name.isEmpty else { return nil }
        if ["UTC", "GMT", "Z", "Etc/UTC", "Etc/GMT", "Etc/Zulu", "Zulu", "Universal"].contains(name) { return .utc }
        if let zone = IANATimeZones.zone(named: name) { return zone }
        if let iana = WindowsTimeZones.ianaName(name), let zone = IANATimeZones.zone(named: iana) {
            return renamed(zone, name)
        }
        // Vendor prefixes: try the last three, two, then one path components as an IANA name.
        let parts = name.split(separator: "/")
        if parts.count > 1 || name.hasPrefix("/") {
            for length in stride(from: min(3, parts.count), through: 1, by: -1) {
                let tail = parts.suffix(length).joined(separator: "/")
                if tail != name, let zone = IANATimeZones.zone(named: tail) { return renamed(zone, name) }
            }
        }
        return nil
    }

    /// UTC seconds since 1970 for a value; DATE values are midnight in the floating zone
    /// (RFC 4791 §9.9 treats them as floating). Nonexistent local times (DST gap) use the offset
    /// before the gap (RFC 5545 §3.3.5), ambiguous ones the first occurrence.
    public func utcSeconds(_ value: ICalDateTime) -> Int64 {
        if value.zone == .utc && !value.isDate { return value.wallSeconds }
        return zone(for: value).utc(fromLocal: value.wallSeconds)
    }

    /// The zone whose wall clock `value` is written in: UTC, the floating zone (also for DATE),
    /// or its TZID's zone, UTC when unknown.
    func zone(for value: ICalDateTime) -> Zone {
        if value.isDate { return floatingZone }
        switch value.zone {
        case .utc: return .utc
        case .floating: return floatingZone
        case .tzid(let tzid): return zone(tzid) ?? .utc
        }
    }

    private static func renamed(_ zone: Zone, _ identifier: String) -> Zone {
        Zone(identifier: identifier, transitions: zone.transitions, offsets: zone.offsets,
             initialOffset: zone.initialOffset, tail: zone.tail, tailStart: zone.tailStart)
    }
}
