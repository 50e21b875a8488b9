import DAVCore

/// The history tools behind `pocketdav storage history` and `storage restore`.
extension GitStorage {
    /// The versions of what is (or was) at `path`, newest first, at most `limit`.
    public func history(of path: ResourcePath, limit: Int = 50) async throws -> [GitVersion] {
        try await reading { try $0.history(of: path, limit: limit) }
    }

    /// Brings back what was at `path` in `revision` (a commit id or any revision git accepts) as
    /// a new commit, authored by `ChangeAuthor.name`. Returns the restored blob or tree id.
    @discardableResult
    public func restore(_ path: ResourcePath, at revision: String) async throws -> String {
        try await writing { try $0.restore(path, from: revision, author: $1) }.hex
    }
}
