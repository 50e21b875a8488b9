import DAVCore
import Synchronization

/// The serial executor of one `GitRepository` actor: its jobs run one at a time, in order, on
/// `GitExecutor.sharedPool` threads.
///
/// So every line of the actor's code, and with it every libgit2 call on its handle, runs off
/// the cooperative pool, and libgit2's rule that a `git_repository` is used by one thread at a
/// time (libgit2 docs/threading.md) holds by construction. libgit2's last-error message is
/// thread-local; a job never suspends between a failing call and `git_error_last`, so it reads
/// its own error.
final class GitExecutor: SerialExecutor, Sendable {
    private struct Queue {
        var jobs: [UnownedJob] = []
        var head = 0
        var draining = false
    }

    /// The process-wide pool every `GitStorage` shares: each repository actor drains its queue on
    /// one of these threads at a time, so the pool bounds how many repositories work at once; a
    /// writer, a reader and a pusher per repository fit with room to spare.
    static let sharedPool = BlockingThreadPool(threads: 8)

    private let queue = Mutex(Queue())

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let start = queue.withLock { queue in
            queue.jobs.append(job)
            if queue.draining { return false }
            queue.draining = true
            return true
        }
        if start { Self.sharedPool.submit { self.drain() } }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Runs queued jobs until the queue is empty; `enqueue` starts a new drain after that.
    private func drain() {
        while let job = next() {
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }

    private func next() -> UnownedJob? {
        queue.withLock { queue in
            guard queue.head < queue.jobs.count else {
                queue.jobs.removeAll(keepingCapacity: true)
                queue.head = 0
                queue.draining = false
                return nil
            }
            let job = queue.jobs[queue.head]
            queue.head += 1
            return job
        }
    }
}
