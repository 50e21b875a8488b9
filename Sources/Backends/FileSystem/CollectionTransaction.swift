/// A write in progress on one collection. Exists only while its `CollectionHandle` holds the
/// exclusive lock, and owns the cached index meanwhile.
///
/// A class so that a transfer can hold several at once without copying them: a copy of the
/// index that outlived a `commit` would make every append copy the whole member table. For the
/// same reason, callers read through `index` briefly and never keep a copy across `commit`.
final class CollectionTransaction {
    let handle: CollectionHandle
    var cached: CollectionHandle.Cached
    /// Set once anything on disk may have changed; a failure after that drops the cache.
    var touchedDisk = false

    init(handle: CollectionHandle, cached: consuming CollectionHandle.Cached) {
        self.handle = handle
        self.cached = cached
    }

    var index: CollectionIndex { _read { yield cached.index } }
    var directory: String { handle.directory }
    var context: StorageContext { handle.context }

    /// The version the next record gets; records appended together take consecutive versions.
    var nextVersion: UInt64 { cached.index.version + 1 }

    /// Marks the disk as touched; call before the first mutation of files.
    func willWrite() { touchedDisk = true }

    /// The collection directory's mtime now, after our own change to it, so that the next reader
    /// does not mistake our write for someone else's.
    func directoryMtimeAfterWrite() throws -> Int64? {
        guard let stat = try SystemCall.stat(directory) else { return nil }
        cached.index.directoryMtime = stat.mtime
        return stat.mtime
    }

    /// Appends `records` durably, then applies them to the index.
    func commit(_ records: [JournalRecord]) throws {
        guard !records.isEmpty else { return }
        touchedDisk = true
        let stat = try handle.journal.append(records, at: cached.journalEnd)
        cached.journalEnd = stat.size
        cached.journalStat = stat
        for record in records { cached.index.apply(record) }
    }

    /// Rewrites the journal as one record per name once it has grown to twice that (and at least
    /// a thousand lines), keeping append cost constant and replay time proportional to the
    /// collection.
    func compactIfWorthwhile() throws {
        let records = cached.index.recordCount
        guard records > 1000, records > 2 * (cached.index.slots.count + 2) else { return }
        let snapshot = cached.index.snapshot()
        let stat = try handle.journal.rewrite(snapshot)
        cached.journalStat = stat
        cached.journalEnd = stat.size
        cached.index.recordCount = snapshot.count
    }
}
