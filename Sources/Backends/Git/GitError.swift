import CGit2
import DAVCore

/// A failed libgit2 call: its return code, libgit2's message (thread-local, so read on the
/// failing call's thread) and what pocketdav was doing.
struct GitError: Error, Sendable, CustomStringConvertible {
    /// libgit2's `git_error_code` (negative).
    let code: Int32
    let message: String
    let operation: String

    init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text)
        } else {
            message = "libgit2 error \(code)"
        }
    }

    var description: String { "\(operation): \(message) (libgit2 \(code))" }

    /// Throws unless `rc` is success (libgit2 returns 0 or a positive count on success).
    static func check(_ rc: Int32, _ operation: @autoclosure () -> String) throws {
        if rc < 0 { throw GitError(code: rc, operation: operation()) }
    }
}

extension StorageError {
    /// Wraps anything that is not already a `StorageError`: a full disk becomes 507, the rest a
    /// 500 whose details go to the log only.
    static func wrapping(_ error: any Error, _ what: String) -> StorageError {
        if let error = error as? StorageError { return error }
        if "\(error)".contains("No space left on device") {
            return StorageError(.insufficientStorage, "the git repository's disk is full", cause: error)
        }
        return StorageError(.io, what, cause: error)
    }
}
