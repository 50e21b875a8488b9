import DAVCore

/// PUT, DELETE, PROPPATCH, MKCOL/MKCALENDAR and collection DELETE: each one commit, decided and
/// checked on the branch's tip inside `commitChange`, so a retry after another writer re-checks
/// everything.
extension GitRepository {
    func putObject(_ content: ObjectContent, at path: ResourcePath, condition: WriteCondition, author: CommitAuthor)
        throws -> (result: PutOutcome, commit: GitOID?)
    {
        guard let parent = path.parent, let name = path.name else { throw StorageError(.forbidden, "the root is a collection") }
        var checked: UIDIndex?
        let outcome = try commitChange(author: author) { base in
            let collection = try parentCollection(of: path, in: base.tree)
            let current = collection.entry(name)
            if current?.isTree == true { throw StorageError(.forbidden, "\(path) is a collection") }
            guard condition.isSatisfied(by: current.map { ETag($0.oid.hex) }) else {
                throw StorageError(.preconditionFailed, "condition \(condition) failed for \(path)")
            }
            checked = nil
            if let uid = content.summary?.uid {
                let index = try uidIndex(of: collection)
                if let other = index.holder(of: uid, except: [name]) {
                    throw StorageError(.uidConflict, "UID \(uid) is already used by \(other) in \(parent)",
                                       existing: try? parent.appending(other))
                }
                checked = index
            }
            let blobID = try writeBlob(content.bytes)
            shared.remember(size: content.bytes.count, of: blobID)
            if let summary = content.summary { shared.remember(ContentSummary(summary), of: blobID) }
            let kind = try metadata(of: collection).kind
            let sidecar = ObjectMetadata(contentType: content.contentType, in: kind,
                                         properties: try self.sidecar(for: name, in: collection).properties)
            let edits = [TreeEdit.put(Self.repositoryPath(path), blobID)]
                + (try sidecarEdits(sidecar, for: name, in: collection, at: parent))
            return Change(edits: edits, message: "PUT \(path)",
                          result: PutOutcome(etag: ETag(blobID.hex), created: current == nil))
        }
        // The next PUT into this collection finds its UID index ready instead of rebuilding it.
        if let checked, let commit = outcome.commit, let tree = try subtreeID(parent.segments, in: self.commit(commit).tree) {
            uidIndexes[tree] = checked.replacing(name, with: content.summary?.uid)
        }
        return outcome
    }

    func deleteObject(at path: ResourcePath, condition: WriteCondition, author: CommitAuthor) throws -> GitOID? {
        guard let parent = path.parent, let name = path.name else { throw StorageError(.notFound, "no object at /") }
        return try commitChange(author: author) { base in
            guard case .object(let blobID, let collection) = try locate(path, in: base.tree) else {
                throw StorageError(.notFound, "no object at \(path)")
            }
            guard condition.isSatisfied(by: ETag(blobID.hex)) else {
                throw StorageError(.preconditionFailed, "condition \(condition) failed for \(path)")
            }
            let edits = [TreeEdit.remove(Self.repositoryPath(path))]
                + (try sidecarEdits(ObjectMetadata(), for: name, in: collection, at: parent))
            return Change(edits: edits, message: "DELETE \(path)", result: ())
        }.commit
    }

    func setProperties(_ changes: [QName: PropertyValue?], at path: ResourcePath, author: CommitAuthor) throws -> GitOID? {
        try commitChange(author: author) { base in
            switch try locate(path, in: base.tree) {
            case .collection(let tree):
                var metadata = try metadata(of: tree)
                if metadata.id.isEmpty { metadata.id = CollectionMetadata.newID() }  // a folder made by hand
                metadata.apply(changes)
                let blobID = try writeBlob(metadata.encoded())
                return Change(edits: [.put(Self.repositoryPath(path, CollectionMetadata.fileName), blobID)],
                              message: "PROPPATCH \(path.href(collection: true))", result: ())
            case .object(_, let collection):
                guard let parent = path.parent, let name = path.name else { throw StorageError(.notFound, "nothing at \(path)") }
                var sidecar = try sidecar(for: name, in: collection)
                for (key, value) in changes { sidecar.properties[key] = value }
                return Change(edits: try sidecarEdits(sidecar, for: name, in: collection, at: parent),
                              message: "PROPPATCH \(path)", result: ())
            case .absent, .missingParent, .belowObject:
                throw StorageError(.notFound, "nothing at \(path)")
            }
        }.commit
    }

