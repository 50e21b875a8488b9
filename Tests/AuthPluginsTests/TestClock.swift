import Synchronization

/// A clock tests move by hand, and a sleep that records instead of waiting.
final class TestClock: Sendable {
    private let origin = ContinuousClock.now
    private let state = Mutex((elapsed: Duration.zero, sleeps: [Duration]()))

    var now: ContinuousClock.Instant { origin + state.withLock { $0.elapsed } }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func advance(by duration: Duration) { state.withLock { $0.elapsed += duration } }

    func sleep(_ duration: Duration) {
        state.withLock {
            $0.sleeps.append(duration)
            $0.elapsed += duration
        }
    }
}
