import CGit2
import DAVCore
import Glibc
import Logging

/// One libgit2 handle on the repository, owned by an actor whose code runs on `GitExecutor.sharedPool`
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
    /// UID → names per collection tree, for the writer's uniqueness checks (RFC 4791 §5.3.2.1).
    var uidIndexes = BoundedCache<GitOID, UIDIndex>(capacity: 64)

    /// Opens the repository at `path`; when nothing is there and `create` is set, creates a bare
    /// one (folder mode 0700, HEAD on `branch`). Call it at start-up: it blocks the calling thread
    /// briefly.
    init(path: String, branch: String, create: Bool, shared: GitObjectCache, logger: Logger) throws {
        try GitLibrary.load()
        var repo: OpaquePointer?
        var rc = git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        if rc == GIT_ENOTFOUND.rawValue && create {
            // The folders first, private: libgit2 creates what is inside with the umask's modes,
            // and the repository holds everyone's data.
            var folder = path.hasPrefix("/") ? "" : "."
            for part in path.split(separator: "/") {
                folder += "/" + part
                if mkdir(folder, 0o700) != 0 && errno != EEXIST {
                    throw GitError(code: -1, operation: "creating \(folder): \(String(cString: strerror(errno)))")
                }
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

    /// The libgit2 handles for the extensions in other files. Isolated: usable only on the actor.
    var repositoryPointer: OpaquePointer { handle }
    var odbPointer: OpaquePointer { odb }

    /// Runs `body` on this actor, with synchronous access to the handle (the postgres-nio
    /// `withConnection` shape: the handle cannot escape the call).
    func perform<T: Sendable>(_ body: @Sendable (isolated GitRepository) throws -> T) throws -> T {
        try body(self)
    }
}
