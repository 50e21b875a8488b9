import DAVCore
import Glibc
import Logging

/// A `Storage` in a plain directory tree, in Radicale 3's layout so that an existing Radicale
/// folder can be served as is (and handed back).
///
/// ## On disk
/// ```
/// <folder>/.Radicale.lock                 Radicale's storage lock (shared by pocketdav, see Options)
/// <folder>/.pocketdav-accounts.json       account records, 0600 (`AccountStore`, see AccountFile)
/// <folder>/collection-root/               the URL root "/"
///   alice/                                a plain collection (principal)
///     .pocketdav/                         pocketdav's own state; Radicale ignores dot-files
///       journal                           index + change log, one JSON record per line
///       props.json                        properties Radicale cannot hold (markup), sorted JSON
///       lock                              the collection's flock file
///     cal/
///       .Radicale.props                   {"D:displayname": "Work", "tag": "VCALENDAR", ...}
///       .pocketdav/...
///       event.ics                         the bytes exactly as PUT
/// ```
/// ETags are the hex SHA-256 of the bytes. Each collection has a random id and a version; the
/// ctag and sync token are `urn:x-pocketdav:sync:<id>:<version>`. A collection moved by MOVE
/// keeps its id (its tokens stay valid under the new name); one created by COPY gets a new id.
///
/// ## Safety
/// An item write stages the bytes in a dot-file and fsyncs it (before taking any lock), then
/// under the collection's exclusive lock checks the condition and UID, renames the file over the
/// target and appends the journal record with fsync (the commit point), and finally fsyncs the
/// directory before returning. Files changed outside pocketdav, or renamed into place just
/// before a crash, are found and journaled the next time the collection is loaded
/// (`CollectionReconciler`), so the index never claims an etag the file does not have. Each
/// collection has its own lock (`FileLock`); there is no global lock.
public final class FileSystemStorage: Storage {
    /// Tuning and compatibility switches; the defaults are right for production.
    public struct Options: Sendable {
        /// fsync files, the journal and directories on every write (default `true`). Turning it
        /// off risks losing acknowledged writes on power loss; for tests and benchmarks only.
        public var fsync: Bool
        /// How many collections keep their index in memory (default 256).
        public var cachedCollections: Int
        /// Hold Radicale's `<folder>/.Radicale.lock` in shared mode during each operation
        /// (default `true`), so a Radicale serving the same folder never writes at the same time.
        public var sharesRadicaleLock: Bool
        /// How many bytes of recently read items are kept in memory and given again while the
        /// file is provably unchanged (default 1 MiB; 0 keeps none). See `RecentItems`: only on
        /// local filesystems, and only for items of up to a sixteenth of it.
        public var recentItemBytes: Int
        /// `RecentItems.settle`; tests shorten it.
        var recentItemsSettle: Duration = .seconds(2)

        public init(fsync: Bool = true, cachedCollections: Int = 256, sharesRadicaleLock: Bool = true,
                    recentItemBytes: Int = 1 << 20) {
            self.fsync = fsync
            self.cachedCollections = cachedCollections
            self.sharesRadicaleLock = sharesRadicaleLock
            self.recentItemBytes = recentItemBytes
        }
    }

    /// The folder given at init (Radicale's `filesystem_folder`).
    public let folder: String
    let context: StorageContext
    let registry: HandleRegistry
    private let radicaleLock: FileLock?
    /// Items the fast lane's GETs read lately (`cachedObject`).
    let recentItems: RecentItems
    /// The account records beside the collections.
    let accounts: AccountFile
    /// The process-wide pool every `FileSystemStorage` shares: 16 threads, more than a small
    /// device has cores, so a few collections can each have a writer waiting on a lock without
    /// starving the rest.
    static let sharedPool = BlockingThreadPool(threads: 16)
    private let pool = FileSystemStorage.sharedPool

    /// Opens (creating, mode 0700) `folder` and `folder/collection-root`.
    /// Run `FilesystemProbe.check(folder:)` first on filesystems of unknown quality.
    public convenience init(folder: String, fsync: Bool = true, logger: Logger) throws {
        try self.init(folder: folder, options: Options(fsync: fsync), logger: logger)
    }

