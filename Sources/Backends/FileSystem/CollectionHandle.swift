import DAVCore
import Glibc
import Logging
import Synchronization

private enum ReadAttempt<T> {
    case done(T)
    case needsExclusive
}

/// One collection directory: its lock, its cached `CollectionIndex`, and the refresh steps that
/// keep that index true to the journal and the files.
///
/// Reads run under the shared lock and only check a few stats (journal, directory, property
/// files) before answering from memory; anything more (first load, files changed behind our
/// back, a pending property write) is done under the exclusive lock. Writes run under the
/// exclusive lock inside a `CollectionTransaction`.
final class CollectionHandle: Sendable {
    let path: ResourcePath
    let directory: String
    let lock: FileLock
    let journal: ChangeJournal
    let context: StorageContext
    private let cache = Mutex<Cached?>(nil)

    struct Cached: Sendable {
        var index: CollectionIndex
        var journalStat: FileStat
        var journalEnd: Int64
        /// When (`Freshness.now()`) the full check last found this entry true to the disk, and
        /// the process-wide write generation read just before that check; `nil` until checked.
        var validated: (at: UInt64, generation: UInt64)? = nil
    }

    init(path: ResourcePath, context: StorageContext) {
        self.path = path
        self.context = context
        self.directory = context.directory(for: path)
        self.journal = context.journal(for: directory)
        self.lock = FileLock(path: journal.directory + "/lock", createsParent: true)
    }

    /// `.pocketdav/staging`, where PUTs write their bytes before taking the lock.
    var stagingDirectory: String { journal.directory + "/" + AtomicWrite.stagingDirectoryName }

    /// Forgets the cached index, so the next access reloads and rescans.
    func invalidate() {
        cache.withLock { $0 = nil }
        Freshness.generation.add(1, ordering: .releasing)
    }

    // MARK: - Reading

    /// The cached index and journal stat, when the full check (locks and stats, on the pool)
    /// passed less than `Freshness.window` ago and no `FileSystemStorage` in this process has
    /// written anywhere since. No system call: callers may use it on their own thread.
    ///
    /// Changes by another process (a second pocketdav, Radicale, an editor) are therefore noticed
    /// at most `Freshness.window` late; writes through this process are noticed at once.
    func cachedIfFresh() -> (CollectionIndex, FileStat)? {
        let generation = Freshness.generation.load(ordering: .acquiring)
        let now = Freshness.now()
        return cache.withLock { cached in
            guard let current = cached, Self.isFresh(cached, generation: generation, now: now) else { return nil }
            return (current.index, current.journalStat)
        }
    }

    /// `cachedIfFresh()` narrowed to the entry of one object, looked up in place: copying the
    /// index out retains and releases each of its tables, which every event loop's GETs share.
    func cachedObjectEntry(_ name: String) -> ObjectEntry? {
        let generation = Freshness.generation.load(ordering: .acquiring)
        let now = Freshness.now()
        return cache.withLock { cached in
            Self.isFresh(cached, generation: generation, now: now) ? cached?.index.object(name) : nil
        }
    }

    /// Read through `cached` in place rather than from a copy of it.
    private static func isFresh(_ cached: Cached?, generation: UInt64, now: UInt64) -> Bool {
        guard let validated = cached?.validated else { return false }
        return validated.generation == generation && now &- validated.at < Freshness.window
            && cached?.index.propertiesPending == false
    }

    /// Marks `cached` as checked by the full path, which began at generation `generation`.
    private static func markValidated(_ cached: inout Cached?, generation: UInt64) {
        cached?.validated = (Freshness.now(), generation)
    }

