import DAVCore
import Synchronization

/// The bounded cache of `CollectionHandle`s, least recently used out first.
///
/// Evicting a handle that is still in use is harmless: its holder keeps it alive, and a second
/// handle for the same directory excludes the first through `flock` (separate open file
/// descriptions conflict even within one process) and reloads the index from the journal.
final class HandleRegistry: Sendable {
    /// A class, so that a lookup marks its use without writing to the dictionary (a write through
    /// its subscript allocates, and every request looks up its collection).
    private final class Entry {
        let handle: CollectionHandle
        var lastUse: UInt64

        init(handle: CollectionHandle, lastUse: UInt64) {
            self.handle = handle
            self.lastUse = lastUse
        }
    }

    private struct State {
        var entries: [ResourcePath: Entry] = [:]
        var clock: UInt64 = 0
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let context: StorageContext

    init(capacity: Int, context: StorageContext) {
        self.capacity = max(capacity, 8)
        self.context = context
    }

    func handle(for path: ResourcePath) -> CollectionHandle {
        state.withLock { state in
            state.clock += 1
            if let entry = state.entries[path] {
                entry.lastUse = state.clock
                return entry.handle
            }
            let handle = CollectionHandle(path: path, context: context)
            state.entries[path] = Entry(handle: handle, lastUse: state.clock)
            if state.entries.count > capacity {
                // Evict the oldest quarter at once, so the sort is paid rarely.
                let victims = state.entries.sorted { $0.value.lastUse < $1.value.lastUse }.prefix(capacity / 4)
                for (victim, _) in victims where victim != path { state.entries[victim] = nil }
            }
            return handle
        }
    }

    /// Drops the handles of `path` and everything below it (after a delete or move), so later
    /// requests start from the disk.
    func forget(within path: ResourcePath) {
        let dropped = state.withLock { state in
            let victims = state.entries.filter { $0.key.isWithin(path) }
            for key in victims.keys { state.entries[key] = nil }
            return victims.values.map(\.handle)
        }
        for handle in dropped { handle.invalidate() }
    }
}
