import DAVCore
import PostgresNIO

/// MKCOL/MKCALENDAR and DELETE of collections: both change the parent's member list, so both lock
/// the parent row first.
extension PostgresStorage {
    public func createCollection(at path: ResourcePath, kind: CollectionKind, properties: [QName: PropertyValue])
        async throws
    {
        guard let name = path.name else { throw StorageError(.alreadyExists, "the root always exists") }
        try await database.write("mkcol") { session in
            let parent = try await session.lockParent(of: path)
            let collectionThere = try await session.childCollectionExists(in: parent.id, named: name)
            let objectThere = try await session.item(in: parent.id, named: name) != nil
            if collectionThere || objectThere { throw StorageError(.alreadyExists, "something is already at \(path)") }
            guard parent.kind.mayContainCollections else {
                throw StorageError(.forbidden, "\(parent.path) is a \(parent.kind) and cannot hold collections")
            }
            _ = try await session.insertCollection(at: path, parentID: parent.id, kind: kind,
                                               properties: StoredProperties(properties))
            try await session.recordChange(in: parent.id, name: name, deleted: false)
        }
    }

    /// One `DELETE` of the row: the foreign keys remove the sub-collections, items and change
    /// rows below it in the same transaction. Writers inside the tree hold their collection's
    /// lock, so the delete waits for them, and they find the collection gone afterwards.
    public func deleteCollection(at path: ResourcePath) async throws {
        guard let parentPath = path.parent, let name = path.name else {
            throw StorageError(.forbidden, "the root collection cannot be deleted")
        }
        try await database.write("delete collection") { session in
            let locked = try await session.lockCollections(at: [parentPath, path], subtreeOf: nil)
            guard let parent = locked[parentPath.key], let target = locked[path.key] else {
                throw StorageError(.notFound, "no collection at \(path)")
            }
            try await session.deleteCollection(id: target.id)
            try await session.recordChange(in: parent.id, name: name, deleted: true)
            if parentPath.isRoot { try await session.forgetPrincipalIfUnused(name) }
        }
    }
}
