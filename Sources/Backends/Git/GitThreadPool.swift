import Glibc

/// A fixed set of threads for libgit2 work (object reads and writes, fsync, packing, network
/// pushes), so none of it runs on Swift's cooperative pool or on an event loop.
///
/// Threads are started once per process and never exit; jobs run in submission order. Each
/// `GitRepository` actor drains its queue on one of these threads at a time (`GitExecutor`), so
/// the pool bounds how many repositories work at once, not how many requests wait.
final class GitThreadPool: @unchecked Sendable {
    /// The process-wide pool every `GitStorage` shares: a writer, a reader and a pusher per
    /// repository fit with room to spare.
    static let shared = GitThreadPool(threads: 8)

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
                Unmanaged<GitThreadPool>.fromOpaque(raw!).takeRetainedValue().work()
            }, context)
            precondition(rc == 0, "pthread_create failed: \(rc)")
            pthread_detach(thread)
        }
    }

    func submit(_ job: @escaping () -> Void) {
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
            jobs[head] = {}
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