    public convenience init(folder: String, options: Options, logger: Logger) throws {
        try self.init(folder: folder, options: options, logger: logger, faults: nil)
    }

    init(folder: String, options: Options, logger: Logger, faults: FaultInjection?) throws {
        let folder = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        self.folder = folder
        let root = folder + "/collection-root"
        do {
            try SystemCall.makeDirectories(folder)
            try SystemCall.mkdir(root)
        } catch {
            throw StorageError(.io, "cannot create the storage folder \(folder)", cause: error)
        }
        context = StorageContext(root: root, fsync: options.fsync, logger: logger, faults: faults)
        registry = HandleRegistry(capacity: options.cachedCollections, context: context)
        accounts = AccountFile(folder: folder, fsync: options.fsync)
        radicaleLock = options.sharesRadicaleLock ? FileLock(path: folder + "/.Radicale.lock", createsParent: false) : nil
        let local = SystemCall.filesystemType(root).map(RecentItems.trusts(filesystemType:)) ?? false
        recentItems = RecentItems(budget: local ? options.recentItemBytes : 0, settle: options.recentItemsSettle)
    }

    /// Runs blocking work on the I/O pool under Radicale's shared lock, mapping errors to
    /// `StorageError`.
    func perform<T: Sendable>(radicaleLocked: Bool = true, _ body: @escaping @Sendable () throws -> T) async throws
        -> T
    {
        let radicaleLock = radicaleLocked ? self.radicaleLock : nil
        return try await pool.run {
            do {
                guard let radicaleLock else { return try body() }
                return try radicaleLock.withShared { try body() }
            } catch let error as StorageError {
                throw error
            } catch let error as SystemCallError {
                throw StorageError(error: error)
            } catch {
                throw StorageError(.io, "filesystem storage failure", cause: error)
            }
        }
    }

    // MARK: - Reading

    // Every read first tries `CollectionHandle.cachedIfFresh`, which answers from memory on the
    // caller's thread with no system call, and otherwise goes to the pool for the full check.

    public func resource(at path: ResourcePath) async throws -> Resource? {
        if let found = cachedResource(at: path) { return found }
        return try await perform { try self.resourceNow(at: path) }
    }

    /// `.some(nil)` when a fresh index says nothing is there; `nil` when it takes the pool to know.
    private func cachedResource(at path: ResourcePath) -> Resource?? {
        guard let parent = path.parent, let name = path.name else {
            let root = registry.handle(for: path)
            guard let (index, journalStat) = root.cachedIfFresh() else { return nil }
            return .some(.collection(root.info(index, journalStat: journalStat)))
        }
        guard let (index, _) = registry.handle(for: parent).cachedIfFresh() else { return nil }
        switch index.member(name) {
        case .object(let entry)?:
            return .some(.object(objectInfo(entry, at: path)))
        case .collection?:
            let handle = registry.handle(for: path)
            guard let (child, journalStat) = handle.cachedIfFresh() else { return nil }
            return .some(.collection(handle.info(child, journalStat: journalStat)))
        case .removed?, nil:
            return .some(nil)
        }
    }

    func resourceNow(at path: ResourcePath) throws -> Resource? {
        guard let parent = path.parent, let name = path.name else {
            let root = registry.handle(for: path)
            return .collection(try root.read { root.info($0, journalStat: $1) })
        }
        let member: CollectionIndex.Member?
        do {
            member = try registry.handle(for: parent).read { index, _ in index.member(name) }
        } catch let error as StorageError where error.code == .notFound {
            return nil
        }
        switch member {
        case .object(let entry)?:
            return .object(objectInfo(entry, at: path))
        case .collection?:
            return try collectionInfo(at: path).map(Resource.collection)
        case .removed?, nil:
            return nil
        }
    }

