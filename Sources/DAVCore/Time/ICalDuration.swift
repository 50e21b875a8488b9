/// A DURATION value (RFC 5545 §3.3.6): `P15DT5H0M20S`, `-PT15M`, `P7W`.
///
/// Weeks and days are nominal (a day is a calendar day, 23 or 25 hours across a DST change);
/// hours, minutes and seconds are exact. `ICalDuration.add(to:in:)` applies that distinction.
public struct ICalDuration: Sendable, Hashable {
    public var isNegative: Bool
    public var weeks: Int, days: Int, hours: Int, minutes: Int, seconds: Int

    public init(isNegative: Bool = false, weeks: Int = 0, days: Int = 0, hours: Int = 0, minutes: Int = 0, seconds: Int = 0) {
        self.isNegative = isNegative
        self.weeks = weeks
        self.days = days
        self.hours = hours
        self.minutes = minutes
        self.seconds = seconds
    }

    /// Parses the §3.3.6 grammar. Leniently also accepts weeks combined with days and time
    /// (`P1W2D`, written by some clients) and any subset of H/M/S; rejects empty durations
    /// (`P`, `PT`), repeated or out-of-order designators and numbers over nine digits.
    public static func parse(_ value: String) -> ICalDuration? {
        var bytes = Array(value.trimmingASCIIWhitespace().utf8)[...]
        var result = ICalDuration()
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            result.isNegative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard bytes.first.map({ $0 | 0x20 }) == UInt8(ascii: "p") else { return nil }
        bytes = bytes.dropFirst()
        // Designators in the only order the grammar allows; `rank` rises as we consume them.
        let dateOrder: [UInt8] = [UInt8(ascii: "w"), UInt8(ascii: "d")]
        let timeOrder: [UInt8] = [UInt8(ascii: "h"), UInt8(ascii: "m"), UInt8(ascii: "s")]
        var inTime = false
        var rank = 0
        var sawComponent = false
        var sawTimeComponent = false
        while let first = bytes.first {
            if first | 0x20 == UInt8(ascii: "t") {
                guard !inTime else { return nil }
                inTime = true
                rank = 0
                bytes = bytes.dropFirst()
                continue
            }
            var number = 0
            var digitCount = 0
            while let b = bytes.first, b >= 0x30, b <= 0x39 {
                guard digitCount < 9 else { return nil }
                number = number * 10 + Int(b - 0x30)
                digitCount += 1
                bytes = bytes.dropFirst()
            }
            guard digitCount > 0, let designator = bytes.first.map({ $0 | 0x20 }) else { return nil }
            bytes = bytes.dropFirst()
            let order = inTime ? timeOrder : dateOrder
            guard let position = order.firstIndex(of: designator), position >= rank else { return nil }
            rank = position + 1
            sawComponent = true
            switch (inTime, position) {
            case (false, 0): result.weeks = number
            case (false, _): result.days = number
            case (true, 0): result.hours = number
            case (true, 1): result.minutes = number
            default: result.seconds = number
            }
            if inTime { sawTimeComponent = true }
        }
        guard sawComponent, !inTime || sawTimeComponent else { return nil }
        return result
    }

    /// Nominal days/weeks + exact time, as a total in seconds when the days are 24h (for UTC use).
    public var totalSeconds: Int64 {
        let magnitude = nominalDays * 86_400 + exactSeconds
        return isNegative ? -magnitude : magnitude
    }

    /// Whole calendar days (weeks included), unsigned.
    var nominalDays: Int64 { Int64(weeks) * 7 + Int64(days) }

    /// The exact part in seconds, unsigned.
    var exactSeconds: Int64 { Int64(hours) * 3_600 + Int64(minutes) * 60 + Int64(seconds) }

    /// The instant `self` after `start` (RFC 5545 §3.3.6): calendar days are added to the wall
    /// clock of `zone`, then the exact part to the resulting instant.
    func add(to start: Int64, in zone: TimeZoneResolver.Zone) -> Int64 {
        let sign: Int64 = isNegative ? -1 : 1
        var instant = start
        if nominalDays != 0 {
            let wall = start + Int64(zone.offset(atUTC: start))
            instant = zone.utc(fromLocal: wall + sign * nominalDays * 86_400)
        }
        return instant + sign * exactSeconds
    }
}

extension ICalDuration: CustomStringConvertible {
    public var description: String {
        var text = isNegative ? "-P" : "P"
        if weeks != 0 { text += "\(weeks)W" }
        if days != 0 { text += "\(days)D" }
        if hours != 0 || minutes != 0 || seconds != 0 {
            text += "T"
            if hours != 0 { text += "\(hours)H" }
            if minutes != 0 { text += "\(minutes)M" }
            if seconds != 0 { text += "\(seconds)S" }
        }
        return text == "P" || text == "-P" ? "PT0S" : text
    }
}
