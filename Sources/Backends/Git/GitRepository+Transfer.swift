import DAVCore

/// MOVE and COPY, of an object or a whole collection tree: one commit either way. Git makes both
/// cheap: a moved or copied object is the same blob under a new name, a moved collection the same
/// tree. A copied collection is the same content under fresh collection ids (new props blobs, new
/// trees, blobs shared), so it never accepts its source's sync tokens; a moved one keeps its ids.
extension GitRepository {
    func transfer(from source: ResourcePath, to destination: ResourcePath, overwrite: Bool, keepSource: Bool,
                  author: CommitAuthor) throws -> (result: Bool, commit: GitOID?)
    {
        guard !source.isRoot, let destinationName = destination.name else {
            throw StorageError(.forbidden, "the root cannot be moved, copied or replaced")
        }
        guard !destination.isWithin(source) else {
            throw StorageError(.forbidden, "cannot transfer \(source) onto or into itself (\(destination))")
        }
        let method = keepSource ? "COPY" : "MOVE"
        return try commitChange(author: author) { base in
            let located = try locate(source, in: base.tree)
            if case .absent = located { throw StorageError(.notFound, "nothing at \(source)") }
            if case .missingParent = located { throw StorageError(.notFound, "nothing at \(source)") }
            let target = try parentCollection(of: destination, in: base.tree)
            let existing = target.entry(destinationName)
            let targetKind = try metadata(of: target).kind
            var edits: [TreeEdit]
            switch located {
            case .collection(let tree):
                guard targetKind.mayContainCollections else {
                    throw StorageError(.forbidden, "a \(targetKind) cannot hold collections (RFC 4791 §4.2)")
                }
                guard overwrite || existing == nil else {
                    throw StorageError(.preconditionFailed, "\(destination) exists and overwrite is off")
                }
                let moved = keepSource ? try copiedCollectionTree(tree) : tree.id
                edits = keepSource ? [] : [.remove(Self.repositoryPath(source))]
                edits += try clearing(existing, at: destination, in: target)
                edits.append(.put(Self.repositoryPath(destination), moved, isTree: true))
            case .object(let blobID, let origin):
                edits = try objectEdits(blobID, from: origin, to: target, existing: existing, source: source,
                                        destination: destination, overwrite: overwrite, keepSource: keepSource)
            case .absent, .missingParent, .belowObject:
                throw StorageError(.notFound, "nothing at \(source)")
            }
            return Change(edits: edits, message: "\(method) \(source) \(destination)", result: existing != nil)
        }
    }

    private func objectEdits(_ blobID: GitOID, from origin: GitTree, to target: GitTree, existing: GitTree.Entry?,
                             source: ResourcePath, destination: ResourcePath, overwrite: Bool, keepSource: Bool)
        throws -> [TreeEdit]
    {
        guard let sourceParent = source.parent, let sourceName = source.name, let destinationParent = destination.parent,
            let destinationName = destination.name
        else { throw StorageError(.forbidden, "the root is a collection") }
        let summary = try summary(of: blobID)
        let targetKind = try metadata(of: target).kind
        try Self.checkFits(component: summary.uid == nil ? nil : summary.component, into: targetKind, at: destinationParent)
        guard overwrite || existing == nil else {
            throw StorageError(.preconditionFailed, "\(destination) exists and overwrite is off")
        }
        if let uid = summary.uid {
            var exempt: Set<String> = [destinationName]
            if sourceParent == destinationParent && !keepSource { exempt.insert(sourceName) }
            if let other = try uidIndex(of: target).holder(of: uid, except: exempt) {
                throw StorageError(.uidConflict, "UID \(uid) is already used by \(other) in \(destinationParent)",
                                   existing: try? destinationParent.appending(other))
            }
        }
        // The type travels with the object: a calendar object moved into a plain folder keeps
        // text/calendar, though that folder's default is octet-stream. Dead properties travel too
        // (RFC 4918 §9.8.2, §9.9.1).
        let originSidecar = try sidecar(for: sourceName, in: origin)
        let type = try originSidecar.contentType ?? ObjectMetadata.defaultContentType(in: metadata(of: origin).kind)
        var edits: [TreeEdit] = []
        if !keepSource {
            edits.append(.remove(Self.repositoryPath(source)))
            edits += try sidecarEdits(ObjectMetadata(), for: sourceName, in: origin, at: sourceParent)
        }
        if existing?.isTree == true { edits.append(.remove(Self.repositoryPath(destination))) }
        edits.append(.put(Self.repositoryPath(destination), blobID))
        edits += try sidecarEdits(ObjectMetadata(contentType: type, in: targetKind, properties: originSidecar.properties),
                                  for: destinationName, in: target, at: destinationParent)
        return edits
    }

    /// Removes what a collection is about to replace: a collection goes with its entry; an
    /// object also leaves its sidecar behind otherwise.
    private func clearing(_ existing: GitTree.Entry?, at path: ResourcePath, in collection: GitTree) throws -> [TreeEdit] {
        guard let existing, let parent = path.parent else { return [] }
        var edits = [TreeEdit.remove(Self.repositoryPath(path))]
        if !existing.isTree { edits += try sidecarEdits(ObjectMetadata(), for: existing.name, in: collection, at: parent) }
        return edits
    }

    /// `tree` with a new id in every collection's props file (recursively): the copy's own history
    /// starts here.
    func copiedCollectionTree(_ tree: GitTree) throws -> GitOID {
        var entries = tree.entries
        for i in entries.indices {
            if entries[i].name == CollectionMetadata.fileName {
                var metadata = try metadata(of: tree)
                metadata.id = CollectionMetadata.newID()
                entries[i].oid = try writeBlob(metadata.encoded())
            } else if entries[i].isTree && !entries[i].name.hasPrefix(".") {
                entries[i].oid = try copiedCollectionTree(self.tree(entries[i].oid))
            }
        }
        return try writeTree(entries)
    }

    /// `.forbidden` unless a collection of `kind` may hold an object of `component` (`nil`: a
    /// plain file): calendars hold calendar components, address books vCards (RFC 4791 §4.2,
    /// RFC 6352 §5.2).
    static func checkFits(component: String?, into kind: CollectionKind, at path: ResourcePath) throws {
        let fits = switch kind {
        case .plain: true
        case .calendar: component != nil && component != "VCARD"
        case .addressBook: component == "VCARD"
        }
        guard fits else { throw StorageError(.forbidden, "\(path) (\(kind)) cannot hold this object") }
    }
}
