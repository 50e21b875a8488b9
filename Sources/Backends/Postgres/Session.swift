import Logging
import PostgresNIO

/// One leased connection, for the duration of one storage call. The statements the storage runs
/// are methods on it (`Session+Collections`, `Session+Items`, `Session+Changes`), so the same
/// lookups serve reads in autocommit mode and writes inside a transaction.
struct Session: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs `query` and collects its rows (a statement's rows must be read before the next one).
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
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
                // Fails harmlessly when COMMIT already ended the transaction or the connection is gone.
                _ = try? await rows("ROLLBACK")
                guard DatabaseError.isRetryable(error), attempt < 5 else { throw error }
                attempt += 1
                logger.debug("retrying a transaction PostgreSQL aborted", metadata: ["attempt": "\(attempt)"])
            }
        }
    }
}
