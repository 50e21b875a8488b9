/// The instances of one RRULE in wall-clock seconds (local time of DTSTART's zone, counted as if
/// it were UTC), ascending, from DTSTART on. COUNT and UNTIL are the caller's business: they
/// need the zone (UNTIL is UTC) and the DTSTART rule (COUNT counts it).
///
/// Works period by period (a year, month, week, day, hour, minute or second, times INTERVAL):
/// each period's candidates are built by `DayFilter` and `PeriodSet`, so a period costs the same
/// whether it is the first or the ten-thousandth, and `skip(to:)` jumps straight to a far
/// period. Every period and every instance costs one `RecurrenceBudget` step.
struct RuleIterator {
    private let freq: RecurrenceRule.Frequency
    private let interval: Int64
    private let filter: DayFilter
    /// Expansion lists for DAILY and longer; for shorter FREQs the parts at or above FREQ
    /// filter (`hourFilter` …) and those below expand.
    private let hours: [Int], minutes: [Int], seconds: [Int]
    private let hourFilter: [Int], minuteFilter: [Int], secondFilter: [Int]
    private let setPositions: [Int]
    /// Period 0: first year, month index (year × 12 + month − 1), first day of DTSTART's week,
    /// DTSTART's day, or DTSTART truncated to the hour/minute/second.
    private let origin: Int64
    private let unit: Int64  // seconds per sub-daily period unit
    private var period: Int64 = 0
    private var floor: Int64
    private var current = PeriodSet()

    /// iCalendar years have four digits (RFC 5545 §3.3.4); nothing is generated past 9999.
    static let lastWall = CivilCalendar.days(year: 10_000, month: 1, day: 1) * CivilCalendar.secondsPerDay

    init(rule: RecurrenceRule, start: Int64, isDate: Bool) throws(RecurrenceError) {
        let wall = WallTime(seconds: start)
        let startDay = wall.dayNumber
        if isDate, [.hourly, .minutely, .secondly].contains(rule.freq) {
            throw .invalidRule("FREQ=\(rule.freq) needs a DATE-TIME DTSTART")
        }
        freq = rule.freq
        interval = Int64(rule.interval)
        setPositions = rule.bySetPos
        floor = start

        var filter = DayFilter()
        filter.months = rule.byMonth
        filter.monthDays = rule.byMonthDay
        filter.yearDays = rule.byYearDay
        filter.weekNumbers = rule.byWeekNo
        filter.weekStart = rule.wkst.rawValue
        var weekdays = rule.byDay
        // Implicit parts from DTSTART (RFC 5545 §3.3.10: "Information, not contained in the rule,
        // necessary to determine the various recurrence instance start time and dates are
        // derived from the Start Time").
        let noDayParts = rule.byDay.isEmpty && rule.byMonthDay.isEmpty && rule.byYearDay.isEmpty && rule.byWeekNo.isEmpty
        let startWeekday = RecurrenceRule.Weekday(rawValue: CivilCalendar.weekday(startDay))!
        switch rule.freq {
        case .yearly where noDayParts:
            filter.monthDays = [Int(wall.day)]
            if rule.byMonth.isEmpty { filter.months = [Int(wall.month)] }
        case .yearly where !rule.byWeekNo.isEmpty && rule.byDay.isEmpty && rule.byMonthDay.isEmpty && rule.byYearDay.isEmpty:
            // A week number alone means DTSTART's weekday in that week, as BYMONTH alone means
            // DTSTART's day of that month.
            weekdays = [.init(nil, startWeekday)]
        case .monthly where rule.byDay.isEmpty && rule.byMonthDay.isEmpty:
            filter.monthDays = [Int(wall.day)]
        case .weekly where rule.byDay.isEmpty:
            weekdays = [.init(nil, startWeekday)]
        default:
            break
        }
        // BYDAY ordinals count within the month or year only for MONTHLY and YEARLY (and not with
        // BYWEEKNO); elsewhere RFC 5545 forbids them, and they are read as plain weekdays.
        switch rule.freq {
        case .monthly: filter.ordinalScope = .month
        case .yearly where rule.byWeekNo.isEmpty: filter.ordinalScope = rule.byMonth.isEmpty ? .year : .month
        default: filter.ordinalScope = .none
        }
        filter.weekdays = weekdays.map { DayFilter.Weekday(ordinal: $0.ordinal, weekday: $0.weekday.rawValue) }
        self.filter = filter

        // Second 60 (a leap second, allowed by §3.3.10) has no wall-clock slot here.
        func expansion(_ list: [Int], _ fallback: Int64) -> [Int] {
            isDate ? [0] : (list.isEmpty ? [Int(fallback)] : list.filter { $0 < 60 }.sorted())
        }
        hours = expansion(rule.byHour, wall.hour)
        minutes = expansion(rule.byMinute, wall.minute)
        seconds = expansion(rule.bySecond, wall.second)
        hourFilter = rule.byHour
        minuteFilter = rule.byMinute
        secondFilter = rule.bySecond

        switch rule.freq {
        case .yearly: origin = wall.year; unit = 0
        case .monthly: origin = wall.year * 12 + wall.month - 1; unit = 0
        case .weekly: origin = startDay - Int64((CivilCalendar.weekday(startDay) - rule.wkst.rawValue + 7) % 7); unit = 0
        case .daily: origin = startDay; unit = 0
        case .hourly: unit = 3_600; origin = CivilCalendar.floorDiv(start, unit) * unit
        case .minutely: unit = 60; origin = CivilCalendar.floorDiv(start, unit) * unit
        case .secondly: unit = 1; origin = start
        }
    }