    /// The collection's description, or `nil` when its directory is gone.
    func collectionInfo(at path: ResourcePath) throws -> CollectionInfo? {
        do {
            let handle = registry.handle(for: path)
            return try handle.read { handle.info($0, journalStat: $1) }
        } catch let error as StorageError where error.code == .notFound {
            return nil
        }
    }

    public func members(of collection: ResourcePath) async throws -> [Resource] {
        if let found = cachedMembers(of: collection) { return found }
        return try await perform {
            let listed = try self.registry.handle(for: collection).read { index, _ in index.liveMembers }
            return try listed.compactMap { name, member -> Resource? in
                guard let path = try? collection.appending(name) else { return nil }
                switch member {
                case .object(let entry): return .object(self.objectInfo(entry, at: path))
                case .collection: return try self.collectionInfo(at: path).map(Resource.collection)
                case .removed: return nil
                }
            }
        }
    }

    /// `nil` when the collection's index, or that of a member collection, is not known fresh.
    private func cachedMembers(of collection: ResourcePath) -> [Resource]? {
        guard let (index, _) = registry.handle(for: collection).cachedIfFresh() else { return nil }
        let listed = index.liveMembers
        var found: [Resource] = []
        found.reserveCapacity(listed.count)
        for (name, member) in listed {
            guard let path = try? collection.appending(name) else { continue }
            switch member {
            case .object(let entry):
                found.append(.object(objectInfo(entry, at: path)))
            case .collection:
                let handle = registry.handle(for: path)
                guard let (child, journalStat) = handle.cachedIfFresh() else { return nil }
                found.append(.collection(handle.info(child, journalStat: journalStat)))
            case .removed:
                continue
            }
        }
        return found
    }

    public func objects(in collection: ResourcePath, named names: [String]) async throws -> [StoredObject] {
        let handle = registry.handle(for: collection)
        if let (index, _) = handle.cachedIfFresh() {
            // No locks: item files are only ever replaced by `rename`, so a read sees whole old
            // or whole new bytes, and the etag check in `stored` (for a kept item, the identity
            // check in `RecentItems`) catches the new ones.
            // One object (GET, HEAD) that the kernel holds in memory is read right here: the hop
            // to the pool and back cost more than the read (3.5 thread switches per GET).
            if names.count == 1, let object = inMemory(names[0], in: collection, index: index, handle: handle) {
                return [object]
            }
            return try await perform(radicaleLocked: false) { try self.read(names, in: collection, index: index, handle: handle) }
        }
        return try await perform {
            try handle.read { index, _ in try self.read(names, in: collection, index: index, handle: handle) }
        }
    }

    /// The one-object case of `objects(in:named:)` when it needs no waiting: an index known
    /// current and a file the kernel hands over from memory.
    public func cachedObject(in collection: ResourcePath, named name: String) -> StoredObject? {
        let handle = registry.handle(for: collection)
        guard let entry = handle.cachedObjectEntry(name) else { return nil }
        return inMemory(name, entry, in: collection, handle: handle)
    }

    /// `name` read without waiting, from a fresh `index` and without locks (see `objects`).
    private func inMemory(_ name: String, in collection: ResourcePath, index: CollectionIndex,
                          handle: CollectionHandle) -> StoredObject? {
        guard let entry = index.object(name) else { return nil }
        return inMemory(name, entry, in: collection, handle: handle)
    }

    /// The file of `entry`, an object of an index known fresh, read without waiting.
    private func inMemory(_ name: String, _ entry: ObjectEntry, in collection: ResourcePath,
                          handle: CollectionHandle) -> StoredObject? {
        var path = handle.directory
        path.reserveCapacity(path.utf8.count + 1 + name.utf8.count)  // one allocation, not two
        path += "/"
        path += name
        if let bytes = recentItems.bytes(at: path, etag: entry.etag) {
            return stored(name, entry, bytes, in: collection, handle: handle, hashIsEntrys: true)
        }
        guard let read = SystemCall.readFileIfCached(path),
              let object = stored(name, entry, read.bytes, in: collection, handle: handle)
        else { return nil }
        recentItems.remember(read.bytes, etag: object.info.etag.value, at: path, identity: read.identity,
                             readBegan: read.began)
        return object
    }

