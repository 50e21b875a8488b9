import CGit2
import DAVCore
import Glibc
import Logging

/// The branch and its commits: reading the tip, writing commits, and the compare-and-swap that
/// moves the branch.
extension GitRepository {
    /// The commit the branch points at; `nil` before the first commit.
    func tip() throws -> GitOID? {
        var oid = git_oid()
        let rc = git_reference_name_to_id(&oid, repositoryPointer, branchRef)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(rc, "reading \(branchRef)")
        return GitOID(oid)
    }

    func commit(_ id: GitOID) throws -> GitCommit {
        if let cached = shared.commit(id) { return cached }
        var raw = id.raw
        var commit: OpaquePointer?
        try GitError.check(git_commit_lookup(&commit, repositoryPointer, &raw), "reading commit \(id)")
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
        try GitError.check(git_tree_lookup(&treeObject, repositoryPointer, &treeRaw), "reading tree \(tree)")
        defer { git_tree_free(treeObject) }
        var parentObject: OpaquePointer?
        if var parentRaw = parent?.raw {
            try GitError.check(git_commit_lookup(&parentObject, repositoryPointer, &parentRaw), "reading commit \(parent!)")
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
        let rc = git_commit_create(&out, repositoryPointer, nil, authorSignature, committerSignature, nil, message, treeObject,
                                   parentObject == nil ? 0 : 1, parents)
        try GitError.check(rc, "writing a commit")
        return GitOID(out)
    }

    /// Moves the branch from `expected` to `new` only if it still points at `expected` (libgit2
    /// checks under the ref's lock file: git_reference_create_matching). `false` when another
    /// writer got there first or held the lock (after waiting for it, `awaitBranchLock`); the
    /// caller re-reads and tries again.
    func advanceBranch(from expected: GitOID?, to new: GitOID, message: String) throws -> Bool {
        var newRaw = new.raw
        var ref: OpaquePointer?
        let rc: Int32
        if var expectedRaw = expected?.raw {
            rc = git_reference_create_matching(&ref, repositoryPointer, branchRef, &newRaw, 1, &expectedRaw, message)
        } else {
            rc = git_reference_create(&ref, repositoryPointer, branchRef, &newRaw, 0, message)
        }
        if rc == 0 {
            git_reference_free(ref)
            return true
        }
        if [GIT_EMODIFIED, GIT_EEXISTS, GIT_ENOTFOUND].map(\.rawValue).contains(rc) { return false }
        if rc == GIT_ELOCKED.rawValue {
            awaitBranchLock()
            return false
        }
        throw GitError(code: rc, operation: "updating \(branchRef)")
    }

    /// A ref lock file older than this was left by a writer that died mid-update (kill -9, power
    /// loss): an update holds the lock for milliseconds, an fsync on a slow SD card for a second
    /// or so. Removing a live writer's lock could let its rename publish our commit as its own,
    /// so the margin is wide.
    static let abandonedLockAge: Int = 10

    /// Waits while the branch's lock file exists: until its writer releases it, or until it is
    /// `abandonedLockAge` seconds old, when it is removed. Without the wait, the first write after
    /// a crash (the lock still young) used up its attempts in under a second and failed with 503.
    /// Bounded: a lock that keeps reappearing or carries a future time gives up after the age
    /// plus two seconds, and the caller's attempts go on as before. Runs on the git I/O thread.
    private func awaitBranchLock() {
        let lock = gitDirectory + branchRef + ".lock"
        let deadline = time(nil) + Self.abandonedLockAge + 2
        var info = stat()
        while stat(lock, &info) == 0, time(nil) < deadline {
            if time(nil) - info.st_mtim.tv_sec > Self.abandonedLockAge {
                if unlink(lock) == 0 { logger.warning("removed an abandoned ref lock", metadata: ["file": "\(lock)"]) }
                return
            }
            usleep(20_000)
        }
    }

    /// The commit a revision names (`HEAD~3`, a full or abbreviated id, `main@{yesterday}`…):
    /// git_revparse_single, peeled to a commit.
    func resolveRevision(_ revision: String) throws -> GitOID {
        var object: OpaquePointer?
        let rc = git_revparse_single(&object, repositoryPointer, revision)
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
}
