import Crypto
import DAVCore
import PostgresNIO

/// PUT, DELETE and PROPPATCH: each one transaction that starts by locking the collection row.
extension PostgresStorage {
    public func putObject(_ content: ObjectContent, at path: ResourcePath, condition: WriteCondition) async throws
        -> PutOutcome
    {
        guard let name = path.name else { throw StorageError(.forbidden, "the root is a collection") }
        let etag = Self.etag(of: content.bytes)
        return try await database.write("put") { session in
            let collection = try await session.lockParent(of: path)
            if try await session.childCollectionExists(in: collection.id, named: name) {
                throw StorageError(.forbidden, "\(path) is a collection")
            }
            let current = try await session.item(in: collection.id, named: name)
            guard condition.isSatisfied(by: current.map { ETag($0.etag) }) else {
                throw StorageError(.preconditionFailed, "condition \(condition) failed for \(path)")
            }
            try await Self.storeItem(content, etag: etag, named: name, in: collection, at: path, session: session)
            try await session.recordChange(in: collection.id, name: name, deleted: false)
            return PutOutcome(etag: ETag(etag), created: current == nil)
        }
    }

    /// Writes the item under a savepoint, so that when the UID is another object's the UNIQUE
    /// constraint's violation can be rolled back and that object looked up in the same
    /// transaction (still holding the collection lock, so the answer is the current one).
    private static func storeItem(_ content: ObjectContent, etag: String, named name: String, in collection: CollectionRow,
                                  at path: ResourcePath, session: Session) async throws
    {
        guard let uid = content.summary?.uid else {
            try await session.upsertItem(content, etag: etag, in: collection.id, named: name)
            return
        }
        try await session.rows("SAVEPOINT store_item")
        do {
            try await session.upsertItem(content, etag: etag, in: collection.id, named: name)
        } catch where DatabaseError.isUniqueViolation(error, constraint: "items_uid_unique") {
            try await session.rows("ROLLBACK TO SAVEPOINT store_item")
            let holder = try await session.holder(ofUID: uid, in: collection.id)
            throw StorageError(.uidConflict, "UID \(uid) is already used by \(holder ?? "another object") in \(collection.path)",
                               existing: try holder.flatMap { try path.parent?.appending($0) })
        }
    }

    public func deleteObject(at path: ResourcePath, condition: WriteCondition) async throws {
        guard let parent = path.parent, let name = path.name else { throw StorageError(.notFound, "no object at /") }
        try await database.write("delete") { session in
            guard let collection = try await session.lockCollection(at: parent),
                let current = try await session.item(in: collection.id, named: name)
            else { throw StorageError(.notFound, "no object at \(path)") }
            guard condition.isSatisfied(by: ETag(current.etag)) else {
                throw StorageError(.preconditionFailed, "condition \(condition) failed for \(path)")
            }
            try await session.deleteItem(in: collection.id, named: name)
            try await session.recordChange(in: collection.id, name: name, deleted: true)
        }
    }

    public func setProperties(_ changes: [QName: PropertyValue?], at path: ResourcePath) async throws {
        try await database.write("proppatch") { session in
            if let collection = try await session.lockCollection(at: path) {
                try await session.updateProperties(changes, ofCollection: collection.id)
                try await session.recordPropertyChange(in: collection.id)
                return
            }
            guard let parent = path.parent, let name = path.name,
                let collection = try await session.lockCollection(at: parent),
                try await session.updateProperties(changes, ofItem: name, in: collection.id)
            else { throw StorageError(.notFound, "nothing at \(path)") }
            // The object's properties are part of what a client syncs, so this is a member change.
            try await session.recordChange(in: collection.id, name: name, deleted: false)
        }
    }

    /// The strong etag: lowercase hex SHA-256 of the bytes, the same as the filesystem backend's,
    /// so data copied between backends keeps its etags.
    static func etag(of bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