    func createCollection(at path: ResourcePath, kind: CollectionKind, properties: [QName: PropertyValue],
                          author: CommitAuthor) throws -> GitOID?
    {
        guard !path.isRoot else { throw StorageError(.alreadyExists, "the root always exists") }
        return try commitChange(author: author) { base in
            let parent: GitTree
            switch try locate(path, in: base.tree) {
            case .collection, .object: throw StorageError(.alreadyExists, "something is already at \(path)")
            case .absent(let found): parent = found
            case .missingParent: throw StorageError(.conflict, "the parent of \(path) does not exist")
            case .belowObject: throw StorageError(.forbidden, "\(path) would be below an object")
            }
            let parentKind = try metadata(of: parent).kind
            guard parentKind.mayContainCollections else {
                throw StorageError(.forbidden, "a \(parentKind) cannot hold collections (RFC 4791 §4.2)")
            }
            let tree = try newCollectionTree(CollectionMetadata(kind: kind, properties: properties))
            let method = kind == .calendar ? "MKCALENDAR" : "MKCOL"
            return Change(edits: [.put(Self.repositoryPath(path), tree, isTree: true)],
                          message: "\(method) \(path.href(collection: true))", result: ())
        }.commit
    }

    func deleteCollection(at path: ResourcePath, author: CommitAuthor) throws -> GitOID? {
        guard !path.isRoot else { throw StorageError(.forbidden, "the root collection cannot be deleted") }
        return try commitChange(author: author) { base in
            guard case .collection = try locate(path, in: base.tree) else { throw StorageError(.notFound, "no collection at \(path)") }
            return Change(edits: [.remove(Self.repositoryPath(path))], message: "DELETE \(path.href(collection: true))",
                          result: ())
        }.commit
    }

    // MARK: - Steps

    /// The collection that is to hold `path`: `.conflict` when it is missing, `.forbidden` when
    /// an object is in the way.
    func parentCollection(of path: ResourcePath, in root: GitOID) throws -> GitTree {
        guard let parent = path.parent else { throw StorageError(.forbidden, "the root has no parent") }
        switch try locate(parent, in: root) {
        case .collection(let tree): return tree
        case .object, .belowObject: throw StorageError(.forbidden, "\(parent) is not a collection")
        case .absent, .missingParent: throw StorageError(.conflict, "the parent of \(path) does not exist")
        }
    }

    /// A tree holding only `metadata`'s props file: a new, empty collection.
    func newCollectionTree(_ metadata: CollectionMetadata) throws -> GitOID {
        let blobID = try writeBlob(metadata.encoded())
        shared.remember(metadata, of: blobID)
        return try writeTree([GitTree.Entry(name: CollectionMetadata.fileName, oid: blobID, isTree: false)])
    }

    /// The edits that make object `name`'s sidecar say `metadata` (removed when empty).
    func sidecarEdits(_ metadata: ObjectMetadata, for name: String, in collection: GitTree,
                      at collectionPath: ResourcePath) throws -> [TreeEdit]
    {
        let file = ObjectMetadata.fileName(for: name)
        let path = Self.repositoryPath(collectionPath, ObjectMetadata.directoryName, file)
        let existing = try collection.sidecarTree.flatMap { try tree($0).entry(file) }
        if metadata.isEmpty { return existing == nil ? [] : [.remove(path)] }
        let blobID = try writeBlob(metadata.encoded())
        shared.remember(metadata, of: blobID)
        return existing?.oid == blobID ? [] : [.put(path, blobID)]
    }
}