    private func read(_ names: [String], in collection: ResourcePath, index: CollectionIndex,
                      handle: CollectionHandle) throws -> [StoredObject]
    {
        try names.compactMap { name -> StoredObject? in
            guard let entry = index.object(name), let bytes = try SystemCall.readFile(handle.directory + "/" + name)
            else { return nil }
            return stored(name, entry, bytes, in: collection, handle: handle)
        }
    }

    /// `bytes` as the object `entry` describes. `hashIsEntrys`: the bytes are known to hash to
    /// `entry.etag` (kept by `RecentItems`), so they are not hashed again.
    private func stored(_ name: String, _ entry: ObjectEntry, _ bytes: [UInt8], in collection: ResourcePath,
                        handle: CollectionHandle, hashIsEntrys: Bool = false) -> StoredObject?
    {
        guard let path = try? collection.appending(name) else { return nil }
        var info = objectInfo(entry, at: path)
        guard !hashIsEntrys else { return StoredObject(info: info, bytes: bytes) }
        // Rewritten in place behind our back (an editor): answer truthfully, and have the next
        // access reconcile.
        let etag = ContentHash.hex(bytes)
        if etag != entry.etag {
            info.etag = ETag(etag)
            info.size = bytes.count
            handle.invalidate()
        }
        return StoredObject(info: info, bytes: bytes)
    }

    public func changes(in collection: ResourcePath, since token: String?, limit: Int?) async throws -> ChangeSet {
        let handle = registry.handle(for: collection)
        if let (index, _) = handle.cachedIfFresh() {
            return try Self.changes(in: index, of: handle, since: token, limit: limit)
        }
        return try await perform {
            try handle.read { index, _ in try Self.changes(in: index, of: handle, since: token, limit: limit) }
        }
    }

    private static func changes(in index: CollectionIndex, of handle: CollectionHandle, since token: String?,
                                limit: Int?) throws -> ChangeSet
    {
        var since: UInt64?
        if let token {
            guard let version = SyncToken.version(of: token, id: index.id),
                version >= index.floor, version <= index.version
            else { throw StorageError(.invalidSyncToken, "sync token \(token) is not one \(handle.path) issued") }
            since = version
        }
        let found = index.changes(since: since, limit: limit)
        return ChangeSet(changed: found.changed, deleted: found.deleted,
                         newToken: handle.token(index, version: found.version), truncated: found.truncated)
    }

    public func query(_ query: StorageQuery, in collection: ResourcePath) async throws -> [QueryCandidate]? {
        let handle = registry.handle(for: collection)
        if let (index, _) = handle.cachedIfFresh() { return Self.candidates(query, in: index) }
        return try await perform { try handle.read { index, _ in Self.candidates(query, in: index) } }
    }

    private static func candidates(_ query: StorageQuery, in index: CollectionIndex) -> [QueryCandidate]? {
        guard index.properties.kind != .plain else { return nil }
        return index.liveMembers.compactMap { name, member in
            guard case .object(let entry) = member, ObjectQueryMatch.mayMatch(entry, query) else { return nil }
            // Only component, time bounds and fixed instances are indexed; the core checks the rest.
            return QueryCandidate(name: name, isExactMatch: ObjectQueryMatch.certainlyMatches(entry, query))
        }
    }

    func objectInfo(_ entry: ObjectEntry, at path: ResourcePath) -> ObjectInfo {
        var properties: [QName: PropertyValue] = [:]
        for (key, xml) in entry.properties ?? [:] {
            if let name = RadicaleProps.parseClark(key) { properties[name] = PropertyValue(xml: xml) }
        }
        return ObjectInfo(path: path, etag: ETag(entry.etag), contentType: entry.contentType, size: Int(entry.size),
                          lastModified: FileStat(inode: 0, size: 0, mtime: entry.mtime, mode: 0).modificationDate,
                          properties: properties)
    }
}
