import Logging
import PostgresNIO

/// One leased connection, for the duration of one storage call. The statements the storage runs
/// are methods on it (`Session+Collections`, `Session+Items`, `Session+Changes`), so the same
/// lookups serve reads in autocommit mode and writes inside a transaction.
struct Session: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs `query` and collects its rows (a statement's rows must be read before the next one).
    ///
    /// The check that the connection is open and the hand-over of the query run together on the
    /// connection's event loop. postgres-nio 1.33 writes a query to its channel without a write
    /// promise, so a query handed to a channel that has already closed (the server went away, and
    /// the pool had not noticed yet, or a ROLLBACK after the error that closed it) would never
    /// complete. On the event loop, an active channel still has its handler, which fails the query
    /// properly if the connection breaks later.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let (connection, logger) = (connection, logger)
        return try await connection.eventLoop.flatSubmit { () -> EventLoopFuture<PostgresQueryResult> in
            guard !connection.isClosed else {
                return connection.eventLoop.makeFailedFuture(ConnectionClosed())
            }
            return connection.query(query, logger: logger)
        }.get().rows
    }

    /// The connection was closed before a statement could be sent.
    struct ConnectionClosed: Error, CustomStringConvertible {
        var description: String { "the database connection is closed" }
    }

    /// BEGIN … COMMIT around `body`; ROLLBACK when it throws. Runs `body` again (up to four more
    /// times) when PostgreSQL aborted the transaction over a deadlock or serialisation failure.
    func transaction<T>(_ body: (Session) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            try await rows("BEGIN")
            do {
                let value = try await body(self)
                try await rows("COMMIT")
                return value
            } catch {
                // Fails harmlessly when COMMIT already ended the transaction; on a closed connection
                // PostgreSQL has rolled back already.
                if !connection.isClosed { _ = try? await rows("ROLLBACK") }
                guard DatabaseError.isRetryable(error), attempt < 5 else { throw error }
                attempt += 1
                logger.debug("retrying a transaction PostgreSQL aborted", metadata: ["attempt": "\(attempt)"])
            }
        }
    }
}
