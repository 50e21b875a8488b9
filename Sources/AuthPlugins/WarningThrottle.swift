import Synchronization

/// Lets a warning about the same subject (a peer address) through at most once per `interval`,
/// so a client that keeps repeating a mistake, or an attacker, cannot flood the log.
final class WarningThrottle: Sendable {
    private let interval: Duration
    private let capacity: Int
    private let lastWarned = Mutex<[String: ContinuousClock.Instant]>([:])

    /// - Parameters:
    ///   - interval: how long one subject stays silent after a warning.
    ///   - capacity: subjects remembered at once; when full, expired ones are dropped and, if
    ///     none expired, everything is forgotten (worst case: one extra line per subject).
    init(interval: Duration = .seconds(60), capacity: Int = 4096) {
        self.interval = interval
        self.capacity = capacity
    }

    /// `true` when a warning about `subject` should be logged now.
    func shouldWarn(about subject: String, now: ContinuousClock.Instant = .now) -> Bool {
        lastWarned.withLock { seen in
            if let last = seen[subject], now - last < interval { return false }
            if seen.count >= capacity {
                seen = seen.filter { now - $0.value < interval }
                if seen.count >= capacity { seen.removeAll() }
            }
            seen[subject] = now
            return true
        }
    }
}
