/// The candidate instances of one FREQ period: every matching day combined with every hour,
/// minute and second (RFC 5545 §3.3.10 expansion), then narrowed by BYSETPOS.
///
/// The combinations are never materialised: a YEARLY rule with BYHOUR, BYMINUTE and BYSECOND
/// lists has up to 366 × 24 × 60 × 61 candidates per year, so the n-th one is computed from n
/// (all lists are sorted, so candidate order is time order). BYSETPOS selections are at most
/// 2 × 366 indices.
struct PeriodSet {
    var days: [Int64] = []
    var hours: [Int] = []
    var minutes: [Int] = []
    var seconds: [Int] = []
    /// Indices chosen by BYSETPOS, ascending; nil when the rule has none.
    var selected: [Int]?
    /// Next position to return (into `selected` when present, else into the combinations).
    var cursor = 0

    var combinationCount: Int { days.count * hours.count * minutes.count * seconds.count }

    private var positionCount: Int { selected?.count ?? combinationCount }

    var isExhausted: Bool { cursor >= positionCount }

    /// Wall-clock seconds of the combination at `index`.
    func value(at index: Int) -> Int64 {
        let perMinute = seconds.count
        let perHour = minutes.count * perMinute
        let perDay = hours.count * perHour
        let day = days[index / perDay]
        let inDay = index % perDay
        let hour = hours[inDay / perHour]
        let minute = minutes[inDay % perHour / perMinute]
        let second = seconds[inDay % perMinute]
        return day * CivilCalendar.secondsPerDay + Int64(hour * 3_600 + minute * 60 + second)
    }

    private func value(atPosition position: Int) -> Int64 {
        value(at: selected.map { $0[position] } ?? position)
    }

    /// Applies BYSETPOS (RFC 5545 §3.3.10): 1 is the first candidate of the period, -1 the last;
    /// positions beyond the set select nothing.
    mutating func select(positions: [Int]) {
        guard !positions.isEmpty else { return }
        let count = combinationCount
        var chosen = Set<Int>()
        for position in positions {
            let index = position > 0 ? position - 1 : count + position
            if index >= 0, index < count { chosen.insert(index) }
        }
        selected = chosen.sorted()
    }

    /// Moves the cursor to the first candidate at or after `floor` (binary search: candidates
    /// ascend with their position).
    mutating func skip(below floor: Int64) {
        var low = cursor
        var high = positionCount
        while low < high {
            let mid = low + (high - low) / 2
            if value(atPosition: mid) < floor { low = mid + 1 } else { high = mid }
        }
        cursor = low
    }

    /// The next candidate, or nil when the period is used up.
    mutating func next() -> Int64? {
        guard !isExhausted else { return nil }
        defer { cursor += 1 }
        return value(atPosition: cursor)
    }
}

/// Bounds the work of one expansion: `maxIterations` steps and a wall-clock deadline, checked
/// every 1 024 steps so that reading the clock stays cheap.
struct RecurrenceBudget {
    let maxIterations: Int
    let deadline: ContinuousClock.Instant
    private(set) var iterations = 0

    init(maxIterations: Int, deadline: Duration) {
        self.maxIterations = maxIterations
        self.deadline = ContinuousClock.now.advanced(by: deadline)
    }

    mutating func step() throws(RecurrenceError) {
        iterations += 1
        if iterations > maxIterations {
            throw RecurrenceError(.limitExceeded, "more than \(maxIterations) recurrence iterations")
        }
        if iterations & 1_023 == 0, ContinuousClock.now > deadline {
            throw RecurrenceError(.limitExceeded, "recurrence expansion ran past its deadline")
        }
    }
}
