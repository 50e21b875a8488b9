import FoundationEssentials

/// IMF-fixdate (RFC 9110 §5.6.7), as `getlastmodified` and `Last-Modified` need.
public enum HTTPDate {
    private static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let dayNumber = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - dayNumber * 86_400
        let (y, m, d) = civil(fromDays: dayNumber)
        let weekday = Int(((dayNumber % 7) + 7) % 7)
        guard (0...9999).contains(y) else {
            return "\(days[weekday]), \(d) \(months[Int(m) - 1]) \(y) \(secondOfDay / 3600):\(secondOfDay / 60 % 60):\(secondOfDay % 60) GMT"
        }
        // Written byte by byte: every GET's `Last-Modified` and every response's `Date` come here.
        return String(unsafeUninitializedCapacity: 29) { out in
            var i = 0
            func put(_ b: UInt8) { out[i] = b; i += 1 }
            func put(_ text: String, _ index: Int) { for b in text.utf8.dropFirst(index * 3).prefix(3) { put(b) } }
            func digits(_ value: Int64, _ count: Int) {
                var divisor: Int64 = 1
                for _ in 1..<count { divisor *= 10 }
                while divisor > 0 { put(UInt8(ascii: "0") + UInt8(value / divisor % 10)); divisor /= 10 }
            }
            put("ThuFriSatSunMonTueWed", weekday)
            put(UInt8(ascii: ",")); put(UInt8(ascii: " "))
            digits(d, 2); put(UInt8(ascii: " "))
            put("JanFebMarAprMayJunJulAugSepOctNovDec", Int(m) - 1); put(UInt8(ascii: " "))
            digits(y, 4); put(UInt8(ascii: " "))
            digits(secondOfDay / 3600, 2); put(UInt8(ascii: ":"))
            digits(secondOfDay / 60 % 60, 2); put(UInt8(ascii: ":"))
            digits(secondOfDay % 60, 2)
            for b in " GMT".utf8 { put(b) }
            return i
        }
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil algorithm).
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
