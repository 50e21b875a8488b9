import DAVCore
import FoundationEssentials

/// Reading the branch's current state: the tip, what a path leads to, and what pocketdav's
/// metadata files say about a collection or an object.
extension GitRepository {
    /// The branch's tip, read once per operation so the operation sees one consistent state.
    func snapshot() throws -> GitCommit {
        guard let tip = try tip() else {
            throw StorageError(.unavailable, "the git repository has no commit on \(branchRef)")
        }
        return try commit(tip)
    }

    /// What a path leads to in the tree `root`.
    enum Located: Sendable {
        case collection(GitTree)
        /// An object: its blob id and the collection holding it.
        case object(GitOID, in: GitTree)
        /// Nothing, but the parent is a collection.
        case absent(parent: GitTree)
        /// An intermediate collection does not exist.
        case missingParent
        /// An intermediate segment is an object.
        case belowObject
    }

    func locate(_ path: ResourcePath, in root: GitOID) throws -> Located {
        var current = try tree(root)
        for (i, segment) in path.segments.enumerated() {
            let isLast = i == path.segments.count - 1
            guard let entry = current.entry(segment) else { return isLast ? .absent(parent: current) : .missingParent }
            if entry.isTree {
                current = try tree(entry.oid)
            } else {
                return isLast ? .object(entry.oid, in: current) : .belowObject
            }
        }
        return .collection(current)
    }

    /// The collection at `path`, or `.notFound`.
    func collection(at path: ResourcePath, in root: GitOID) throws -> GitTree {
        guard case .collection(let tree) = try locate(path, in: root) else {
            throw StorageError(.notFound, "no collection at \(path)")
        }
        return tree
    }

    /// The path inside the repository tree (`alice/cal/ev.ics`), for tree edits.
    static func repositoryPath(_ path: ResourcePath, _ more: String...) -> String {
        (path.segments + more).joined(separator: "/")
    }

    // MARK: - Metadata

    /// `.pocketdav-props.json` of a collection tree. A folder pocketdav did not make (added by
    /// hand) has none and is served as a plain collection without an id.
    func metadata(of collection: GitTree) throws -> CollectionMetadata {
        try metadata(blob: collection.metadataBlob, in: collection.id)
    }

    /// The same for a tree known only by id: one lookup by name, no parsing of the tree (a
    /// collection listing its sub-collections needs only their props).
    func metadata(ofTree id: GitOID) throws -> CollectionMetadata {
        try metadata(blob: try entry(at: [CollectionMetadata.fileName], in: id)?.oid, in: id)
    }

    private func metadata(blob blobID: GitOID?, in tree: GitOID) throws -> CollectionMetadata {
        guard let blobID else { return CollectionMetadata(id: "", kind: .plain) }
        if let known = shared.collection(blobID) { return known }
        do {
            let metadata = try CollectionMetadata.decode(try blob(blobID))
            shared.remember(metadata, of: blobID)
            return metadata
        } catch let error as GitError {
            throw error
        } catch {
            throw StorageError(.corrupt, "\(CollectionMetadata.fileName) of tree \(tree) does not parse", cause: error)
        }
    }

    /// The sidecar of object `name` in `collection`; empty when there is none.
    func sidecar(for name: String, in collection: GitTree) throws -> ObjectMetadata {
        guard let sidecars = collection.sidecarTree,
            let entry = try tree(sidecars).entry(ObjectMetadata.fileName(for: name)), !entry.isTree
        else { return ObjectMetadata() }
        if let known = shared.sidecar(entry.oid) { return known }
        do {
            let metadata = try ObjectMetadata.decode(try blob(entry.oid))
            shared.remember(metadata, of: entry.oid)
            return metadata
        } catch let error as GitError {
            throw error
        } catch {
            throw StorageError(.corrupt, "the sidecar of \(name) in tree \(collection.id) does not parse", cause: error)
        }
    }

    /// UID and component of a blob, from the cache or by scanning it.
    func summary(of blobID: GitOID) throws -> ContentSummary {
        if let known = shared.summary(blobID) { return known }
        let summary = ContentSummary(sniffing: try blob(blobID))
        shared.remember(summary, of: blobID)
        return summary
    }

    // MARK: - Descriptions

    func collectionInfo(tree id: GitOID, at path: ResourcePath, commit: GitCommit) throws -> CollectionInfo {
        let metadata = try metadata(ofTree: id)
        let token = GitSyncToken(tree: id).string
        return CollectionInfo(path: path, kind: metadata.kind, properties: metadata.properties, ctag: token,
                              syncToken: token, lastModified: Self.date(of: commit))
    }

    func objectInfo(_ blobID: GitOID, named name: String, in collection: GitTree, at path: ResourcePath,
                    commit: GitCommit) throws -> ObjectInfo
    {
        let sidecar = try sidecar(for: name, in: collection)
        let type = try sidecar.contentType ?? ObjectMetadata.defaultContentType(in: metadata(of: collection).kind)
        return ObjectInfo(path: path, etag: ETag(blobID.hex), contentType: type, size: try blobSize(blobID),
                          lastModified: Self.date(of: commit), properties: sidecar.properties)
    }

    /// Git trees carry no times, so every resource reports the time of the branch's tip: never
    /// earlier than its real change, which keeps `If-Modified-Since` answers safe.
    static func date(of commit: GitCommit) -> Date { Date(timeIntervalSince1970: Double(commit.time)) }
}
