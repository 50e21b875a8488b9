import Logging
import ServiceLifecycle

/// The background work of one `GitStorage`: pushing after commits and packing loose objects.
/// A `Service`, run in the server's service group; commits only signal it.
public final class GitMaintenance: Service, Sendable {
    let options: GitStorageOptions
    let logger: Logger
    private let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation

    init(options: GitStorageOptions, logger: Logger) {
        self.options = options
        self.logger = logger
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Called after every commit; bursts coalesce into one signal.
    func noteCommit() { signal.yield() }

    public func run() async throws {
        for await _ in signals.cancelOnGracefulShutdown() {}
    }
}
