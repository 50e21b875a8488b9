import DAVCore
import Synchronization

/// What `ACLRights` remembers about one path: the entries set on it and whether it can hold
/// collections (a calendar cannot, so its objects are never looked up one by one).
struct ACLNode: Sendable {
    var entries: [AccessControlEntry]
    var mayHoldCollections: Bool

    /// An object: no entries, no members.
    static let leaf = ACLNode(entries: [], mayHoldCollections: false)
}

/// The in-memory cache in front of the stored ACLs: rights are asked several times per
/// request, and the answer must not cost a storage read each time.
///
/// Entries live `ttl` (changes by other instances sharing the storage show up after at most
/// that long); a change through this instance invalidates at once. A load that started before
/// an invalidation is not stored, so it cannot put the old ACL back.
final class ACLCache: Sendable {
    private struct State {
        var nodes: [ResourcePath: (node: ACLNode, loaded: ContinuousClock.Instant)] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())
    let ttl: Duration
    /// Most paths remembered; past it the cache starts over (simple, and bounded).
    let capacity: Int

    init(ttl: Duration, capacity: Int = 10_000) {
        self.ttl = ttl
        self.capacity = capacity
    }

    func node(at path: ResourcePath, load: () async throws -> ACLNode) async throws -> ACLNode {
        let now = ContinuousClock.now
        let (cached, generation) = state.withLock { ($0.nodes[path], $0.generation) }
        if let cached, now - cached.loaded < ttl { return cached.node }
        let fresh = try await load()
        state.withLock { s in
            guard s.generation == generation else { return }
            if s.nodes.count >= capacity { s.nodes.removeAll(keepingCapacity: true) }
            s.nodes[path] = (fresh, now)
        }
        return fresh
    }

    func invalidate(_ path: ResourcePath) {
        state.withLock { s in
            s.nodes[path] = nil
            s.generation &+= 1
        }
    }

    /// Forgets `path` and every path below it (a deleted or moved tree).
    func invalidate(below path: ResourcePath) {
        state.withLock { s in
            s.nodes = s.nodes.filter { !$0.key.isWithin(path) }
            s.generation &+= 1
        }
    }
}
