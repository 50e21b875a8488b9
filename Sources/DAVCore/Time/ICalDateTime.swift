/// A DATE or DATE-TIME as written (RFC 5545 §3.3.4, §3.3.5): wall-clock fields plus the zone
/// they are to be read in. Turning it into an instant is `TimeZoneResolver.utcSeconds(_:)`'s job,
/// because a TZID only means something next to the object's VTIMEZONEs.
public struct ICalDateTime: Sendable, Hashable {
    /// RFC 5545 §3.3.5 forms #1 (floating), #2 (UTC, trailing "Z") and #3 (TZID parameter).
    public enum Zone: Sendable, Hashable {
        case utc, floating, tzid(String)
    }

    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    /// A DATE value (RFC 5545 §3.3.4): the time fields are zero and the zone is floating.
    public var isDate: Bool
    public var zone: Zone

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                isDate: Bool = false, zone: Zone = .floating) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.isDate = isDate
        self.zone = zone
    }

    /// Parses `20250601`, `20250601T100000`, `20250601T100000Z`; `tzid` from the TZID parameter.
    ///
    /// Returns nil for anything else, including impossible dates (Feb 30) and times (25:00).
    /// A TZID is ignored on a DATE (RFC 5545 §3.2.19 only applies it to DATE-TIME) and on a UTC
    /// value, whose "Z" already fixes the zone.
    public static func parse(_ value: String, tzid: String?) -> ICalDateTime? {
        let bytes = Array(value.trimmingASCIIWhitespace().utf8)
        guard bytes.count == 8 || bytes.count == 15 || bytes.count == 16 else { return nil }
        guard let year = digits(bytes, 0, 4), let month = digits(bytes, 4, 2), let day = digits(bytes, 6, 2),
              (1...12).contains(month), day >= 1,
              Int64(day) <= CivilCalendar.daysInMonth(year: Int64(year), month: Int64(month)) else { return nil }
        if bytes.count == 8 {
            return ICalDateTime(year: year, month: month, day: day, isDate: true, zone: .floating)
        }
        guard bytes[8] | 0x20 == UInt8(ascii: "t"),
              let hour = digits(bytes, 9, 2), let minute = digits(bytes, 11, 2), let second = digits(bytes, 13, 2),
              hour < 24, minute < 60, second <= 60 else { return nil }  // 60: a leap second (§3.3.12)
        let zone: Zone
        if bytes.count == 16 {
            guard bytes[15] | 0x20 == UInt8(ascii: "z") else { return nil }
            zone = .utc
        } else if let tzid, !tzid.isEmpty {
            zone = .tzid(tzid)
        } else {
            zone = .floating
        }
        return ICalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                            isDate: false, zone: zone)
    }

    /// From a property (DTSTART, DTEND, DUE, RECURRENCE-ID, …): honours VALUE=DATE and TZID.
    ///
    /// VALUE=DATE with a DATE-TIME value (a common client slip) is read as the DATE part, and a
    /// bare 8-digit value is a DATE whatever VALUE says.
    public init?(property: ContentLine) {
        let tzid = property.parameter("TZID")
        if property.parameter("VALUE")?.uppercased() == "DATE" {
            let raw = property.value.trimmingASCIIWhitespace()
            guard raw.utf8.count >= 8, let date = ICalDateTime.parse(String(raw.prefix(8)), tzid: nil) else { return nil }
            self = date
            return
        }
        guard let value = ICalDateTime.parse(property.value, tzid: tzid) else { return nil }
        self = value
    }

    /// `yyyyMMdd'T'HHmmss'Z'` for a UTC instant (seconds since 1970).
    public static func utcString(_ seconds: Int64) -> String {
        ICalDateTime(wallSeconds: seconds, isDate: false, zone: .utc).description
    }

    /// The wall-clock fields counted as seconds since 1970 as if they were UTC (for a UTC value,
    /// the instant itself).
    var wallSeconds: Int64 {
        CivilCalendar.seconds(year: Int64(year), month: Int64(month), day: Int64(day),
                              hour: Int64(hour), minute: Int64(minute), second: Int64(second))
    }

    init(wallSeconds: Int64, isDate: Bool, zone: Zone) {
        let wall = WallTime(seconds: wallSeconds)
        self.init(year: Int(wall.year), month: Int(wall.month), day: Int(wall.day),
                  hour: isDate ? 0 : Int(wall.hour), minute: isDate ? 0 : Int(wall.minute),
                  second: isDate ? 0 : Int(wall.second), isDate: isDate, zone: zone)
    }

    private static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for b in bytes[start..<start + count] {
            guard b >= 0x30, b <= 0x39 else { return nil }
            value = value * 10 + Int(b - 0x30)
        }
        return value
    }
}

extension ICalDateTime: CustomStringConvertible {
    /// The RFC 5545 text form (`20250601`, `20250601T100000`, `20250601T100000Z`); the TZID, if
    /// any, belongs in a parameter and is not part of it.
    public var description: String {
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v < 0 ? -v : v)
            return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let date = pad(year, 4) + pad(month, 2) + pad(day, 2)
        if isDate { return date }
        return date + "T" + pad(hour, 2) + pad(minute, 2) + pad(second, 2) + (zone == .utc ? "Z" : "")
    }
}
