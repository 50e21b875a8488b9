/// Which objects of one collection hold which UID, so PUT, MOVE and COPY can refuse a second
/// object with the same UID (RFC 4791 §5.3.2.1 `no-uid-conflict`, RFC 6352 §6.3.2.1).
///
/// Kept in memory per collection tree id and built from the tree on first need. The UID of each
/// blob comes from `GitObjectCache` (seeded by every PUT with the core's summary) or a scan, so
/// rebuilding after a write costs a dictionary lookup per member, not a parse.
struct UIDIndex: Sendable {
    private var holders: [String: [String]] = [:]
    private var uids: [String: String] = [:]

    init(_ pairs: [(name: String, uid: String)]) {
        for (name, uid) in pairs {
            holders[uid, default: []].append(name)
            uids[name] = uid
        }
    }

    /// An object other than `names` holding `uid`, if any.
    func holder(of uid: String, except names: Set<String>) -> String? {
        holders[uid]?.first { !names.contains($0) }
    }

    /// The index after object `name` came to hold `uid` (`nil`: a file without one).
    func replacing(_ name: String, with uid: String?) -> UIDIndex {
        var copy = self
        if let old = copy.uids.removeValue(forKey: name) {
            copy.holders[old]?.removeAll { $0 == name }
            if copy.holders[old]?.isEmpty == true { copy.holders[old] = nil }
        }
        if let uid {
            copy.holders[uid, default: []].append(name)
            copy.uids[name] = uid
        }
        return copy
    }
}

extension GitRepository {
    func uidIndex(of collection: GitTree) throws -> UIDIndex {
        if let known = uidIndexes[collection.id] { return known }
        var pairs: [(name: String, uid: String)] = []
        for entry in collection.members where !entry.isTree {
            if let uid = try summary(of: entry.oid).uid { pairs.append((entry.name, uid)) }
        }
        let index = UIDIndex(pairs)
        uidIndexes[collection.id] = index
        return index
    }
}
