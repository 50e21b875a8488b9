/// Where collections, objects and their properties live.
///
/// pocketdav ships three implementations (filesystem, git, PostgreSQL); the shared
/// `StorageConformanceSuite` in `DAVTesting` is the executable form of this contract and every
/// backend must pass it.
///
/// ## Implementation requirements
/// - **Paths** arrive validated (`ResourcePath` rejects traversal and dot-names); map segments to
///   files or keys directly. The URL space is `/<principal>/<collection>/<object>`, and plain
///   collections may nest. Calendars and address books hold objects only.
/// - **Atomicity.** Every mutating call is all-or-nothing and durable when it returns: a crash at
///   any point leaves the old or the new state, never a mix. `WriteCondition`s and the UID check
///   are evaluated inside the same atomic step as the write (compare-and-swap), never by a
///   caller reading first.
/// - **ETags** are strong, change whenever the bytes change, and stay stable otherwise (across
///   restarts too). Bytes are stored verbatim.
/// - **Versions.** Each calendar/address book/plain collection has a persisted version that
///   changes on every member or property change: `ctag` and `syncToken` derive from it, not from
///   hashing the members. A sync token is a URI, survives restarts, and changes only when the
///   collection does.
/// - **Errors** are `StorageError`s with the codes documented on each method; anything else is
///   treated as an internal failure (500, details logged only).
/// - All methods may be called concurrently from many tasks; blocking I/O must not run on the
///   caller's executor (use a thread pool).
public protocol Storage: Sendable {
    /// What is at `path`, or `nil` when nothing is.
    func resource(at path: ResourcePath) async throws -> Resource?

    /// The direct members of a collection: sub-collections and objects, without bytes, in a
    /// stable order. Throws `.notFound` when `collection` is not a collection.
    func members(of collection: ResourcePath) async throws -> [Resource]

    /// The objects among `names` that exist in `collection`, with bytes; absent names are
    /// simply left out. Throws `.notFound` when the collection does not exist.
    func objects(in collection: ResourcePath, named names: [String]) async throws -> [StoredObject]

    /// Creates or replaces the object at `path` (its parent must be a collection).
    ///
    /// Atomically: checks `condition` against the current etag (`.preconditionFailed`), checks
    /// that no *other* object in the collection has `content.summary?.uid` (`.uidConflict` with
    /// that object's name), writes the bytes, records the change and bumps the collection
    /// version. Throws `.conflict` when the parent is missing, `.forbidden` when the parent is
    /// not a collection or `path` is a collection.
    /// - Returns: the new etag and whether the object was created (vs replaced).
    func putObject(_ content: ObjectContent, at path: ResourcePath, condition: WriteCondition) async throws
        -> PutOutcome

    /// Deletes the object at `path` after checking `condition` (`.preconditionFailed`);
    /// `.notFound` when absent. Records a deletion for sync.
    func deleteObject(at path: ResourcePath, condition: WriteCondition) async throws

    /// Creates a collection with initial properties. `.alreadyExists` when something is at
    /// `path`, `.conflict` when the parent is missing, `.forbidden` when the parent may not hold
    /// collections (a calendar).
    func createCollection(at path: ResourcePath, kind: CollectionKind, properties: [QName: PropertyValue])
        async throws

    /// Deletes a collection and everything below it. `.notFound` when absent.
    func deleteCollection(at path: ResourcePath) async throws

    /// Moves (or, with `keepSource`, copies) an object or a whole collection tree to `destination`.
    /// With `overwrite` an existing destination is replaced atomically; without it,
    /// `.preconditionFailed`. `.conflict` when the destination parent is missing; `.uidConflict`
    /// when an object's UID already exists in the destination collection; `.forbidden` when the
    /// destination parent cannot hold the source (a collection into a calendar, a vCard into a
    /// calendar). Sync records a deletion at the source and a change at the destination.
    /// - Returns: `true` when an existing destination was replaced.
    func transfer(from source: ResourcePath, to destination: ResourcePath, overwrite: Bool, keepSource: Bool)
        async throws -> Bool

    /// Applies property changes (`nil` removes) to a collection or object, all or none.
    func setProperties(_ changes: [QName: PropertyValue?], at path: ResourcePath) async throws

    /// The members changed and deleted since `token` (`nil` = the initial sync: every member
    /// as changed, nothing deleted), oldest first, at most `limit` when given (RFC 6578 §3.6).
    /// Throws `.invalidSyncToken` for a token this collection did not issue or no longer knows.
    func changes(in collection: ResourcePath, since token: String?, limit: Int?) async throws -> ChangeSet

    /// Optional narrowing of a calendar/address-book query. Return `nil` to let the core scan
    /// every member (always correct), or candidates that are a superset of the matches, each
    /// saying whether it is an exact match.
    func query(_ query: StorageQuery, in collection: ResourcePath) async throws -> [QueryCandidate]?

    /// The object `name` in `collection` with its bytes, when the backend can hand it over
    /// without waiting: the answer `objects(in:named:)` would give, from memory (an index known
    /// current and bytes the kernel or a cache holds). `nil` means "not without waiting", for
    /// any reason, including a missing object; the server then calls `objects(in:named:)`.
    ///
    /// Called on an event loop to answer GET at once: it must not block on a disk, a lock held
    /// across I/O or the network, and must not suspend. The default answers `nil`.
    func cachedObject(in collection: ResourcePath, named name: String) -> StoredObject?
}

extension Storage {
    public func query(_ query: StorageQuery, in collection: ResourcePath) async throws -> [QueryCandidate]? {
        nil
    }

    public func cachedObject(in collection: ResourcePath, named name: String) -> StoredObject? { nil }

    /// The collection at `path`, or `nil` when there is none (or an object is there).
    public func collection(at path: ResourcePath) async throws -> CollectionInfo? {
        if case .collection(let c)? = try await resource(at: path) { return c }
        return nil
    }
}

/// The result of `Storage.putObject`.
public struct PutOutcome: Sendable, Hashable {
    public var etag: ETag
    public var created: Bool

    public init(etag: ETag, created: Bool) {
        self.etag = etag
        self.created = created
    }
}
