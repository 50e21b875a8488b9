import DAVCore

/// `sync-collection` (RFC 6578) from history: the changes since a token are the differences
/// between the collection's sub-trees in the commits that changed it.
///
/// The walk goes back along first parents from the tip to the token's state, comparing only the
/// collection's sub-tree id at each commit (a few cached tree lookups, no diff), and diffs the
/// direct members just where that id changed. So a sync costs one id comparison per commit since
/// the token plus work proportional to the collection's own changes; an up-to-date client costs
/// one comparison, whatever the size of the collection or the repository. The walk also stops
/// where the collection was created (its sub-tree is absent or carries another collection id),
/// so a token from before a delete and re-create, or from another collection, is refused.
extension GitRepository {
    /// One commit that changed the collection: its sub-tree before (`nil`: the collection began
    /// here) and after.
    struct Step: Sendable {
        var before: GitOID?
        var after: GitOID
        var commit: GitOID
    }

    func changes(in path: ResourcePath, since token: String?, limit: Int?) throws -> ChangeSet {
        let head = try snapshot()
        let current = try collection(at: path, in: head.tree)
        let identity = try metadata(of: current).id
        let start: GitTree?
        let target: GitSyncToken?
        if let token {
            guard let parsed = GitSyncToken(parsing: token), let known = try? tree(parsed.tree),
                (try? metadata(of: known).id) == identity
            else { throw StorageError(.invalidSyncToken, "sync token \(token) was not issued by \(path)") }
            if parsed.commit == nil && parsed.tree == current.id {
                return ChangeSet(changed: [], deleted: [], newToken: token)
            }
            start = known
            target = parsed
        } else {
            let names = current.members.map(\.name)
            if limit.map({ names.count <= $0 }) ?? true {
                return ChangeSet(changed: names, deleted: [], newToken: GitSyncToken(tree: current.id).string)
            }
            // A first sync in pages needs an order, which only the history gives.
            start = nil
            target = nil
        }
        guard let steps = try history(of: path, identity: identity, from: head, back: target) else {
            throw StorageError(.invalidSyncToken, "sync token \(token ?? "") is not in the history of \(path)")
        }
        var delta = SyncDelta()
        for (i, step) in steps.enumerated() {
            let found = try directChanges(from: step.before, to: step.after)
            delta.record(step: i, changed: found.changed, deleted: found.deleted)
        }
        let page = delta.page(limit: limit) { name in start?.entry(name) != nil }
        guard page.truncated, let last = page.lastStep else {
            return ChangeSet(changed: page.changed, deleted: page.deleted, newToken: GitSyncToken(tree: current.id).string)
        }
        let newToken = GitSyncToken(tree: steps[last].after, commit: steps[last].commit)
        return ChangeSet(changed: page.changed, deleted: page.deleted, newToken: newToken.string, truncated: true)
    }

    /// The steps from `target` (exclusive) to `head`, oldest first; from the collection's
    /// creation when `target` is `nil`. `nil` when `target` is not in the collection's history.
    func history(of path: ResourcePath, identity: String, from head: GitCommit, back target: GitSyncToken?) throws
        -> [Step]?
    {
        var steps: [Step] = []
        var commit = head
        guard var subtree = try subtreeID(path.segments, in: head.tree) else { return nil }
        while true {
            if let target {
                if let stop = target.commit {
                    if commit.id == stop { return subtree == target.tree ? steps.reversed() : nil }
                } else if subtree == target.tree {
                    return steps.reversed()
                }
            }
            let parent = try commit.parent.map(self.commit)
            let before = try parent.flatMap { try subtreeID(path.segments, in: $0.tree) }
            // An unchanged sub-tree carries `identity`: it was checked one step later, or is the tip's.
            guard let parent, let before, before == subtree || (try? metadata(ofTree: before))?.id == identity else {
                // The collection began at `commit` (or the history does).
                guard target == nil else { return nil }
                steps.append(Step(before: nil, after: subtree, commit: commit.id))
                return steps.reversed()
            }
            if before != subtree { steps.append(Step(before: before, after: subtree, commit: commit.id)) }
            commit = parent
            subtree = before
        }
    }

    /// Members added, changed or removed between two states of one collection, in name order.
    /// An object whose sidecar changed (a PROPPATCH) counts as changed; a member collection
    /// counts only when it appears or goes, not when something inside it changes.
    func directChanges(from before: GitOID?, to after: GitOID) throws -> (changed: [String], deleted: [String]) {
        let new = try tree(after)
        let old = try before.map(tree)
        var changed: [String] = []
        var deleted: [String] = []
        for entry in new.members {
            let previous = old?.entry(entry.name)
            if previous == nil || previous?.isTree != entry.isTree || (!entry.isTree && previous?.oid != entry.oid) {
                changed.append(entry.name)
            }
        }
        for entry in old?.members ?? [] where new.entry(entry.name) == nil { deleted.append(entry.name) }
        if old?.sidecarTree != new.sidecarTree {
            let newSidecars = Dictionary(try new.sidecarTree.map(tree)?.entries.map { ($0.name, $0.oid) } ?? [],
                                         uniquingKeysWith: { first, _ in first })
            let oldSidecars = Dictionary(try old?.sidecarTree.map(tree)?.entries.map { ($0.name, $0.oid) } ?? [],
                                         uniquingKeysWith: { first, _ in first })
            let names = Set(Set(newSidecars.keys).union(oldSidecars.keys)
                .filter { newSidecars[$0] != oldSidecars[$0] }
                .compactMap(ObjectMetadata.objectName(forFile:)))
            let already = Set(changed)
            for entry in new.members where !entry.isTree && names.contains(entry.name) && !already.contains(entry.name) {
                changed.append(entry.name)
            }
        }
        return (changed, deleted)
    }
}
