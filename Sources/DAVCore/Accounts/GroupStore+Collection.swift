/// A group together with its plain collection `/<group>/`, which rights plugins share with its
/// members: what the admin API and `pocketdav group add|remove` do.
extension GroupStore {
    /// Creates `group` with `members`, then `/<group>/` in `storage`. The name must be free
    /// everywhere: no group, no password account, and nothing at `/<group>/` (a user without a
    /// password, such as one authenticated by a proxy, still has a home there).
    /// - Throws: what `create(_:members:)` throws; `AccountError.exists` also when `/<group>/`
    ///   exists, in which case no group is left behind.
    public func create(_ group: String, members: [String], collectionIn storage: any Storage) async throws {
        try UserName.validate(group)
        let home = ResourcePath(validated: [group])  // UserName's rules are stricter than a segment's
        if try await storage.resource(at: home) != nil { throw AccountError.exists(group) }
        try await create(group, members: members)
        do {
            try await storage.createCollection(at: home, kind: .plain, properties: [:])
        } catch let error as StorageError where error.code == .alreadyExists {
            // A user logged in under this name in the meantime: the name is theirs.
            try? await delete(group)
            throw AccountError.exists(group)
        }
    }

    /// Deletes `group`, then `/<group>/` with everything shared in it (if it is there).
    /// - Throws: `AccountError.notFound` when there is no such group.
    public func delete(_ group: String, collectionIn storage: any Storage) async throws {
        try await delete(group)
        do {
            try await storage.deleteCollection(at: try ResourcePath(segments: [group]))
        } catch let error as StorageError where error.code == .notFound {}
    }
}
