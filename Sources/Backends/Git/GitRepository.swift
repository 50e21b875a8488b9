import CGit2
import DAVCore
import Glibc
import Logging

/// One libgit2 handle on the repository, owned by an actor whose code runs on `GitThreadPool`
/// (`GitExecutor`), never on the cooperative pool.
///
/// `GitStorage` keeps one for writing, one for reading and one for pushing, so a slow fsync or
/// push never holds up a read. Everything here is synchronous on purpose: a method runs from
/// start to end without suspending, so it sees one consistent repository state, and the writer's
/// read-check-commit sequence is atomic within the process. Across processes the branch update
/// is a compare-and-swap (`advanceBranch`).
actor GitRepository {
    nonisolated let executor: GitExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// The git directory (`…/repo.git/`, with a final slash, as libgit2 reports it).
    nonisolated let gitDirectory: String
    /// `refs/heads/<branch>`.
    nonisolated let branchRef: String
    let logger: Logger
    /// Shared with the other handles on this repository: content-addressed, so always valid.
    let shared: GitObjectCache
    // `git_repository *` and its `git_odb *`; used only on this actor's executor.
    // `nonisolated(unsafe)` only so `deinit` can free them; nothing else touches them off the actor.
    nonisolated(unsafe) private let handle: OpaquePointer
    nonisolated(unsafe) private let odb: OpaquePointer
    private var trees = BoundedCache<GitOID, GitTree>(capacity: 512)
    /// UID → names per collection tree, for the writer's uniqueness checks (RFC 4791 §5.3.2.1).
    var uidIndexes = BoundedCache<GitOID, UIDIndex>(capacity: 64)

    /// Opens the repository at `path`, creating a bare one (folder mode 0700, HEAD on `branch`)
    /// when nothing is there. Call it at start-up: it blocks the calling thread briefly.
    init(path: String, branch: String, create: Bool = true, shared: GitObjectCache, logger: Logger) throws {
        GitLibrary.initialize()
        var repo: OpaquePointer?
        var rc = git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        if rc == GIT_ENOTFOUND.rawValue && create {
            // The folder first, private: libgit2 creates what is inside with the umask's modes.
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                throw GitError(code: -1, operation: "creating \(path): \(String(cString: strerror(errno)))")
            }
            var options = git_repository_init_options()
            try GitError.check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
                               "git_repository_init_options_init")
            options.flags = GIT_REPOSITORY_INIT_BARE.rawValue | GIT_REPOSITORY_INIT_MKPATH.rawValue
            rc = branch.withCString { head in
                options.initial_head = head
                return git_repository_init_ext(&repo, path, &options)
            }
        }
        try GitError.check(rc, "opening the git repository \(path)")
        guard let repo else { throw GitError(code: -1, operation: "opening the git repository \(path)") }
        var odb: OpaquePointer?
        let odbResult = git_repository_odb(&odb, repo)
        guard odbResult == 0, let odb else {
            let error = GitError(code: odbResult, operation: "opening the object database of \(path)")
            git_repository_free(repo)
            throw error
        }
        self.handle = repo
        self.odb = odb
        self.gitDirectory = String(cString: git_repository_path(repo))
        self.branchRef = "refs/heads/" + branch
        self.shared = shared
        self.logger = logger
        self.executor = GitExecutor()
    }

    deinit {
        git_odb_free(odb)
        git_repository_free(handle)
    }

    /// The raw handles, for the packing code in `GitRepository+Packing`.
    var handleForMaintenance: OpaquePointer { handle }
    var odbForMaintenance: OpaquePointer { odb }

    /// Runs `body` on this actor, with synchronous access to the handle (the postgres-nio
    /// `withConnection` shape: the handle cannot escape the call).
    func perform<T: Sendable>(_ body: @Sendable (isolated GitRepository) throws -> T) throws -> T {
        try body(self)
    }

    // MARK: - Refs and commits

    /// The commit the branch points at; `nil` before the first commit.
    func tip() throws -> GitOID? {
        var oid = git_oid()
        let rc = git_reference_name_to_id(&oid, handle, branchRef)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(rc, "reading \(branchRef)")
        return GitOID(oid)
    }

    func commit(_ id: GitOID) throws -> GitCommit {
        if let cached = shared.commit(id) { return cached }
        var raw = id.raw
        var commit: OpaquePointer?
        try GitError.check(git_commit_lookup(&commit, handle, &raw), "reading commit \(id)")
        defer { git_commit_free(commit) }
        let author = git_commit_author(commit)
        let info = GitCommit(
            id: id, tree: GitOID(git_commit_tree_id(commit).pointee),
            parent: git_commit_parentcount(commit) > 0 ? git_commit_parent_id(commit, 0).map { GitOID($0.pointee) } : nil,
            time: Int64(git_commit_time(commit)),
            author: author.map { String(cString: $0.pointee.name) } ?? "",
            email: author.map { String(cString: $0.pointee.email) } ?? "",
            message: git_commit_message(commit).map { String(cString: $0) } ?? "")
        shared.remember(info)
        return info
    }

    /// Writes a commit object (not yet on any branch).
    func createCommit(tree: GitOID, parent: GitOID?, author: CommitAuthor, message: String) throws -> GitOID {
        var treeRaw = tree.raw
        var treeObject: OpaquePointer?
        try GitError.check(git_tree_lookup(&treeObject, handle, &treeRaw), "reading tree \(tree)")
        defer { git_tree_free(treeObject) }
        var parentObject: OpaquePointer?
        if var parentRaw = parent?.raw {
            try GitError.check(git_commit_lookup(&parentObject, handle, &parentRaw), "reading commit \(parent!)")
        }
        defer { if parentObject != nil { git_commit_free(parentObject) } }
        var authorSignature: UnsafeMutablePointer<git_signature>?
        try GitError.check(git_signature_now(&authorSignature, author.name, author.email), "author \(author.name)")
        defer { git_signature_free(authorSignature) }
        var committerSignature: UnsafeMutablePointer<git_signature>?
        try GitError.check(git_signature_now(&committerSignature, CommitAuthor.committerName, author.committerEmail),
                           "committer signature")
        defer { git_signature_free(committerSignature) }
        var out = git_oid()
        let parents = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
        defer { parents.deallocate() }
        parents.initialize(to: parentObject)
        let rc = git_commit_create(&out, handle, nil, authorSignature, committerSignature, nil, message, treeObject,
                                   parentObject == nil ? 0 : 1, parents)
        try GitError.check(rc, "writing a commit")
        return GitOID(out)
    }

    /// Moves the branch from `expected` to `new` only if it still points at `expected` (libgit2
    /// checks under the ref's lock file: git_reference_create_matching). `false` when another
    /// writer got there first or holds the lock; the caller re-reads and tries again.
    func advanceBranch(from expected: GitOID?, to new: GitOID, message: String) throws -> Bool {
        var newRaw = new.raw
        var ref: OpaquePointer?
        let rc: Int32
        if var expectedRaw = expected?.raw {
            rc = git_reference_create_matching(&ref, handle, branchRef, &newRaw, 1, &expectedRaw, message)
        } else {
            rc = git_reference_create(&ref, handle, branchRef, &newRaw, 0, message)
        }
        if rc == 0 {
            git_reference_free(ref)
            return true
        }
        if [GIT_EMODIFIED, GIT_EEXISTS, GIT_ENOTFOUND].map(\.rawValue).contains(rc) { return false }
        if rc == GIT_ELOCKED.rawValue {
            removeStaleBranchLock()
            return false
        }
        throw GitError(code: rc, operation: "updating \(branchRef)")
    }

    /// A ref lock file left by a process killed mid-update would block every writer forever.
    /// An update holds the lock for milliseconds, so one older than ten seconds is abandoned.
    private func removeStaleBranchLock() {
        let lock = gitDirectory + branchRef + ".lock"
        var info = stat()
        guard stat(lock, &info) == 0, time(nil) - info.st_mtim.tv_sec > 10 else { return }
        if unlink(lock) == 0 { logger.warning("removed an abandoned ref lock", metadata: ["file": "\(lock)"]) }
    }

    // MARK: - Objects

    func tree(_ id: GitOID) throws -> GitTree {
        if let cached = trees[id] { return cached }
        var raw = id.raw
        var object: OpaquePointer?
        try GitError.check(git_tree_lookup(&object, handle, &raw), "reading tree \(id)")
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
        trees[id] = tree
        return tree
    }

    /// The id of the tree at `segments` below `root` (`root` itself for none), or `nil` when no
    /// tree is there. Straight libgit2 lookups, so walking history leaves the parsed-tree cache to
    /// the current state.
    func subtreeID(_ segments: [String], in root: GitOID) throws -> GitOID? {
        guard !segments.isEmpty else { return root }
        var raw = root.raw
        var object: OpaquePointer?
        try GitError.check(git_tree_lookup(&object, handle, &raw), "reading tree \(root)")
        defer { git_tree_free(object) }
        var entry: OpaquePointer?
        let rc = git_tree_entry_bypath(&entry, object, segments.joined(separator: "/"))
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(rc, "looking up \(segments.joined(separator: "/"))")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return nil }
        return GitOID(git_tree_entry_id(entry).pointee)
    }

    /// What is at `segments` below `root` (the root tree itself for none): its id and whether it
    /// is a tree; `nil` when nothing is.
    func entry(at segments: [String], in root: GitOID) throws -> (oid: GitOID, isTree: Bool)? {
        guard !segments.isEmpty else { return (root, true) }
        var raw = root.raw
        var object: OpaquePointer?
        try GitError.check(git_tree_lookup(&object, handle, &raw), "reading tree \(root)")
        defer { git_tree_free(object) }
        var entry: OpaquePointer?
        let rc = git_tree_entry_bypath(&entry, object, segments.joined(separator: "/"))
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(rc, "looking up \(segments.joined(separator: "/"))")
        defer { git_tree_entry_free(entry) }
        return (GitOID(git_tree_entry_id(entry).pointee), git_tree_entry_type(entry) == GIT_OBJECT_TREE)
    }

    /// The commit a revision names (`HEAD~3`, a full or abbreviated id, `main@{yesterday}`…):
    /// git_revparse_single, peeled to a commit.
    func resolveRevision(_ revision: String) throws -> GitOID {
        var object: OpaquePointer?
        let rc = git_revparse_single(&object, handle, revision)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EAMBIGUOUS.rawValue || rc == GIT_EINVALIDSPEC.rawValue {
            throw StorageError(.notFound, "no commit \(revision) in the repository")
        }
        try GitError.check(rc, "resolving \(revision)")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try GitError.check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "\(revision) is not a commit")
        defer { git_object_free(commit) }
        return GitOID(git_object_id(commit).pointee)
    }

    /// The id of entry `name` directly in tree `id`, if any.
    func entryID(named name: String, inTree id: GitOID) throws -> GitOID? {
        var raw = id.raw
        var object: OpaquePointer?
        try GitError.check(git_tree_lookup(&object, handle, &raw), "reading tree \(id)")
        defer { git_tree_free(object) }
        guard let entry = git_tree_entry_byname(object, name) else { return nil }
        return GitOID(git_tree_entry_id(entry).pointee)
    }

    func blob(_ id: GitOID) throws -> [UInt8] {
        var raw = id.raw
        var object: OpaquePointer?
        try GitError.check(git_blob_lookup(&object, handle, &raw), "reading blob \(id)")
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
        try GitError.check(git_odb_read_header(&size, &type, odb, &raw), "reading the header of \(id)")
        shared.remember(size: size, of: id)
        return size
    }

    func writeBlob(_ bytes: [UInt8]) throws -> GitOID {
        var out = git_oid()
        let rc = bytes.withUnsafeBytes { git_blob_create_from_buffer(&out, handle, $0.baseAddress, $0.count) }
        try GitError.check(rc, "writing a blob")
        return GitOID(out)
    }

    /// Writes a tree holding exactly `entries`.
    func writeTree(_ entries: [GitTree.Entry]) throws -> GitOID {
        var builder: OpaquePointer?
        try GitError.check(git_treebuilder_new(&builder, handle, nil), "git_treebuilder_new")
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
        try GitError.check(git_tree_lookup(&baseline, handle, &raw), "reading tree \(base)")
        defer { git_tree_free(baseline) }
        let paths = edits.map { strdup($0.path) }
        defer { paths.forEach { free($0) } }
        var updates = zip(edits, paths).map { edit, path in
            git_tree_update(action: edit.oid == nil ? GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT,
                            id: edit.oid?.raw ?? git_oid(), filemode: edit.isTree ? GIT_FILEMODE_TREE : GIT_FILEMODE_BLOB,
                            path: UnsafePointer(path))
        }
        var out = git_oid()
        try GitError.check(git_tree_create_updated(&out, handle, baseline, updates.count, &updates), "updating a tree")
        return GitOID(out)
    }
}

/// One change to a tree for `GitRepository.updateTree`: put `oid` at `path`, or remove `path`.
struct TreeEdit: Sendable, Hashable {
    var path: String
    var oid: GitOID?
    var isTree = false

    static func put(_ path: String, _ oid: GitOID, isTree: Bool = false) -> TreeEdit {
        TreeEdit(path: path, oid: oid, isTree: isTree)
    }

    static func remove(_ path: String) -> TreeEdit { TreeEdit(path: path, oid: nil) }
}

/// A commit as pocketdav reads it.
struct GitCommit: Sendable, Hashable {
    var id: GitOID
    var tree: GitOID
    /// The first parent; `nil` for the first commit.
    var parent: GitOID?
    /// Seconds since 1970.
    var time: Int64
    var author: String
    var email: String
    var message: String
}

/// Process-wide libgit2 set-up.
enum GitLibrary {
    private static let initialized: Bool = {
        git_libgit2_init()
        return true
    }()

    static func initialize() { _ = initialized }

    /// Turns on fsync of objects, packs and refs for the whole process (libgit2's option is
    /// global). Never turned off again, so one storage asking for it protects all.
    static func enableFsync() {
        initialize()
        _ = pocketdav_git_set_fsync(1)
    }
}
