import Glibc

/// A fixed set of threads for a storage plugin's blocking work (file I/O, fsync, flock, a C
/// library such as libgit2), so none of it runs on Swift's cooperative pool or an event loop.
///
/// Threads are started once and never exit; jobs run in submission order. Size a pool for the
/// jobs that may block on each other (a writer waiting for a lock another job holds), not for
/// the cores: each backend keeps one process-wide pool.
public final class BlockingThreadPool: @unchecked Sendable {

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wakeup = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0

    public init(threads: Int) {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wakeup, nil)
        for _ in 0..<threads {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            let rc = pthread_create(&thread, nil, { raw in
                Unmanaged<BlockingThreadPool>.fromOpaque(raw!).takeRetainedValue().work()
            }, context)
            precondition(rc == 0, "pthread_create failed: \(rc)")
            pthread_detach(thread)
        }
    }

    /// Runs `body` on a pool thread and resumes the caller with its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Queues `job` for a pool thread (for executors that drive their own continuations).
    public func submit(_ job: @escaping @Sendable () -> Void) {
        pthread_mutex_lock(mutex)
        jobs.append(job)
        pthread_cond_signal(wakeup)
        pthread_mutex_unlock(mutex)
    }

    private func work() -> Never {
        while true {
            pthread_mutex_lock(mutex)
            while head == jobs.count { pthread_cond_wait(wakeup, mutex) }
            let job = jobs[head]
            jobs[head] = {}  // drop captured buffers now, not at the next compaction
            head += 1
            if head > 1024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            pthread_mutex_unlock(mutex)
            job()
        }
    }
}
