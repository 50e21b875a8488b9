import DAVCore
import Logging
import PostgresNIO
import ServiceLifecycle

/// A `Storage` in PostgreSQL, for deployments that run several pocketdav instances behind a load
/// balancer: every instance is stateless and PostgreSQL is the single source of truth.
///
/// ## Guarantees
/// - Each DAV write is one transaction: the item, its index columns, the change row and the
///   collection counter commit together or not at all. It starts by locking the collection row
///   (`SELECT … FOR UPDATE`), so writers of one collection, on any instance, run one after the
///   other and `WriteCondition`s are checked against committed state (compare-and-swap).
/// - No cache: every read asks the database, so one instance never serves what another has
///   overwritten.
/// - Sync tokens are `urn:x-pocketdav:pg:<collection id>:<version>`; `changes(since:)` reads only
///   the log rows above the client's version.
/// - When PostgreSQL is unreachable or restarting, calls fail with `.unavailable` (503 with
///   Retry-After) after `Configuration.unavailableAfter`; the pool reconnects by itself.
///
/// ## Running
/// It is a `Service`: `run()` runs the connection pool, checks and migrates the schema (under an
/// advisory lock, so instances starting together do not race), then prunes old deletions from the
/// change log periodically. Calls made before the schema check wait for it.
/// ```swift
/// let storage = PostgresStorage(configuration: configuration, logger: logger)
/// let group = ServiceGroup(services: [storage, httpServer], logger: logger)
/// ```
public final class PostgresStorage: Storage, Service {
    public let configuration: Configuration
    let client: PostgresClient
    let database: Database
    let logger: Logger

    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        client = PostgresClient(configuration: configuration.clientConfiguration(), backgroundLogger: logger)
        database = Database(client: client, logger: logger, unavailableAfter: configuration.unavailableAfter,
                            readiness: Readiness(), timers: PostgresClient.defaultEventLoopGroup)
    }

    // MARK: - Service

    /// Runs the pool, migrates the schema (retrying while the database is unreachable), then
    /// prunes the change log every `retentionInterval` until graceful shutdown.
    /// - Throws: `SchemaVersionError` when the database's schema is newer than this pocketdav.
    public func run() async throws {
        try await withRunningClient {
            try await cancelWhenGracefulShutdown {
                do {
                    try await self.migrateWhenReachable()
                    try await self.pruneChangesPeriodically()
                } catch is CancellationError {
                    // Shutdown ended a wait (for the database, or for the next pruning): not a failure.
                }
            }
        }
    }

    /// Runs the connection pool for as long as `body` runs: for tools (`storage migrate`) and
    /// tests that use the storage without `run()`. Call at most once per instance.
    public func withRunningClient<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    private func migrateWhenReachable() async throws {
        var delay = Duration.milliseconds(500)
        while true {
            do {
                try await migrate()
                return
            } catch let error as StorageError where error.code == .unavailable {
                logger.warning("PostgreSQL is not reachable yet; retrying",
                               metadata: ["database": "\(configuration.endpoint)", "error": "\(error)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(10))
            }
        }
    }

    // MARK: - Reading

    public func resource(at path: ResourcePath) async throws -> Resource? {
        try await database.read("resource") { session in
            if let collection = try await session.collection(at: path) { return .collection(collection.info(at: path)) }
            guard let parent = path.parent, let name = path.name,
                let item = try await session.item(inCollectionAt: parent, named: name)
            else { return nil }
            return .object(item.info(at: path))
        }
    }

    public func members(of collection: ResourcePath) async throws -> [Resource] {
        try await database.read("members") { session in
            guard let row = try await session.collection(at: collection) else {
                throw StorageError(.notFound, "no collection at \(collection)")
            }
            var members: [(name: String, resource: Resource)] = []
            for child in try await session.childCollections(of: row.id) {
                let path = try collection.appending(child.name)
                members.append((child.name, .collection(child.info(at: path))))
            }
            for item in try await session.items(in: row.id) {
                members.append((item.name, .object(item.info(at: try collection.appending(item.name)))))
            }
            // Byte order of the UTF-8 names: stable, and the same as the filesystem backend's.
            members.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            return members.map(\.resource)
        }
    }

    public func objects(in collection: ResourcePath, named names: [String]) async throws -> [StoredObject] {
        try await database.read("objects") { session in
            guard let found = try await session.itemsWithContent(at: collection, named: names) else {
                throw StorageError(.notFound, "no collection at \(collection)")
            }
            return try names.compactMap { name in
                guard let (item, bytes) = found[name] else { return nil }
                return StoredObject(info: item.info(at: try collection.appending(name)), bytes: bytes)
            }
        }
    }
}
