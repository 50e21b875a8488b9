import DAVCore
import PostgresNIO

/// How a failure talking to PostgreSQL becomes a `StorageError`.
///
/// Anything that says "the server is not there right now" (refused or dropped connections, the
/// server shutting down or starting up, too many clients, no connection within the deadline)
/// becomes `.unavailable`, which clients see as 503 with `Retry-After`; the write was not
/// acknowledged, so nothing a client was told about is lost.
enum DatabaseError {
    /// SQLSTATE classes and codes (PostgreSQL appendix A) that mean "try again later".
    private static let unavailableStates: Set<String> = [
        "57P01",  // admin_shutdown
        "57P02",  // crash_shutdown
        "57P03",  // cannot_connect_now (starting up, recovering)
        "53300",  // too_many_connections
        "55P03",  // lock_not_available
        "25006",  // read_only_sql_transaction (a standby that has not been promoted yet)
        "40001",  // serialization_failure, after the retries ran out
        "40P01",  // deadlock_detected, after the retries ran out
    ]

    static func storageError(_ error: any Error, during operation: String) -> StorageError {
        switch error {
        case let error as StorageError:
            return error
        case let error as PSQLError:
            return storageError(error, during: operation)
        case is PostgresDecodingError:
            return StorageError(.corrupt, "unexpected data in the database during \(operation)", cause: error)
        case is CancellationError:
            return StorageError(.unavailable, "\(operation) was cancelled", cause: error)
        default:
            // The connection pool's own errors (circuit breaker, shutdown) and channel errors.
            return StorageError(.unavailable, "database unreachable during \(operation)", cause: error)
        }
    }

    private static func storageError(_ error: PSQLError, during operation: String) -> StorageError {
        guard error.code == .server else {
            switch error.code {
            case .messageDecodingFailure, .unexpectedBackendMessage, .invalidCommandTag, .tooManyParameters:
                return StorageError(.io, "database protocol failure during \(operation)", cause: Described(error))
            default:
                return StorageError(.unavailable, "database connection failed during \(operation)", cause: Described(error))
            }
        }
        let state = sqlState(error) ?? ""
        if unavailableStates.contains(state) || state.hasPrefix("08") || state.hasPrefix("28") {
            return StorageError(.unavailable, "database unavailable during \(operation)", cause: Described(error))
        }
        if state == "53100" || state == "53200" {  // disk_full, out_of_memory
            return StorageError(.insufficientStorage, "the database is out of space during \(operation)", cause: Described(error))
        }
        return StorageError(.io, "database error during \(operation)", cause: Described(error))
    }

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Whether `error` is a violation of the unique constraint or index called `constraint`.
    static func isUniqueViolation(_ error: any Error, constraint: String) -> Bool {
        guard let error = error as? PSQLError, error.serverInfo?[.sqlState] == "23505" else { return false }
        return error.serverInfo?[.constraintName] == constraint
    }

    /// Whether the transaction lost a race PostgreSQL detected and may simply run again.
    static func isRetryable(_ error: any Error) -> Bool {
        let state = sqlState(error)
        return state == "40001" || state == "40P01"
    }

    /// PSQLError's `description` is deliberately generic; the log needs the server's words.
    struct Described: Error, CustomStringConvertible {
        let error: PSQLError
        init(_ error: PSQLError) { self.error = error }

        var description: String {
            guard let info = error.serverInfo else {
                return error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
            }
            var text = "\(info[.sqlState] ?? "?"): \(info[.message] ?? "")"
            if let detail = info[.detail] { text += " (\(detail))" }
            return text
        }
    }
}
