import DAVCore
import Logging
import Synchronization

/// What every part of a `FileSystemStorage` shares: where the tree is, whether to fsync, the
/// logger, and (in tests only) the crash points to fail at.
struct StorageContext: Sendable {
    /// `<folder>/collection-root`, the directory of the URL root `/`.
    let root: String
    let fsync: Bool
    let logger: Logger
    let faults: FaultInjection?
    let counters = Counters()

    func directory(for path: ResourcePath) -> String {
        path.segments.reduce(root) { $0 + "/" + $1 }
    }

    func journal(for directory: String) -> ChangeJournal {
        ChangeJournal(directory: directory + "/" + ChangeJournal.directoryName, fsync: fsync)
    }

    /// Fails with the injected error when a test armed `point`; a no-op in production.
    func checkpoint(_ point: FaultInjection.Point) throws {
        try faults?.hit(point)
    }
}

/// How often the expensive paths ran; tests use them to prove that steady-state writes stay
/// O(1) in the collection size.
final class Counters: Sendable {
    /// Directory scans by `CollectionReconciler` (O(members) each).
    let directoryScans = Atomic<Int>(0)
    /// Full journal reads by `CollectionHandle.load`.
    let journalLoads = Atomic<Int>(0)
}

/// Test-only crash simulation: the hook throws at a named point in a write, leaving the disk as a
/// crash there would (the in-memory state is dropped, so the next load reconciles).
struct FaultInjection: Sendable {
    enum Point: String, Sendable {
        /// The new bytes are in a synced temporary file; the item was not renamed into place.
        case afterTemporaryWrite
        /// The item file was renamed into place; the journal does not record it yet.
        case afterItemRename
        /// A `properties` record is in the journal; the property files are not written yet.
        case afterPropertiesRecord
    }

    let hit: @Sendable (Point) throws -> Void
}
