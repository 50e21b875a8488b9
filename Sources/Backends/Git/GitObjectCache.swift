import DAVCore
import Synchronization

/// What the handles on one repository learn about its objects, shared between them. Every key is
/// a content address, so an entry never goes stale; the bounds only cap memory.
final class GitObjectCache: Sendable {
    private struct State {
        var sizes = BoundedCache<GitOID, Int>(capacity: 200_000)
        var summaries = BoundedCache<GitOID, ContentSummary>(capacity: 200_000)
        var collections = BoundedCache<GitOID, CollectionMetadata>(capacity: 4096)
        var sidecars = BoundedCache<GitOID, ObjectMetadata>(capacity: 16384)
        var commits = BoundedCache<GitOID, GitCommit>(capacity: 8192)
        /// Only the newest few versions of `.accounts/records.json` are ever read.
        var accounts = BoundedCache<GitOID, AccountRecordFile>(capacity: 4)
        /// Bounded by entries, not trees: one calendar's tree can hold thousands.
        var trees = BoundedCache<GitOID, GitTree>(budget: 200_000) { $0.entries.count }
    }

    private let state = Mutex(State())

    func size(_ blob: GitOID) -> Int? { state.withLock { $0.sizes[blob] } }
    func remember(size: Int, of blob: GitOID) { state.withLock { $0.sizes[blob] = size } }

    func summary(_ blob: GitOID) -> ContentSummary? { state.withLock { $0.summaries[blob] } }
    func remember(_ summary: ContentSummary, of blob: GitOID) { state.withLock { $0.summaries[blob] = summary } }

    func collection(_ blob: GitOID) -> CollectionMetadata? { state.withLock { $0.collections[blob] } }
    func remember(_ metadata: CollectionMetadata, of blob: GitOID) { state.withLock { $0.collections[blob] = metadata } }

    func sidecar(_ blob: GitOID) -> ObjectMetadata? { state.withLock { $0.sidecars[blob] } }
    func remember(_ metadata: ObjectMetadata, of blob: GitOID) { state.withLock { $0.sidecars[blob] = metadata } }

    func tree(_ id: GitOID) -> GitTree? { state.withLock { $0.trees[id] } }
    func remember(_ tree: GitTree) { state.withLock { $0.trees[tree.id] = tree } }

    func commit(_ id: GitOID) -> GitCommit? { state.withLock { $0.commits[id] } }
    func remember(_ commit: GitCommit) { state.withLock { $0.commits[commit.id] = commit } }

    func accounts(_ blob: GitOID) -> AccountRecordFile? { state.withLock { $0.accounts[blob] } }
    func remember(_ accounts: AccountRecordFile, of blob: GitOID) { state.withLock { $0.accounts[blob] = accounts } }
}
