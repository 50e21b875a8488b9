/// A POSIX TZ string as found in the footer of TZif v2+ files (RFC 8536 §3.3), e.g.
/// `CET-1CEST,M3.5.0,M10.5.0/3` or `<+0530>-5:30`: the zone's rule for every year after its last
/// listed transition. Offsets here are seconds east of UTC (POSIX writes them west-positive).
struct PosixTimeZoneRule: Sendable, Hashable {
    /// When in the year DST starts or ends, and at what local time.
    struct Change: Sendable, Hashable {
        enum Day: Sendable, Hashable {
            /// `Jn`: day 1...365, February 29 never counted.
            case julianNoLeap(Int)
            /// `n`: day 0...365, February 29 counted.
            case zeroBased(Int)
            /// `Mm.w.d`: weekday d (0 = Sunday) of week w (5 = last) of month m.
            case monthWeekDay(month: Int, week: Int, weekday: Int)
        }

        var day: Day
        /// Seconds after local midnight; RFC 8536 §3.3.1 allows -167...167 hours.
        var time: Int

        /// The day number on which the change falls in `year`.
        func dayNumber(in year: Int64) -> Int64 {
            let january1 = CivilCalendar.days(year: year, month: 1, day: 1)
            switch day {
            case .julianNoLeap(let n):
                return january1 + Int64(n) - 1 + (CivilCalendar.isLeap(year) && n >= 60 ? 1 : 0)
            case .zeroBased(let n):
                return january1 + Int64(n)
            case .monthWeekDay(let month, let week, let weekday):
                let first = CivilCalendar.days(year: year, month: Int64(month), day: 1)
                var result = first + Int64((weekday - CivilCalendar.weekday(first) + 7) % 7) + Int64(week - 1) * 7
                let length = CivilCalendar.daysInMonth(year: year, month: Int64(month))
                while result >= first + length { result -= 7 }  // week 5 means the last one
                return result
            }
        }
    }

    var standardOffset: Int
    var daylightOffset: Int?
    var daylightStart: Change?
    var daylightEnd: Change?

    /// Seconds east of UTC at `utc`.
    func offset(atUTC utc: Int64) -> Int {
        guard let daylightOffset, let daylightStart, let daylightEnd else { return standardOffset }
        let year = WallTime(seconds: utc + Int64(standardOffset)).year
        // Start times are standard local time, end times daylight local time.
        let start = daylightStart.dayNumber(in: year) * CivilCalendar.secondsPerDay + Int64(daylightStart.time) - Int64(standardOffset)
        let end = daylightEnd.dayNumber(in: year) * CivilCalendar.secondsPerDay + Int64(daylightEnd.time) - Int64(daylightOffset)
        let inDaylight = start < end ? (utc >= start && utc < end) : !(utc >= end && utc < start)  // southern hemisphere
        return inDaylight ? daylightOffset : standardOffset
    }

    /// Parses `std offset [dst [offset] [,start[/time],end[/time]]]`; nil if malformed or empty.
    static func parse(_ text: String) -> PosixTimeZoneRule? {
        var scanner = Scanner(bytes: Array(text.utf8))
        guard scanner.name(), let standard = scanner.offset(hoursLimit: 24) else { return nil }
        var rule = PosixTimeZoneRule(standardOffset: -standard)
        guard !scanner.atEnd else { return rule }
        guard scanner.name() else { return nil }
        rule.daylightOffset = rule.standardOffset + 3_600
        if !scanner.atEnd, scanner.peek != UInt8(ascii: ",") {
            guard let daylight = scanner.offset(hoursLimit: 24) else { return nil }
            rule.daylightOffset = -daylight
        }
        if scanner.atEnd {
            // No rule: POSIX leaves it to the implementation; the customary default is the US one.
            rule.daylightStart = Change(day: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7_200)
            rule.daylightEnd = Change(day: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7_200)
            return rule
        }
        guard scanner.skip(","), let start = scanner.change(), scanner.skip(","), let end = scanner.change(), scanner.atEnd else { return nil }
        rule.daylightStart = start
        rule.daylightEnd = end
        return rule
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[index] }

        mutating func skip(_ character: Character) -> Bool {
            guard peek == character.asciiValue else { return false }
            index += 1
            return true
        }

        /// A zone abbreviation: three or more letters, or `<…>` with letters, digits and signs.
        mutating func name() -> Bool {
            if skip("<") {
                guard let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")), close > index else { return false }
                index = close + 1
                return true
            }
            let start = index
            while let b = peek, (b | 0x20) >= UInt8(ascii: "a"), (b | 0x20) <= UInt8(ascii: "z") { index += 1 }
            return index - start >= 3
        }

        mutating func number(maxDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while let b = peek, b >= 0x30, b <= 0x39, digits < maxDigits {
                value = value * 10 + Int(b - 0x30)
                digits += 1
                index += 1
            }
            return digits == 0 ? nil : value
        }

        /// `[+|-]hh[:mm[:ss]]` in seconds, sign as written.
        mutating func offset(hoursLimit: Int) -> Int? {
            var sign = 1
            if skip("-") { sign = -1 } else { _ = skip("+") }
            guard let hours = number(maxDigits: 3), hours <= hoursLimit else { return nil }
            var seconds = hours * 3_600
            if skip(":") {
                guard let minutes = number(maxDigits: 2), minutes < 60 else { return nil }
                seconds += minutes * 60
                if skip(":") {
                    guard let secs = number(maxDigits: 2), secs < 60 else { return nil }
                    seconds += secs
                }
            }
            return sign * seconds
        }

        mutating func change() -> Change? {
            let day: Change.Day
            if skip("M") {
                guard let month = number(maxDigits: 2), (1...12).contains(month), skip("."),
                      let week = number(maxDigits: 1), (1...5).contains(week), skip("."),
                      let weekday = number(maxDigits: 1), weekday <= 6 else { return nil }
                day = .monthWeekDay(month: month, week: week, weekday: weekday)
            } else if skip("J") {
                guard let n = number(maxDigits: 3), (1...365).contains(n) else { return nil }
                day = .julianNoLeap(n)
            } else {
                guard let n = number(maxDigits: 3), n <= 365 else { return nil }
                day = .zeroBased(n)
            }
            var time = 7_200  // POSIX default 02:00:00
            if skip("/") {
                guard let t = offset(hoursLimit: 167) else { return nil }
                time = t
            }
            return Change(day: day, time: time)
        }
    }
}
