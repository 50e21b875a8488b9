import DAVCore
import Logging
import PostgresNIO
import Synchronization

/// The connection pool as the storage uses it: one pooled connection per call, a deadline for
/// getting one, transactions that retry when PostgreSQL reports a lost race, and every failure
/// turned into a `StorageError`.
///
/// All I/O goes through PostgresNIO's event loops; nothing here blocks a thread.
struct Database: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// How long to wait for the schema check and a connection before answering `.unavailable`.
    let unavailableAfter: Duration
    let readiness: Readiness
    /// Where the deadlines run. A cancelled NIO timer leaves its event loop's heap at once; a
    /// cancelled `Task.sleep` stays queued in Dispatch until its time comes, so every call left one
    /// timer behind for `unavailableAfter` (Dispatch's timer thread was a few percent of a GET's
    /// CPU in a profile at 2500 GET/s).
    let timers: any EventLoopGroup

    /// Runs `body` on one connection in autocommit mode (each statement commits by itself).
    /// `needsSchema: false` is for the schema check itself, which runs before `readiness` opens.
    func read<T: Sendable>(_ operation: String, needsSchema: Bool = true,
                           _ body: @escaping @Sendable (Session) async throws -> T) async throws -> T {
        do {
            return try await withSession(needsSchema: needsSchema, body)
        } catch {
            throw DatabaseError.storageError(error, during: operation)
        }
    }

    /// Runs `body` as one transaction (BEGIN … COMMIT), again from the start when PostgreSQL
    /// aborted it over a deadlock or serialisation failure. `body` must therefore not have effects
    /// outside the database.
    func write<T: Sendable>(_ operation: String, needsSchema: Bool = true,
                            _ body: @escaping @Sendable (Session) async throws -> T) async throws -> T {
        try await read(operation, needsSchema: needsSchema) { session in try await session.transaction(body) }
    }

    /// Leases a connection once the schema is ready, or gives up after `unavailableAfter`. The
    /// deadline covers only the wait: once a connection is leased, `body` runs to its end, so a
    /// write is never abandoned halfway because it took long.
    private func withSession<T: Sendable>(needsSchema: Bool, _ body: @escaping @Sendable (Session) async throws -> T)
        async throws -> T
    {
        let leased = LeaseFlag()
        let (client, logger, readiness, deadline, timers) = (client, logger, readiness, unavailableAfter, timers)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                if needsSchema { try await readiness.wait() }
                return try await client.withConnection { connection in
                    leased.set()
                    return try await body(Session(connection: connection, logger: logger))
                }
            }
            group.addTask {
                try await Self.expire(after: deadline, on: timers)
                if leased.isSet { return nil }
                let reason = readiness.isOpen || !needsSchema ? "no database connection" : "the database schema has not been checked yet"
                throw StorageError(.unavailable, "\(reason) within \(deadline)")
            }
            while let result = try await group.next() {
                if let value = result {
                    group.cancelAll()
                    return value
                }
            }
            throw StorageError(.io, "database call ended without a result")
        }
    }

    /// Returns after `duration`, or throws `CancellationError` as soon as the task is cancelled,
    /// taking the timer off the event loop.
    private static func expire(after duration: Duration, on timers: any EventLoopGroup) async throws {
        let (seconds, attoseconds) = duration.components
        let timer = timers.any().scheduleTask(in: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)) {}
        try await withTaskCancellationHandler {
            do { try await timer.futureResult.get() } catch { throw CancellationError() }
        } onCancel: {
            timer.cancel()
        }
    }
}

/// Set once the connection is leased, so the deadline knows not to interrupt.
private final class LeaseFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}
