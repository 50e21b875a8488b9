import Glibc

/// A fixed set of threads for blocking filesystem work (open, read, fsync, rename, flock), so none
/// of it runs on Swift's cooperative pool.
///
/// Threads are started once per process and never exit; jobs run in submission order. A job may
/// block on a collection lock held by another job, so the pool has more threads than a small
/// device has cores: a few collections can each have a writer waiting without starving the rest.
final class BlockingPool: @unchecked Sendable {
    /// The process-wide pool every `FileSystemStorage` shares.
    static let shared = BlockingPool(threads: 16)

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wakeup = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var jobs: [() -> Void] = []
    private var head = 0

    init(threads: Int) {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wakeup, nil)
        for _ in 0..<threads {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            let rc = pthread_create(&thread, nil, { raw in
                Unmanaged<BlockingPool>.fromOpaque(raw!).takeRetainedValue().work()
            }, context)
            precondition(rc == 0, "pthread_create failed: \(rc)")
            pthread_detach(thread)
        }
    }

    /// Runs `body` on a pool thread and resumes the caller with its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }

    private func submit(_ job: @escaping () -> Void) {
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
