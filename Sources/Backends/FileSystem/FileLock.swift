import Glibc
import Synchronization

/// A readers/writer lock that holds across the threads of this process and across processes.
///
/// `flock` alone is not enough: locks belong to the open file description, so two threads sharing
/// one descriptor would both "hold" an exclusive lock. A pthread rwlock orders the threads, and
/// the first reader in / last reader out takes and drops the shared `flock` on their behalf.
/// Every method blocks; call them from `FileSystemStorage.sharedPool` threads only, and never re-enter the same
/// lock from inside `body` (the rwlock prefers writers, so that would deadlock).
final class FileLock: @unchecked Sendable {
    let path: String
    private let createsParent: Bool
    private let rwlock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
    private let readers = Mutex(0)
    /// Touched only by the writer holding the rwlock, or by a reader holding `readers`.
    private var fd: Int32 = -1

    /// - Parameters:
    ///   - path: the lock file, created (0600) on first use.
    ///   - createsParent: create the lock file's directory (0700) when it is missing, for
    ///     collections that pocketdav has not opened before.
    init(path: String, createsParent: Bool) {
        self.path = path
        self.createsParent = createsParent
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        pthread_rwlock_init(rwlock, &attributes)
        pthread_rwlockattr_destroy(&attributes)
    }

    deinit {
        if fd >= 0 { SystemCall.close(fd) }
        pthread_rwlock_destroy(rwlock)
        rwlock.deallocate()
    }

    /// Runs `body` while no other thread or process holds the lock.
    func withExclusive<T>(_ body: () throws -> T) throws -> T {
        pthread_rwlock_wrlock(rwlock)
        defer { pthread_rwlock_unlock(rwlock) }
        try acquire(LOCK_EX)
        defer { _ = flock(fd, LOCK_UN) }
        return try body()
    }

    /// Runs `body` while no thread or process holds the lock exclusively.
    func withShared<T>(_ body: () throws -> T) throws -> T {
        pthread_rwlock_rdlock(rwlock)
        defer { pthread_rwlock_unlock(rwlock) }
        try readers.withLock { (count: inout Int) throws -> Void in
            if count == 0 { try acquire(LOCK_SH) }
            count += 1
        }
        defer {
            readers.withLock { count in
                count -= 1
                if count == 0 { _ = flock(fd, LOCK_UN) }
            }
        }
        return try body()
    }

    private func acquire(_ operation: Int32) throws {
        while true {
            if fd < 0 { fd = try openLockFile() }
            while flock(fd, operation) != 0 {
                if errno != EINTR { throw SystemCallError(call: "flock", path: path, errno: errno) }
            }
            // The file may have been replaced since we opened it (the collection was deleted and
            // re-created, or moved, by another process); a lock on the old inode protects nothing.
            let held = try SystemCall.fstat(fd, path: path)
            let current = try SystemCall.stat(path)
            if current?.inode == held.inode { return }
            _ = flock(fd, LOCK_UN)
            SystemCall.close(fd)
            fd = -1
            if current == nil && !createsParent { throw SystemCallError(call: "flock", path: path, errno: ENOENT) }
        }
    }

    private func openLockFile() throws -> Int32 {
        do {
            return try SystemCall.open(path, O_RDWR | O_CREAT)
        } catch let error as SystemCallError where error.errno == ENOENT && createsParent {
            let parent = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
            try SystemCall.mkdir(parent)
            return try SystemCall.open(path, O_RDWR | O_CREAT)
        }
    }
}
