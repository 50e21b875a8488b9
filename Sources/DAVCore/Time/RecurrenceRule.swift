/// A recurrence rule (RRULE, RFC 5545 §3.3.10), validated. Expansion is `RuleIterator`'s job.
///
/// Lists are kept as written (negative values count from the end of the month, year or set);
/// an empty list means the part is absent.
public struct RecurrenceRule: Sendable, Hashable {
    public enum Frequency: Sendable, Hashable { case secondly, minutely, hourly, daily, weekly, monthly, yearly }

    /// Raw values follow the civil weekday numbering (0 = Sunday).
    public enum Weekday: Int, Sendable, Hashable, CaseIterable {
        case sunday = 0, monday, tuesday, wednesday, thursday, friday, saturday
    }

    /// One BYDAY entry: `MO` (every Monday of the set) or `-1SU` (the last Sunday of the month
    /// or year).
    public struct WeekdayNum: Sendable, Hashable {
        public var ordinal: Int?
        public var weekday: Weekday

        public init(_ ordinal: Int? = nil, _ weekday: Weekday) {
            self.ordinal = ordinal
            self.weekday = weekday
        }
    }

    public var freq: Frequency
    /// At least 1.
    public var interval: Int = 1
    /// At least 1; DTSTART counts as the first occurrence (RFC 5545 §3.3.10).
    public var count: Int?
    /// Inclusive; a DATE, a floating DATE-TIME or a UTC DATE-TIME.
    public var until: ICalDateTime?
    public var bySecond: [Int] = []
    public var byMinute: [Int] = []
    public var byHour: [Int] = []
    public var byDay: [WeekdayNum] = []
    public var byMonthDay: [Int] = []
    public var byYearDay: [Int] = []
    public var byWeekNo: [Int] = []
    public var byMonth: [Int] = []
    public var bySetPos: [Int] = []
    public var wkst: Weekday = .monday

    public init(freq: Frequency) {
        self.freq = freq
    }

    /// Whether the rule ends by itself (COUNT or UNTIL).
    public var isBounded: Bool { count != nil || until != nil }

    /// Parses `FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20250101T000000Z` (case-insensitive).
    ///
    /// Throws for what RFC 5545 §3.3.10 forbids: a missing or repeated FREQ, INTERVAL or COUNT
    /// below 1, COUNT with UNTIL, out-of-range BYxxx values, and BYxxx parts the FREQ cannot use
    /// (BYWEEKNO outside YEARLY, BYYEARDAY with DAILY/WEEKLY/MONTHLY, BYMONTHDAY with WEEKLY).
    /// Tolerated: a trailing ";", x-name and unknown parts (ignored), RSCALE=GREGORIAN
    /// (RFC 7529), and a BYDAY ordinal where it has no meaning (it is ignored, see
    /// `RuleIterator`).
    public static func parse(_ value: String) throws(RecurrenceError) -> RecurrenceRule {
        var freq: Frequency?
        var rule = RecurrenceRule(freq: .daily)
        var seen = Set<String>()
        for part in value.trimmingASCIIWhitespace().split(separator: ";", omittingEmptySubsequences: true) {
            guard let eq = part.firstIndex(of: "=") else { throw .invalidRule("'\(part)' is not NAME=VALUE") }
            let name = part[..<eq].uppercased()
            let raw = String(part[part.index(after: eq)...])
            guard seen.insert(name).inserted else { throw .invalidRule("\(name) appears twice") }
            switch name {
            case "FREQ": freq = try frequency(raw)
            case "INTERVAL": rule.interval = try number(raw, name, 1...Int(Int32.max))
            case "COUNT": rule.count = try number(raw, name, 1...Int.max)
            case "UNTIL":
                guard let until = ICalDateTime.parse(raw, tzid: nil) else { throw .invalidRule("UNTIL '\(raw)' is not a DATE or DATE-TIME") }
                rule.until = until
            case "BYSECOND": rule.bySecond = try list(raw, name, 0...60, signed: false)
            case "BYMINUTE": rule.byMinute = try list(raw, name, 0...59, signed: false)
            case "BYHOUR": rule.byHour = try list(raw, name, 0...23, signed: false)
            case "BYDAY": rule.byDay = try weekdayList(raw)
            case "BYMONTHDAY": rule.byMonthDay = try list(raw, name, 1...31, signed: true)
            case "BYYEARDAY": rule.byYearDay = try list(raw, name, 1...366, signed: true)
            case "BYWEEKNO": rule.byWeekNo = try list(raw, name, 1...53, signed: true)
            case "BYMONTH": rule.byMonth = try list(raw, name, 1...12, signed: false)
            case "BYSETPOS": rule.bySetPos = try list(raw, name, 1...366, signed: true)
            case "WKST":
                guard let day = weekday(raw) else { throw .invalidRule("WKST '\(raw)' is not a weekday") }
                rule.wkst = day
            case "RSCALE":
                // RFC 7529: only the Gregorian scale is implemented; any other would silently
                // produce wrong dates.
                guard raw.uppercased() == "GREGORIAN" else { throw .invalidRule("RSCALE=\(raw) is not supported") }
            default:
                continue  // x-name or a future IANA part (RFC 5545 §3.3.10 "x-name")
            }
        }
        guard let freq else { throw .invalidRule("FREQ is required") }
        rule.freq = freq
        try rule.validateCombinations()
        return rule
    }

