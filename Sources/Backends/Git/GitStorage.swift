import DAVCore
import Logging
import Synchronization

/// A `Storage` in a git repository: every DAV change is one commit, so the repository is also
/// the history (who changed what, when) and a backup that can be pushed anywhere.
///
/// ## In the repository (a bare one by default; see docs/storage-git.md)
/// ```
/// .pocketdav-props.json          the root collection's id, kind and properties
/// alice/                         a collection is a tree…
///   .pocketdav-props.json        …with its props file: {"id", "kind", "properties"}
///   cal/
///     .pocketdav-props.json
///     .pocketdav-meta/ev.ics.json  an object's media type and dead properties, when it has any
///     ev.ics                     the bytes exactly as PUT
/// .accounts/records.json        account records (`AccountStore`; see GitStorage+Accounts)
/// ```
/// An object's ETag is its blob id; a collection's ctag and sync token are its tree id
/// (`urn:x-pocketdav:git:<tree>`), so they change exactly when something in the collection
/// does, and `changes(since:)` walks the commits that changed it (`GitRepository+Changes`).
///
/// ## Safety
/// Writes go through one writer actor per repository, reads through another, each with its own
/// libgit2 handle and all libgit2 work on `GitExecutor.sharedPool` threads. A change writes its objects
/// (fsynced), then moves the branch with a compare-and-swap, re-deciding the change on the new
/// tip if another process moved it (`GitRepository+Commit`).
public final class GitStorage: Storage {
    public let options: GitStorageOptions
    /// Pushes and packs in the background; run it in the service group.
    public let maintenance: GitMaintenance
    let writer: GitRepository
    let reader: GitRepository
    private let ready = Atomic<Bool>(false)

    /// Opens the repository at `options.repository`, creating a bare one when nothing is there.
    /// Blocks briefly (call it at start-up); the first commit is made on first use.
    public init(options: GitStorageOptions, logger: Logger) throws {
        if options.fsync { try GitLibrary.enableFsync() }
        let shared = GitObjectCache()
        func handle() throws -> GitRepository {
            do {
                return try GitRepository(path: options.repository, branch: options.branch, create: options.createIfMissing,
                                         shared: shared, logger: logger)
            } catch {
                throw StorageError.wrapping(error, "cannot open the git repository \(options.repository)")
            }
        }
        writer = try handle()
        reader = try handle()
        maintenance = GitMaintenance(options: options, repository: try handle(), logger: logger)
        self.options = options
    }

    // MARK: - Storage

    public func resource(at path: ResourcePath) async throws -> Resource? {
        try await reading { try $0.resource(at: path) }
    }

    public func members(of collection: ResourcePath) async throws -> [Resource] {
        try await reading { try $0.members(of: collection) }
    }

    public func objects(in collection: ResourcePath, named names: [String]) async throws -> [StoredObject] {
        try await reading { try $0.objects(in: collection, named: names) }
    }

    public func changes(in collection: ResourcePath, since token: String?, limit: Int?) async throws -> ChangeSet {
        try await reading { try $0.changes(in: collection, since: token, limit: limit) }
    }

    public func putObject(_ content: ObjectContent, at path: ResourcePath, condition: WriteCondition) async throws
        -> PutOutcome
    {
        try await writing { try $0.putObject(content, at: path, condition: condition, author: $1) }
    }

    public func deleteObject(at path: ResourcePath, condition: WriteCondition) async throws {
        try await writing { ((), try $0.deleteObject(at: path, condition: condition, author: $1)) }
    }

    public func createCollection(at path: ResourcePath, kind: CollectionKind, properties: [QName: PropertyValue])
        async throws
    {
        try await writing { ((), try $0.createCollection(at: path, kind: kind, properties: properties, author: $1)) }
    }

    public func deleteCollection(at path: ResourcePath) async throws {
        try await writing { ((), try $0.deleteCollection(at: path, author: $1)) }
    }

    public func transfer(from source: ResourcePath, to destination: ResourcePath, overwrite: Bool, keepSource: Bool)
        async throws -> Bool
    {
        try await writing {
            try $0.transfer(from: source, to: destination, overwrite: overwrite, keepSource: keepSource, author: $1)
        }
    }

    public func setProperties(_ changes: [QName: PropertyValue?], at path: ResourcePath) async throws {
        try await writing { ((), try $0.setProperties(changes, at: path, author: $1)) }
    }

    // MARK: - Running work on the actors

    /// Runs a read on the reader's handle, mapping failures to `StorageError`.
    func reading<T: Sendable>(_ body: @escaping @Sendable (isolated GitRepository) throws -> T) async throws -> T {
        try await prepare()
        do {
            return try await reader.perform(body)
        } catch {
            throw StorageError.wrapping(error, "git storage read failed")
        }
    }

    /// Runs a change on the writer's handle with the author of the calling task (read here,
    /// where the task-local is bound) and tells `maintenance` about the new commit.
    func writing<T: Sendable>(_ body: @escaping @Sendable (isolated GitRepository, CommitAuthor) throws -> (T, GitOID?))
        async throws -> T
    {
        try await prepare()
        let author = CommitAuthor.current(domain: options.authorDomain)
        let outcome: (T, GitOID?)
        do {
            outcome = try await writer.perform { try body($0, author) }
        } catch {
            throw StorageError.wrapping(error, "git storage write failed")
        }
        if outcome.1 != nil { maintenance.noteCommit() }
        return outcome.0
    }

    /// Makes the first commit of an empty repository, once.
    private func prepare() async throws {
        if ready.load(ordering: .acquiring) || !options.createIfMissing { return }
        do {
            let author = CommitAuthor.pocketdav(domain: options.authorDomain)
            try await writer.perform { try $0.initializeIfNeeded(author: author) }
        } catch {
            throw StorageError.wrapping(error, "cannot initialise the git repository \(options.repository)")
        }
        ready.store(true, ordering: .releasing)
    }
}
