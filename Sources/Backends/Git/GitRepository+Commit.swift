import DAVCore
import Glibc
import Logging

/// One DAV change = one commit, made safely against other writers.
///
/// The sequence is git's own: read the tip; decide the change on it (preconditions, UID checks);
/// write the new objects (blobs, trees, the commit); then move the branch with a
/// compare-and-swap. Objects are written, and with `GitLibrary.enableFsync` synced, before the
/// branch moves, so a crash at any point leaves the branch on a complete commit: the last
/// acknowledged one, or the new one if the ref update reached the disk. Objects of a commit that
/// never landed are unreachable litter, which `git fsck` reports as dangling, not as damage.
///
/// Within a process the writer actor runs one change at a time. Another process (a second
/// pocketdav, `pocketdav storage restore`, a `git push` into the repository) can still move the
/// branch between our read and our swap; then the swap fails and the change is decided again on
/// the new tip, preconditions included, so nothing is silently dropped.
extension GitRepository {
    /// What one change does, decided on a snapshot of the branch.
    struct Change<Result: Sendable>: Sendable {
        var edits: [TreeEdit]
        /// The commit message's subject, e.g. `PUT /alice/cal/ev.ics`.
        var message: String
        var result: Result
    }

    /// How many times a change is re-decided when other writers keep moving the branch.
    static let maximumAttempts = 20

    /// Decides `plan` on the tip and commits it; returns its result and the new commit (`nil`
    /// when the change left the tree as it was, which makes no commit).
    func commitChange<Result: Sendable>(author: CommitAuthor, _ plan: (GitCommit) throws -> Change<Result>) throws
        -> (result: Result, commit: GitOID?)
    {
        for attempt in 0..<Self.maximumAttempts {
            let base = try snapshot()
            let change = try plan(base)
            let root = try apply(change.edits, to: base.tree)
            if root == base.tree { return (change.result, nil) }
            let commit = try createCommit(tree: root, parent: base.id, author: author, message: change.message + "\n")
            if try advanceBranch(from: base.id, to: commit, message: change.message) { return (change.result, commit) }
            logger.debug("the branch moved under a change; deciding it again", metadata: ["attempt": "\(attempt + 1)"])
            // Another process is writing: step aside for a moment, longer each time.
            usleep(UInt32.random(in: 1_000...5_000) * UInt32(attempt + 1))
        }
        throw StorageError(.unavailable, "other writers kept moving \(branchRef); gave up after \(Self.maximumAttempts) attempts")
    }

    /// Applies edits in one pass, or in two (removals first) when an edit replaces a path another
    /// edit removes or nests in: git_tree_create_updated leaves delete-and-add of one entry
    /// undefined and cannot turn a blob into a tree in place.
    private func apply(_ edits: [TreeEdit], to root: GitOID) throws -> GitOID {
        let removals = edits.filter { $0.oid == nil }
        let additions = edits.filter { $0.oid != nil }
        let overlapping = removals.contains { removal in
            additions.contains { Self.related(removal.path, $0.path) }
        }
        guard overlapping else { return try updateTree(root, edits) }
        return try updateTree(try updateTree(root, removals), additions)
    }

    private static func related(_ a: String, _ b: String) -> Bool {
        a == b || a.hasPrefix(b + "/") || b.hasPrefix(a + "/")
    }

    /// Gives an empty repository its first commit: the root collection. Safe against another
    /// process doing the same (the branch is created only if it does not exist).
    func initializeIfNeeded(author: CommitAuthor) throws {
        guard try tip() == nil else { return }
        let root = try newCollectionTree(CollectionMetadata(kind: .plain))
        let commit = try createCommit(tree: root, parent: nil, author: author, message: "Create pocketdav storage\n")
        if try !advanceBranch(from: nil, to: commit, message: "Create pocketdav storage"), try tip() == nil {
            throw StorageError(.unavailable, "could not create \(branchRef)")
        }
    }
}