    /// Jumps to the first instance at or after `target` without generating the ones before.
    /// Only valid for rules without COUNT (their instances need not be counted from DTSTART).
    mutating func skip(to target: Int64) {
        guard target > floor else { return }
        floor = target
        let wall = WallTime(seconds: target)
        let targetPeriod: Int64
        switch freq {
        case .yearly: targetPeriod = CivilCalendar.floorDiv(wall.year - origin, interval)
        case .monthly: targetPeriod = CivilCalendar.floorDiv(wall.year * 12 + wall.month - 1 - origin, interval)
        case .weekly: targetPeriod = CivilCalendar.floorDiv(wall.dayNumber - origin, 7 * interval)
        case .daily: targetPeriod = CivilCalendar.floorDiv(wall.dayNumber - origin, interval)
        default: targetPeriod = CivilCalendar.floorDiv(target - origin, interval * unit)
        }
        if targetPeriod >= period {
            period = targetPeriod
            current = PeriodSet()
        } else {
            current.skip(below: floor)
        }
    }

    /// The next instance, or nil once they would pass `horizon` (wall seconds) or year 9999.
    mutating func next(horizon: Int64?, budget: inout RecurrenceBudget) throws(RecurrenceError) -> Int64? {
        let limit = min(horizon ?? RuleIterator.lastWall, RuleIterator.lastWall)
        while true {
            if let value = current.next() {
                try budget.step()
                return value > limit ? nil : value
            }
            guard periodStart(period) <= limit else { return nil }
            try budget.step()
            if hasSingleCandidate {
                let (value, following) = singleCandidate(period)
                period = following
                guard let value, value >= floor else { continue }
                return value > limit ? nil : value
            }
            let (set, following) = makeSet(period)
            current = set
            current.skip(below: floor)
            period = following
        }
    }

    /// Wall seconds at which period `p` begins.
    private func periodStart(_ p: Int64) -> Int64 {
        let step = p * interval
        switch freq {
        case .yearly: return CivilCalendar.days(year: origin + step, month: 1, day: 1) * CivilCalendar.secondsPerDay
        case .monthly:
            let index = origin + step
            let year = CivilCalendar.floorDiv(index, 12)
            return CivilCalendar.days(year: year, month: index - year * 12 + 1, day: 1) * CivilCalendar.secondsPerDay
        case .weekly: return (origin + 7 * step) * CivilCalendar.secondsPerDay
        case .daily: return (origin + step) * CivilCalendar.secondsPerDay
        default: return origin + step * unit
        }
    }

    /// Sub-daily rules whose periods hold at most one candidate (SECONDLY; MINUTELY without a
    /// BYSECOND list; HOURLY without BYMINUTE and BYSECOND lists) skip `PeriodSet`: hostile
    /// FREQ=SECONDLY rules make this the hot path.
    private var hasSingleCandidate: Bool {
        guard setPositions.isEmpty else { return false }
        switch freq {
        case .secondly: return true
        case .minutely: return seconds.count == 1
        case .hourly: return minutes.count == 1 && seconds.count == 1
        default: return false
        }
    }