    /// Runs `body` on an up-to-date index while holding the shared lock, so files read in `body`
    /// match the index.
    /// - Throws: `StorageError(.notFound)` when the directory is gone.
    func read<T: Sendable>(_ body: (CollectionIndex, FileStat) throws -> T) throws -> T {
        // Read before any check, so a write that bumps it after our stats is seen as one.
        let generation = Freshness.generation.load(ordering: .acquiring)
        let attempt: ReadAttempt<T> = try withLockErrors {
            try lock.withShared {
                guard let (index, journalStat) = try refreshShared(generation: generation) else { return .needsExclusive }
                return .done(try body(index, journalStat))
            }
        }
        if case .done(let result) = attempt { return result }
        // Answer under the exclusive lock that did the refresh, rather than retrying the shared
        // path: a directory that keeps changing must not starve the reader.
        return try withLockErrors {
            try lock.withExclusive {
                let (index, journalStat) = try cache.withLock { cached in
                    try refreshExclusive(&cached)
                    Self.markValidated(&cached, generation: generation)
                    guard let current = cached else { throw StorageError(.notFound, "no collection at \(path)") }
                    return (current.index, current.journalStat)
                }
                return try body(index, journalStat)
            }
        }
    }

    /// The up-to-date index, or `nil` when only the exclusive lock can bring it up to date.
    private func refreshShared(generation: UInt64) throws -> (CollectionIndex, FileStat)? {
        guard let journalStat = try SystemCall.stat(journal.path) else { return nil }
        return try cache.withLock { cached -> (CollectionIndex, FileStat)? in
            guard cached?.journalStat.inode == journalStat.inode, let end = cached?.journalEnd else { return nil }
            if journalStat.size != end {
                // Another process appended: catch up on the tail only. The entry is taken out
                // of the cache meanwhile, so applying records does not copy the index.
                guard let tail = try journal.read(from: end), !tail.tornTail, !tail.damaged,
                    var current = cached.take()
                else { return nil }
                for record in tail.records { current.index.apply(record) }
                current.journalEnd = tail.end
                current.journalStat = tail.stat
                cached = current
            }
            guard let current = cached, try isSettled(current.index) else { return nil }
            Self.markValidated(&cached, generation: generation)
            return (current.index, current.journalStat)
        }
    }

    /// Whether nothing outside the journal changed the directory or the property files.
    private func isSettled(_ index: CollectionIndex) throws -> Bool {
        guard !index.propertiesPending, let directoryStat = try SystemCall.stat(directory) else { return false }
        let fingerprint = try propertiesFingerprint()
        return directoryStat.mtime == index.directoryMtime && fingerprint == index.propertiesFingerprint
    }

    func propertiesFingerprint() throws -> PropertiesFingerprint {
        PropertiesFingerprint(radicale: try SystemCall.stat(directory + "/" + RadicaleProps.fileName),
                              sidecar: try SystemCall.stat(journal.directory + "/" + CollectionProperties.sidecarName))
    }

    // MARK: - Writing

    /// Runs `body` under the exclusive lock with an up-to-date index. When `body` throws after
    /// touching the disk, the cached index is dropped so the next access reconciles.
    func write<T: Sendable>(_ body: (CollectionTransaction) throws -> T) throws -> T {
        // After the disk changed (and whether or not `body` succeeded): every handle in this
        // process, for any collection, must recheck before answering from memory again.
        defer { Freshness.generation.add(1, ordering: .releasing) }
        return try withLockErrors {
            try lock.withExclusive {
                try cache.withLock { cached in
                    try refreshExclusive(&cached)
                    guard let current = cached.take() else { throw StorageError(.io, "index of \(path) not loaded") }
                    // `consume`: a `current` still alive while `body` runs (lexical lifetime)
                    // would share the member table, and every PUT would copy all of it.
                    let transaction = CollectionTransaction(handle: self, cached: consume current)
                    do {
                        let result = try body(transaction)
                        try transaction.compactIfWorthwhile()
                        cached = transaction.cached
                        return result
                    } catch {
                        cached = transaction.touchedDisk ? nil : transaction.cached
                        throw error
                    }
                }
            }
        }
    }

