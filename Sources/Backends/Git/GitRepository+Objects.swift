import CGit2
import Glibc

/// Reading and writing git objects: trees (parsed and cached), blobs, and new trees built from
/// edits.
extension GitRepository {
    func tree(_ id: GitOID) throws -> GitTree {
        if let cached = shared.tree(id) { return cached }
        var raw = id.raw
        var object: OpaquePointer?
        try GitError.check(git_tree_lookup(&object, repositoryPointer, &raw), "reading tree \(id)")
        defer { git_tree_free(object) }
        var entries: [GitTree.Entry] = []
        let count = git_tree_entrycount(object)
        entries.reserveCapacity(count)
        for i in 0..<count {
            guard let entry = git_tree_entry_byindex(object, i) else { continue }
            let mode = git_tree_entry_filemode(entry)
            let isTree = mode == GIT_FILEMODE_TREE
            guard isTree || mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE else { continue }
            entries.append(GitTree.Entry(name: String(cString: git_tree_entry_name(entry)),
                                         oid: GitOID(git_tree_entry_id(entry).pointee), isTree: isTree))
        }
        let tree = GitTree(id: id, entries: entries)
        shared.remember(tree)
        return tree
    }

    /// The id of the tree at `segments` below `root` (`root` itself for none), or `nil` when no
    /// tree is there. Straight libgit2 lookups, so walking history leaves the parsed-tree cache to
    /// the current state.
    func subtreeID(_ segments: [String], in root: GitOID) throws -> GitOID? {
        guard let found = try entry(at: segments, in: root), found.isTree else { return nil }
        return found.oid
    }

    /// What is at `segments` below `root` (the root tree itself for none): its id and whether it
    /// is a tree; `nil` when nothing is.
    func entry(at segments: [String], in root: GitOID) throws -> (oid: GitOID, isTree: Bool)? {
        guard !segments.isEmpty else { return (root, true) }
        var raw = root.raw
        var object: OpaquePointer?
        try GitError.check(git_tree_lookup(&object, repositoryPointer, &raw), "reading tree \(root)")
        defer { git_tree_free(object) }
        var entry: OpaquePointer?
        let rc = git_tree_entry_bypath(&entry, object, segments.joined(separator: "/"))
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(rc, "looking up \(segments.joined(separator: "/"))")
        defer { git_tree_entry_free(entry) }
        return (GitOID(git_tree_entry_id(entry).pointee), git_tree_entry_type(entry) == GIT_OBJECT_TREE)
    }

    func blob(_ id: GitOID) throws -> [UInt8] {
        var raw = id.raw
        var object: OpaquePointer?
        try GitError.check(git_blob_lookup(&object, repositoryPointer, &raw), "reading blob \(id)")
        defer { git_blob_free(object) }
        let size = Int(git_blob_rawsize(object))
        guard size > 0, let content = git_blob_rawcontent(object) else { return [] }
        return Array(UnsafeRawBufferPointer(start: content, count: size))
    }

    /// The size of a blob from its header, without inflating it.
    func blobSize(_ id: GitOID) throws -> Int {
        if let known = shared.size(id) { return known }
        var raw = id.raw
        var size = 0
        var type = GIT_OBJECT_ANY
        try GitError.check(git_odb_read_header(&size, &type, odbPointer, &raw), "reading the header of \(id)")
        shared.remember(size: size, of: id)
        return size
    }

    func writeBlob(_ bytes: [UInt8]) throws -> GitOID {
        var out = git_oid()
        let rc = bytes.withUnsafeBytes { git_blob_create_from_buffer(&out, repositoryPointer, $0.baseAddress, $0.count) }
        try GitError.check(rc, "writing a blob")
        return GitOID(out)
    }

    /// Writes a tree holding exactly `entries`.
    func writeTree(_ entries: [GitTree.Entry]) throws -> GitOID {
        var builder: OpaquePointer?
        try GitError.check(git_treebuilder_new(&builder, repositoryPointer, nil), "git_treebuilder_new")
        defer { git_treebuilder_free(builder) }
        for entry in entries {
            var raw = entry.oid.raw
            try GitError.check(git_treebuilder_insert(nil, builder, entry.name, &raw,
                                                      entry.isTree ? GIT_FILEMODE_TREE : GIT_FILEMODE_BLOB),
                               "adding \(entry.name) to a tree")
        }
        var out = git_oid()
        try GitError.check(git_treebuilder_write(&out, builder), "writing a tree")
        return GitOID(out)
    }

    /// `base` with `edits` applied (paths from the root; intermediate trees are created and
    /// written as needed): git_tree_create_updated.
    func updateTree(_ base: GitOID, _ edits: [TreeEdit]) throws -> GitOID {
        guard !edits.isEmpty else { return base }
        var raw = base.raw
        var baseline: OpaquePointer?
        try GitError.check(git_tree_lookup(&baseline, repositoryPointer, &raw), "reading tree \(base)")
        defer { git_tree_free(baseline) }
        let paths = edits.map { strdup($0.path) }
        defer { paths.forEach { free($0) } }
        var updates = zip(edits, paths).map { edit, path in
            git_tree_update(action: edit.oid == nil ? GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT,
                            id: edit.oid?.raw ?? git_oid(), filemode: edit.isTree ? GIT_FILEMODE_TREE : GIT_FILEMODE_BLOB,
                            path: UnsafePointer(path))
        }
        var out = git_oid()
        try GitError.check(git_tree_create_updated(&out, repositoryPointer, baseline, updates.count, &updates), "updating a tree")
        return GitOID(out)
    }
}
