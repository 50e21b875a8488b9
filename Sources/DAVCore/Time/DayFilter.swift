/// The day-level BYxxx parts of a rule (BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY, BYDAY), as
/// one predicate on a civil day.
///
/// RFC 5545 §3.3.10 describes each part as "expand" or "limit" depending on FREQ (table on
/// page 44). Within one FREQ period, expanding and then limiting selects exactly the days that
/// satisfy every part at once, so `RuleIterator` enumerates the days of a period and keeps those
/// that match; the implicit defaults taken from DTSTART are added by `RuleIterator` before.
struct DayFilter {
    /// Where a BYDAY ordinal counts from (RFC 5545 §3.3.10, BYDAY and note 2 of the table).
    enum OrdinalScope { case none, month, year }

    struct Weekday: Hashable {
        var ordinal: Int?
        var weekday: Int
    }

    var months: [Int] = []
    var monthDays: [Int] = []
    var yearDays: [Int] = []
    var weekNumbers: [Int] = []
    var weekdays: [Weekday] = []
    var ordinalScope = OrdinalScope.none
    /// 0 = Sunday; the first day of a BYWEEKNO week.
    var weekStart = 1

    var isEmpty: Bool {
        months.isEmpty && monthDays.isEmpty && yearDays.isEmpty && weekNumbers.isEmpty && weekdays.isEmpty
    }

    /// Whether `dayNumber` (the civil date `year`-`month`-`day`) satisfies every part.
    func matches(year: Int64, month: Int64, day: Int64, dayNumber: Int64) -> Bool {
        if !months.isEmpty, !months.contains(Int(month)) { return false }
        if !monthDays.isEmpty {
            let length = CivilCalendar.daysInMonth(year: year, month: month)
            guard matchesSigned(monthDays, position: day, length: length) else { return false }
        }
        if !yearDays.isEmpty {
            let position = dayNumber - CivilCalendar.days(year: year, month: 1, day: 1) + 1
            guard matchesSigned(yearDays, position: position, length: CivilCalendar.daysInYear(year)) else { return false }
        }
        if !weekNumbers.isEmpty {
            let (number, weeksInYear) = DayFilter.week(of: dayNumber, year: year, weekStart: weekStart)
            guard matchesSigned(weekNumbers, position: number, length: weeksInYear) else { return false }
        }
        if !weekdays.isEmpty {
            guard matchesWeekday(year: year, month: month, day: day, dayNumber: dayNumber) else { return false }
        }
        return true
    }

    func matches(dayNumber: Int64) -> Bool {
        if isEmpty { return true }
        let (y, m, d) = CivilCalendar.civil(dayNumber)
        return matches(year: y, month: m, day: d, dayNumber: dayNumber)
    }

    /// The matching days of one month, ascending.
    func days(year: Int64, month: Int64) -> [Int64] {
        if !months.isEmpty, !months.contains(Int(month)) { return [] }
        let first = CivilCalendar.days(year: year, month: month, day: 1)
        let length = CivilCalendar.daysInMonth(year: year, month: month)
        var result: [Int64] = []
        for day in 1...length where matches(year: year, month: month, day: day, dayNumber: first + day - 1) {
            result.append(first + day - 1)
        }
        return result
    }

    /// The matching days of one year, ascending.
    func days(year: Int64) -> [Int64] {
        var result: [Int64] = []
        for month in Int64(1)...12 { result += days(year: year, month: month) }
        return result
    }

    /// A positive value counts from the start (1 = first), a negative one from the end
    /// (-1 = last), as BYMONTHDAY, BYYEARDAY, BYWEEKNO and BYDAY ordinals all do.
    private func matchesSigned(_ values: [Int], position: Int64, length: Int64) -> Bool {
        let fromEnd = position - length - 1
        return values.contains { Int64($0) == ($0 > 0 ? position : fromEnd) }
    }

    private func matchesWeekday(year: Int64, month: Int64, day: Int64, dayNumber: Int64) -> Bool {
        let weekday = CivilCalendar.weekday(dayNumber)
        var position: Int64 = 0
        var length: Int64 = 0
        switch ordinalScope {
        case .none: break
        case .month:
            position = day
            length = CivilCalendar.daysInMonth(year: year, month: month)
        case .year:
            position = dayNumber - CivilCalendar.days(year: year, month: 1, day: 1) + 1
            length = CivilCalendar.daysInYear(year)
        }
        for entry in weekdays where entry.weekday == weekday {
            guard let ordinal = entry.ordinal, ordinalScope != .none else { return true }
            // The n-th such weekday of the month or year, counted from either end.
            let n = ordinal > 0 ? (position - 1) / 7 + 1 : -((length - position) / 7 + 1)
            if n == Int64(ordinal) { return true }
        }
        return false
    }

    /// The week number of `dayNumber` and the number of weeks in its week-numbering year, per
    /// RFC 5545 §3.3.10 BYWEEKNO: week 1 is the first week (starting on WKST) with at least
    /// four days in the calendar year (ISO 8601 when WKST is Monday). The days of `year` that
    /// belong to the neighbouring week-numbering years keep those years' numbers.
    static func week(of dayNumber: Int64, year: Int64, weekStart: Int) -> (number: Int64, weeksInYear: Int64) {
        var owner = year
        if dayNumber < firstWeekStart(year, weekStart) {
            owner = year - 1
        } else if dayNumber >= firstWeekStart(year + 1, weekStart) {
            owner = year + 1
        }
        let first = firstWeekStart(owner, weekStart)
        let weeks = (firstWeekStart(owner + 1, weekStart) - first) / 7
        return ((dayNumber - first) / 7 + 1, weeks)
    }

    /// The day number on which week 1 of `year` starts.
    static func firstWeekStart(_ year: Int64, _ weekStart: Int) -> Int64 {
        let january1 = CivilCalendar.days(year: year, month: 1, day: 1)
        let offset = Int64((CivilCalendar.weekday(january1) - weekStart + 7) % 7)
        return offset <= 3 ? january1 - offset : january1 + 7 - offset
    }
}
