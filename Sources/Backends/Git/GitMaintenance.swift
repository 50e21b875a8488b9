import FoundationEssentials
import Logging
import ServiceLifecycle
import Synchronization

/// The background work of one `GitStorage`: pushing after commits and packing loose objects. A
/// `Service` in the server's service group; commits only signal it, so a slow or unreachable
/// remote never holds up a write.
///
/// Bursts coalesce: however many commits arrive while a push runs, one more push follows. A
/// failed push is retried with exponential backoff (2 s doubling to 5 min) until it succeeds;
/// each failure is logged as a warning and recorded for `pocketdav storage status`, and the
/// first success after failures is logged as a notice. At start it pushes once, so commits made
/// while the remote was unreachable before a restart go out too.
public final class GitMaintenance: Service, Sendable {
    let options: GitStorageOptions
    let logger: Logger
    /// A handle of its own, so packing and network pushes never wait for, or hold up, requests.
    let repository: GitRepository
    private let commitsSincePack = Atomic<Int>(0)
    private let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation
    private let lastPush = Mutex<GitPushStatus?>(nil)

    init(options: GitStorageOptions, repository: GitRepository, logger: Logger) {
        self.options = options
        self.repository = repository
        self.logger = logger
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Called after every commit.
    func noteCommit() {
        commitsSincePack.add(1, ordering: .relaxed)
        signal.yield()
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await self.work() }
        } catch is CancellationError {
            // Shutting down: unpushed commits go out after the next start.
        }
    }

    private func work() async throws {
        // Catch up on objects left loose by earlier runs (the count lives only in memory).
        let loose = (try? await repository.perform { ObjectFolder(path: $0.gitDirectory + "objects").looseObjects().count }) ?? 0
        if options.packEvery > 0, loose > options.packEvery { _ = try? await pack() }
        if options.remote != nil { signal.yield() }
        for await _ in signals {
            await packIfDue()
            guard options.remote != nil else { continue }
            while let failed = await push(), failed.lastError != nil {
                try await Task.sleep(for: Self.backoff(afterFailures: failed.consecutiveFailures))
                // Commits go on while the remote is away; their objects still get packed.
                await packIfDue()
            }
        }
    }

    private func packIfDue() async {
        guard options.packEvery > 0, commitsSincePack.load(ordering: .relaxed) >= options.packEvery else { return }
        _ = try? await pack()
    }

    /// 2 s, 4 s, 8 s … capped at 5 minutes.
    static func backoff(afterFailures failures: Int) -> Duration {
        .seconds(min(300, 1 << min(max(failures, 1), 9)))
    }

    /// Packs loose objects now (and merges packs when there are many).
    @discardableResult
    public func pack() async throws -> (packedObjects: Int, removedLooseObjects: Int) {
        commitsSincePack.store(0, ordering: .relaxed)
        do {
            let outcome = try await repository.perform { try $0.packObjects() }
            return (outcome.packedObjects, outcome.removedLooseObjects)
        } catch {
            logger.error("packing the git repository failed", metadata: ["error": "\(error)"])
            throw error
        }
    }

    /// Pushes the branch once and records the outcome; `nil` when no remote is configured.
    @discardableResult
    public func push() async -> GitPushStatus? {
        guard let remote = options.remote else { return nil }
        var status = lastPush.withLock { $0 } ?? GitPushStatus.read(gitDirectory: repository.gitDirectory)
            ?? GitPushStatus(remote: remote.displayURL)
        status.remote = remote.displayURL
        status.lastAttempt = Date()
        do {
            let pushed = try await repository.perform { try $0.push(to: remote) }
            if status.consecutiveFailures > 0 {
                logger.notice("git push works again", metadata: ["remote": "\(remote.displayURL)"])
            }
            status.lastSuccess = status.lastAttempt
            status.pushedCommit = pushed?.hex
            status.lastError = nil
            status.consecutiveFailures = 0
        } catch {
            status.lastError = "\(error)"
            status.consecutiveFailures += 1
            logger.warning("git push failed; local writes are safe and the push will be retried", metadata: [
                "remote": "\(remote.displayURL)", "error": "\(error)", "failures": "\(status.consecutiveFailures)",
            ])
        }
        lastPush.withLock { $0 = status }
        do {
            try status.write(gitDirectory: repository.gitDirectory)
        } catch {
            logger.warning("cannot record the push status", metadata: ["error": "\(error)"])
        }
        return status
    }
}
