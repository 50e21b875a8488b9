import DAVCore

/// The `Storage` reads, each on one snapshot of the branch.
extension GitRepository {
    func resource(at path: ResourcePath) throws -> Resource? {
        let commit = try snapshot()
        switch try locate(path, in: commit.tree) {
        case .collection(let tree):
            return .collection(try collectionInfo(tree: tree.id, at: path, commit: commit))
        case .object(let blobID, let parent):
            return .object(try objectInfo(blobID, named: path.name ?? "", in: parent, at: path, commit: commit))
        case .absent, .missingParent, .belowObject:
            return nil
        }
    }

    func members(of path: ResourcePath) throws -> [Resource] {
        let commit = try snapshot()
        let collection = try collection(at: path, in: commit.tree)
        return try collection.members.compactMap { entry in
            guard let memberPath = try? path.appending(entry.name) else { return nil }
            if entry.isTree { return .collection(try collectionInfo(tree: entry.oid, at: memberPath, commit: commit)) }
            return .object(try objectInfo(entry.oid, named: entry.name, in: collection, at: memberPath, commit: commit))
        }
    }

    func objects(in path: ResourcePath, named names: [String]) throws -> [StoredObject] {
        let commit = try snapshot()
        let collection = try collection(at: path, in: commit.tree)
        return try names.compactMap { name in
            guard !name.hasPrefix("."), let entry = collection.entry(name), !entry.isTree, let objectPath = try? path.appending(name) else {
                return nil
            }
            let bytes = try blob(entry.oid)
            shared.remember(size: bytes.count, of: entry.oid)
            return StoredObject(info: try objectInfo(entry.oid, named: name, in: collection, at: objectPath, commit: commit),
                                bytes: bytes)
        }
    }
}