    /// Brings `cached` up to date with the journal, the files and the property files; appends
    /// what reconciliation found. Call with the exclusive lock held.
    private func refreshExclusive(_ cached: inout Cached?) throws {
        guard let directoryStat = try SystemCall.stat(directory), directoryStat.isDirectory else {
            cached = nil
            throw StorageError(.notFound, "no collection at \(path)")
        }
        let journalStat = try SystemCall.stat(journal.path)
        var fullScan = false
        // Taken out of the cache while it is updated, so that applying records never copies it.
        if var current = cached.take(), let journalStat, journalStat.inode == current.journalStat.inode {
            if journalStat.size != current.journalEnd {
                if let tail = try journal.read(from: current.journalEnd), !tail.damaged {
                    for record in tail.records { current.index.apply(record) }
                    current.journalEnd = tail.end
                    current.journalStat = tail.tornTail ? try journal.truncate(to: tail.end) : tail.stat
                } else {
                    current = try load(directoryStat: directoryStat)
                    fullScan = true
                }
            }
            cached = current
        } else {
            cached = try load(directoryStat: directoryStat)
            fullScan = true
        }
        guard let current = cached.take() else { return }
        let transaction = CollectionTransaction(handle: self, cached: consume current)
        defer { cached = transaction.cached }
        // Properties first: they say whether this is a calendar, which decides how files are read.
        try CollectionPropertyFiles.settle(transaction)
        if fullScan || directoryStat.mtime != transaction.index.directoryMtime {
            try CollectionReconciler.reconcile(transaction)
        }
    }

    /// Reads the journal from scratch, creating it for a collection pocketdav has not seen
    /// before, and starting over with a new collection id when it is damaged.
    private func load(directoryStat: FileStat) throws -> Cached {
        context.counters.journalLoads.add(1, ordering: .relaxed)
        try SystemCall.mkdir(journal.directory)
        if let contents = try journal.read(), !contents.damaged,
            let header = contents.records.first, header.kind == .header, let id = header.id
        {
            var index = CollectionIndex(id: id, version: header.version, floor: header.floor ?? 0)
            for record in contents.records { index.apply(record) }
            // A torn last line is an append that never completed: nobody was told about it.
            let stat = contents.tornTail ? try journal.truncate(to: contents.end) : contents.stat
            return Cached(index: index, journalStat: stat, journalEnd: contents.end)
        }
        var index = CollectionIndex(id: SystemCall.randomHex(), version: 0, floor: 0)
        if let damaged = try journal.read() {
            // Versions after the damage are unknown, so tokens issued under the old id cannot be
            // answered truthfully: a new id makes clients resync once instead of missing changes.
            context.logger.error("collection journal is damaged; starting a new one, clients will resync",
                                 metadata: ["path": "\(journal.path)"])
            for record in damaged.records where record.kind != .header { index.apply(record) }
            index.id = SystemCall.randomHex()
            index.version += 1
            index.floor = index.version
        }
        let records = index.snapshot()
        let stat = try journal.rewrite(records)
        index.recordCount = records.count
        return Cached(index: index, journalStat: stat, journalEnd: stat.size)
    }

    /// Maps lock-file failures on a vanished directory to `.notFound`.
    private func withLockErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SystemCallError where error.isNotFound {
            throw StorageError(.notFound, "no collection at \(path)", cause: error)
        }
    }

    // MARK: - Describing

    func token(_ index: CollectionIndex, version: UInt64? = nil) -> String {
        SyncToken.make(id: index.id, version: version ?? index.version)
    }

    func info(_ index: CollectionIndex, journalStat: FileStat) -> CollectionInfo {
        let token = token(index)
        return CollectionInfo(path: path, kind: index.properties.kind, properties: index.properties.properties,
                              ctag: token, syncToken: token, lastModified: journalStat.modificationDate)
    }
}

/// How long an index checked against the disk may be trusted without checking again.
enum Freshness {
    /// 100 ms: the bound on how late a change by another process is seen. Checking costs a
    /// pool hop, two `flock`s and four `stat`s, so at most ten such checks per second per busy
    /// collection is negligible, while a client syncing after another one's write virtually
    /// never sees the older state.
    static let window: UInt64 = 100_000_000

    /// Bumped after every write by any `FileSystemStorage` in this process (tests run two on one
    /// folder), so that a second instance never serves what the first has overwritten.
    static let generation = Atomic<UInt64>(0)

    /// Monotonic nanoseconds, from the vDSO (no system call).
    static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &t)
        return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
    }
}
