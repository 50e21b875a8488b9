import Synchronization

/// A clock tests move by hand, and a sleep that records instead of waiting: pass `{ clock.now }`
/// and `{ clock.sleep($0) }` where a component takes `now:` and `sleep:`.
public final class TestClock: Sendable {
    private let origin = ContinuousClock.now
    private let state = Mutex((elapsed: Duration.zero, sleeps: [Duration]()))

    public init() {}

    public var now: ContinuousClock.Instant { origin + state.withLock { $0.elapsed } }
    /// Every duration passed to `sleep`, in order.
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    public func advance(by duration: Duration) { state.withLock { $0.elapsed += duration } }

    public func sleep(_ duration: Duration) {
        state.withLock {
            $0.sleeps.append(duration)
            $0.elapsed += duration
        }
    }
}