    /// RFC 5545 §3.3.10 (the table on page 44 marks these N/A, the prose says MUST NOT).
    private func validateCombinations() throws(RecurrenceError) {
        if count != nil && until != nil { throw .invalidRule("COUNT and UNTIL must not both be given") }
        if !byWeekNo.isEmpty && freq != .yearly { throw .invalidRule("BYWEEKNO is only allowed with FREQ=YEARLY") }
        if !byYearDay.isEmpty && [.daily, .weekly, .monthly].contains(freq) {
            throw .invalidRule("BYYEARDAY is not allowed with FREQ=DAILY, WEEKLY or MONTHLY")
        }
        if !byMonthDay.isEmpty && freq == .weekly { throw .invalidRule("BYMONTHDAY is not allowed with FREQ=WEEKLY") }
    }

    private static func frequency(_ raw: String) throws(RecurrenceError) -> Frequency {
        switch raw.uppercased() {
        case "SECONDLY": .secondly
        case "MINUTELY": .minutely
        case "HOURLY": .hourly
        case "DAILY": .daily
        case "WEEKLY": .weekly
        case "MONTHLY": .monthly
        case "YEARLY": .yearly
        default: throw .invalidRule("FREQ '\(raw)' is unknown")
        }
    }

    private static func weekday(_ raw: some StringProtocol) -> Weekday? {
        switch raw.uppercased() {
        case "SU": .sunday
        case "MO": .monday
        case "TU": .tuesday
        case "WE": .wednesday
        case "TH": .thursday
        case "FR": .friday
        case "SA": .saturday
        default: nil
        }
    }

    /// `[+|-]digits`, at most 18 digits so the value fits an Int.
    private static func integer(_ raw: some StringProtocol) -> Int? {
        var text = Substring(String(raw).trimmingASCIIWhitespace())
        var sign = 1
        if let first = text.first, first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            text = text.dropFirst()
        }
        guard !text.isEmpty, text.count <= 18, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else { return nil }
        return sign * value
    }

    private static func number(_ raw: String, _ name: String, _ range: ClosedRange<Int>) throws(RecurrenceError) -> Int {
        guard !raw.hasPrefix("-"), let value = integer(raw), range.contains(value) else {
            throw .invalidRule("\(name)=\(raw) is not a number in \(range.lowerBound)...")
        }
        return value
    }

    /// A comma list; `signed` allows `-n` (magnitude in `range`), as BYMONTHDAY and friends do.
    private static func list(_ raw: String, _ name: String, _ range: ClosedRange<Int>, signed: Bool) throws(RecurrenceError) -> [Int] {
        var values: [Int] = []
        for item in raw.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = integer(item), range.contains(abs(value)), signed || value >= 0 else {
                throw .invalidRule("\(name) value '\(item)' is out of range")
            }
            if !values.contains(value) { values.append(value) }
        }
        return values
    }

    private static func weekdayList(_ raw: String) throws(RecurrenceError) -> [WeekdayNum] {
        var values: [WeekdayNum] = []
        for item in raw.split(separator: ",", omittingEmptySubsequences: false) {
            let text = String(item).trimmingASCIIWhitespace()
            guard text.count >= 2, let day = weekday(text.suffix(2)) else { throw .invalidRule("BYDAY value '\(item)' is not a weekday") }
            var ordinal: Int?
            if text.count > 2 {
                guard let n = integer(text.dropLast(2)), (1...53).contains(abs(n)) else {
                    throw .invalidRule("BYDAY ordinal in '\(item)' must be 1...53 or -53...-1")
                }
                ordinal = n
            }
            let entry = WeekdayNum(ordinal, day)
            if !values.contains(entry) { values.append(entry) }
        }
        return values
    }
}

