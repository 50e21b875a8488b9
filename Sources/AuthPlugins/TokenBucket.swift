/// A token bucket: up to `capacity` events at once, refilled at `capacity` per `period`.
///
/// Limits how fast trust-on-first-use creates accounts, so a script cannot fill the storage with
/// names. Starts full, so the first accounts of a new server are not delayed.
struct TokenBucket: Sendable {
    let capacity: Double
    let period: Duration
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    init(capacity: Int, per period: Duration, now: ContinuousClock.Instant) {
        self.capacity = Double(max(0, capacity))
        self.period = period
        self.tokens = self.capacity
        self.updated = now
    }

    /// Takes one token if there is one; `false` means over the limit.
    mutating func take(now: ContinuousClock.Instant) -> Bool {
        let elapsed = now - updated
        if elapsed > .zero, period > .zero {
            tokens = min(capacity, tokens + capacity * (elapsed / period))
            updated = now
        }
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