    /// The candidate of period `p` (nil when a filter rejects it) and the next period to try.
    private func singleCandidate(_ p: Int64) -> (Int64?, Int64) {
        let start = periodStart(p)
        let day = CivilCalendar.floorDiv(start, CivilCalendar.secondsPerDay)
        guard filter.matches(dayNumber: day) else { return (nil, nextPeriod(after: p, reaching: (day + 1) * CivilCalendar.secondsPerDay)) }
        let secondOfDay = Int(start - day * CivilCalendar.secondsPerDay)
        let hour = secondOfDay / 3_600, minute = secondOfDay / 60 % 60, second = secondOfDay % 60
        if !hourFilter.isEmpty, !hourFilter.contains(hour) {
            return (nil, nextPeriod(after: p, reaching: start - Int64(secondOfDay % 3_600) + 3_600))
        }
        switch freq {
        case .hourly:
            return (start + Int64(minutes[0] * 60 + seconds[0]), p + 1)
        case .minutely:
            if !minuteFilter.isEmpty, !minuteFilter.contains(minute) { return (nil, nextPeriod(after: p, reaching: start - Int64(second) + 60)) }
            return (start + Int64(seconds[0]), p + 1)
        default:
            if !minuteFilter.isEmpty, !minuteFilter.contains(minute) { return (nil, nextPeriod(after: p, reaching: start - Int64(second) + 60)) }
            if !secondFilter.isEmpty, !secondFilter.contains(second) { return (nil, p + 1) }
            return (start, p + 1)
        }
    }

    /// The candidates of period `p` and the next period worth building (beyond `p + 1` when a
    /// failed filter proves the periods in between empty, e.g. the other hours of a day that
    /// BYDAY excludes in a MINUTELY rule).
    private func makeSet(_ p: Int64) -> (PeriodSet, Int64) {
        var set = PeriodSet()
        set.hours = hours
        set.minutes = minutes
        set.seconds = seconds
        let start = periodStart(p)
        let day = CivilCalendar.floorDiv(start, CivilCalendar.secondsPerDay)
        switch freq {
        case .yearly:
            set.days = filter.days(year: origin + p * interval)
        case .monthly:
            let index = origin + p * interval
            let year = CivilCalendar.floorDiv(index, 12)
            set.days = filter.days(year: year, month: index - year * 12 + 1)
        case .weekly:
            set.days = (day..<day + 7).filter { filter.matches(dayNumber: $0) }
        case .daily:
            guard filter.matches(dayNumber: day) else { return (set, nextPeriod(after: p, reaching: nextFilteredStart(day))) }
            set.days = [day]
        case .hourly, .minutely, .secondly:
            guard filter.matches(dayNumber: day) else {
                return (set, nextPeriod(after: p, reaching: (day + 1) * CivilCalendar.secondsPerDay))
            }
            let wall = WallTime(seconds: start)
            if !hourFilter.isEmpty, !hourFilter.contains(Int(wall.hour)) {
                return (set, nextPeriod(after: p, reaching: (CivilCalendar.floorDiv(start, 3_600) + 1) * 3_600))
            }
            set.days = [day]
            set.hours = [Int(wall.hour)]
            if freq != .hourly {
                if !minuteFilter.isEmpty, !minuteFilter.contains(Int(wall.minute)) {
                    return (PeriodSet(), nextPeriod(after: p, reaching: (CivilCalendar.floorDiv(start, 60) + 1) * 60))
                }
                set.minutes = [Int(wall.minute)]
            }
            if freq == .secondly {
                if !secondFilter.isEmpty, !secondFilter.contains(Int(wall.second)) { return (PeriodSet(), p + 1) }
                set.seconds = [Int(wall.second)]
            }
        }
        set.select(positions: setPositions)
        return (set, p + 1)
    }

    /// For DAILY: when BYMONTH rejects `day`, no day before the next month can match.
    private func nextFilteredStart(_ day: Int64) -> Int64 {
        let (year, month, _) = CivilCalendar.civil(day)
        guard !filter.months.isEmpty, !filter.months.contains(Int(month)) else { return (day + 1) * CivilCalendar.secondsPerDay }
        let next = month == 12 ? CivilCalendar.days(year: year + 1, month: 1, day: 1) : CivilCalendar.days(year: year, month: month + 1, day: 1)
        return next * CivilCalendar.secondsPerDay
    }

    /// The first period after `p` that starts at or after `wall`.
    private func nextPeriod(after p: Int64, reaching wall: Int64) -> Int64 {
        let length: Int64 = freq == .daily ? interval * CivilCalendar.secondsPerDay : interval * unit
        let distance = wall - periodStart(p)
        return p + max(1, (distance + length - 1) / length)
    }
}
