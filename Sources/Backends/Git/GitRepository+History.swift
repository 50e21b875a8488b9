import DAVCore
import FoundationEssentials

/// `pocketdav storage history` and `storage restore`: reading the versions of one path, and
/// bringing one back as a new commit.
extension GitRepository {
    /// The commits that changed what is at `path`, newest first, following first parents.
    func history(of path: ResourcePath, limit: Int) throws -> [GitVersion] {
        var versions: [GitVersion] = []
        guard var commit = try tip().map(self.commit) else { return [] }
        var current = try entry(at: path.segments, in: commit.tree)
        while versions.count < limit {
            let parent = try commit.parent.map(self.commit)
            let before = try parent.flatMap { try entry(at: path.segments, in: $0.tree) }
            if before?.oid != current?.oid {
                versions.append(GitVersion(
                    commit: commit.id.hex, time: Self.date(of: commit), author: commit.author, email: commit.email,
                    message: String(commit.message.prefix { $0 != "\n" }), id: current?.oid.hex,
                    isCollection: current?.isTree ?? before?.isTree ?? false))
            }
            guard let parent else { break }
            commit = parent
            current = before
        }
        return versions
    }

    /// Puts back what was at `path` in `revision`, as a new commit on top of the tip: an object
    /// with its media type and dead properties, or a collection with everything in it (and its
    /// id, so the sync tokens it had then are valid again; its content is the same). Clients see
    /// the change on their next sync. The usual rules hold: the parent must exist, UIDs stay
    /// unique, a calendar holds no collection.
    func restore(_ path: ResourcePath, from revision: String, author: CommitAuthor) throws -> (result: GitOID, commit: GitOID?) {
        guard let parentPath = path.parent, let name = path.name else {
            throw StorageError(.forbidden, "the root cannot be restored as a whole")
        }
        let source = try commit(resolveRevision(revision))
        guard let old = try entry(at: path.segments, in: source.tree) else {
            throw StorageError(.notFound, "nothing was at \(path) in \(source.id.short)")
        }
        return try commitChange(author: author) { base in
            let parent = try parentCollection(of: path, in: base.tree)
            let kind = try metadata(of: parent).kind
            let existing = parent.entry(name)
            var edits: [TreeEdit] = []
            if old.isTree {
                guard kind.mayContainCollections else {
                    throw StorageError(.forbidden, "a \(kind) cannot hold collections (RFC 4791 §4.2)")
                }
                if existing?.isTree == false {
                    edits.append(.remove(Self.repositoryPath(path)))
                    edits += try sidecarEdits(ObjectMetadata(), for: name, in: parent, at: parentPath)
                }
                edits.append(.put(Self.repositoryPath(path), old.oid, isTree: true))
            } else {
                if existing?.isTree == true { throw StorageError(.forbidden, "a collection is at \(path) now") }
                let summary = try summary(of: old.oid)
                try Self.checkFits(component: summary.uid == nil ? nil : summary.component, into: kind, at: parentPath)
                if let uid = summary.uid, let other = try uidIndex(of: parent).holder(of: uid, except: [name]) {
                    throw StorageError(.uidConflict, "UID \(uid) is now used by \(other) in \(parentPath)",
                                       existing: try? parentPath.appending(other))
                }
                var sidecar = ObjectMetadata()
                if case .collection(let then) = try locate(parentPath, in: source.tree) {
                    sidecar = try self.sidecar(for: name, in: then)
                }
                edits.append(.put(Self.repositoryPath(path), old.oid))
                edits += try sidecarEdits(sidecar, for: name, in: parent, at: parentPath)
            }
            let href = path.href(collection: old.isTree)
            return Change(edits: edits, message: "RESTORE \(href) from \(source.id.short)", result: old.oid)
        }
    }
}
