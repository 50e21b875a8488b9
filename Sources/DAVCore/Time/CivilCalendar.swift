/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), the calendar
/// RFC 5545 §3.3.4 prescribes. Everything is Int64, so there is no 2038 (or 9999) cliff.
///
/// DAVCore avoids Foundation's `Calendar` (and with it ICU), so the conversions live here.
enum CivilCalendar {
    static let secondsPerDay: Int64 = 86_400

    /// Day number of a civil date. Months outside 1...12 and days outside the month are not
    /// normalised; callers validate first.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        // Count years from March so that the leap day is the last day of the counting year;
        // then every 400-year era holds exactly 146 097 days.
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let marchMonth = (month + 9) % 12  // March = 0 … February = 11
        let dayOfYear = (153 * marchMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468  // 0000-03-01 is day -719 468
    }

    /// The civil date of a day number.
    static func civil(_ dayNumber: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = dayNumber + 719_468
        let era = floorDiv(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        // Undo the leap-day corrections to find the year of the era (0...399).
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let marchMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
        let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// 0 = Sunday … 6 = Saturday (the order of `RecurrenceRule.Weekday`). 1970-01-01 was a Thursday.
    static func weekday(_ dayNumber: Int64) -> Int {
        Int(floorMod(dayNumber + 4, 7))
    }

    static func isLeap(_ year: Int64) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysInYear(_ year: Int64) -> Int64 { isLeap(year) ? 366 : 365 }

    /// Seconds since 1970 for a wall-clock date and time, as if the wall clock were UTC.
    static func seconds(year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64) -> Int64 {
        days(year: year, month: month, day: day) * secondsPerDay + hour * 3_600 + minute * 60 + second
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }
}

/// A wall-clock time split into fields; `seconds` is the same instant counted as if it were UTC.
struct WallTime: Hashable {
    var year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64

    init(seconds: Int64) {
        let dayNumber = CivilCalendar.floorDiv(seconds, CivilCalendar.secondsPerDay)
        let (y, m, d) = CivilCalendar.civil(dayNumber)
        let secondOfDay = seconds - dayNumber * CivilCalendar.secondsPerDay
        year = y; month = m; day = d
        hour = secondOfDay / 3_600; minute = secondOfDay / 60 % 60; second = secondOfDay % 60
    }

    var dayNumber: Int64 { CivilCalendar.days(year: year, month: month, day: day) }
}
