import Glibc
import Synchronization

/// Which file a path named when it was read: everything `fstat` says that a write, a rename or a
/// replacement changes.
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    /// Nanoseconds since 1970.
    var mtime: Int64
    /// The change time (ctime), in nanoseconds since 1970: set to the current time by every write
    /// and rename, and by no call to anything else.
    var ctime: Int64

    init(_ s: stat) {
        device = UInt64(s.st_dev)
        inode = UInt64(s.st_ino)
        size = Int64(s.st_size)
        mtime = SystemCall.nanoseconds(s.st_mtim)
        ctime = SystemCall.nanoseconds(s.st_ctim)
    }
}

/// The bytes of items read lately, given again without reading the file while `fstat` shows the
/// same file, unchanged.
///
/// Why: reading an item is otherwise an open, an fstat, a read, a close and a SHA-256 over the
/// bytes (the check that catches a file rewritten in place by an editor). A kept item costs an
/// `O_PATH` open (no permission check or filesystem open), an fstat and a close, and its hash is
/// already known. The fast lane's GET of an item uses it.
///
/// **Why an unchanged identity means unchanged bytes.** Every write and rename sets the file's
/// change time (ctime) to the current time, and no call can set it to anything else. But
/// timestamps come from a coarse clock (a tick of up to 10 ms; whole seconds on ext4 with small
/// inodes), so a write in the same tick as the change time that was recorded would leave it
/// equal. So an item is kept only if its ctime was at least `settle` (2 s) older than the moment
/// its read began: any later write then gets a later ctime (the rule git uses for "racily clean"
/// index entries). A file changed within the last `settle` is simply read each time.
///
/// Only on local filesystems, whose inode attributes are the truth (`trusts(filesystemType:)`):
/// an NFS client caches attributes for seconds, and an `O_PATH` open does not revalidate them.
/// A wall clock stepped back by more than `settle` after a read could, on a filesystem with
/// whole-second timestamps, let a rewrite of the same size in the same second go unseen.
///
/// Bounded by `budget` bytes, counting each item's bytes, its path and `overhead` for the table
/// (so many small vCards cannot hold much more than the budget); an item larger than a sixteenth
/// of it is never kept. When full, an arbitrary item makes room. Items of deleted files are never
/// given again (their path no longer opens, or opens another inode) and leave as others come.
final class RecentItems: Sendable {
    struct Item: Sendable {
        let identity: FileIdentity
        let bytes: [UInt8]
        /// Hex SHA-256 of `bytes` (`ContentHash`).
        let etag: String
        /// What the item counts against the budget.
        let cost: Int
    }

    /// What an item costs beside its bytes and path: the table's slot, the etag, the array and
    /// string headers.
    static let overhead = 160

    private struct State {
        var items: [String: Item] = [:]
        var bytes = 0
    }

    /// How many bytes of content may be kept; 0 keeps nothing.
    let budget: Int
    /// How much older than its read a file's ctime must be for the item to be kept, in ns.
    let settle: Int64
    private let state = Mutex(State())

    init(budget: Int, settle: Duration = .seconds(2)) {
        self.budget = max(budget, 0)
        let (seconds, attoseconds) = settle.components
        self.settle = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// The bytes kept for `path`, when they carry `etag` (the index's: a write through pocketdav
    /// changes it at once) and `path` still names the same, unchanged file. Never waits: the
    /// path is resolved from the kernel's caches only. `nil` means "read the file".
    func bytes(at path: String, etag: String) -> [UInt8]? {
        guard budget > 0, let item = state.withLock({ $0.items[path] }) else { return nil }
        guard item.etag == etag, let identity = SystemCall.identityIfCached(path), identity == item.identity else {
            forget(path)
            return nil
        }
        return item.bytes
    }

    /// Keeps `bytes`, read at `path` from the file `identity` describes, the read having begun at
    /// `readBegan` (ns since 1970, `SystemCall.wallClock()`, taken before the fstat). Not kept when
    /// the file changed less than `settle` before the read, or is too large.
    func remember(_ bytes: [UInt8], etag: String, at path: String, identity: FileIdentity, readBegan: Int64) {
        let cost = bytes.count + path.utf8.count + Self.overhead
        guard budget > 0, cost <= budget / 16, identity.ctime <= readBegan - settle else { return }
        let item = Item(identity: identity, bytes: bytes, etag: etag, cost: cost)
        state.withLock { state in
            if let old = state.items.removeValue(forKey: path) { state.bytes -= old.cost }
            while state.bytes + cost > budget, let victim = state.items.first {
                state.items.removeValue(forKey: victim.key)
                state.bytes -= victim.value.cost
            }
            state.items[path] = item
            state.bytes += cost
        }
    }

    func forget(_ path: String) {
        state.withLock { state in
            if let old = state.items.removeValue(forKey: path) { state.bytes -= old.cost }
        }
    }

    /// How many items are kept, and what they count against the budget (for tests).
    var usage: (items: Int, bytes: Int) { state.withLock { ($0.items.count, $0.bytes) } }

    /// Whether a filesystem's `fstat` is the truth about its files: local filesystems with
    /// change times (ext2/3/4, XFS, Btrfs, tmpfs, F2FS). Values from `statfs(2)`'s `f_type`.
    static func trusts(filesystemType type: Int) -> Bool {
        [0xEF53, 0x5846_5342, 0x9123_683E, 0x0102_1994, 0xF2F5_2010].contains(type)
    }
}
