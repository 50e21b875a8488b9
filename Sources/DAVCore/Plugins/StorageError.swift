/// A failure reported by a `Storage`. `ErrorMapping` turns each code into one HTTP answer.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: Hashable, Sendable {
            case notFound, alreadyExists, conflict, forbidden, preconditionFailed, uidConflict
            case invalidSyncToken, insufficientStorage, unavailable, corrupt, io
        }
        let base: Base

        /// Nothing at the path (404).
        public static let notFound = Code(base: .notFound)
        /// Something already at the path (MKCOL: 405).
        public static let alreadyExists = Code(base: .alreadyExists)
        /// An intermediate collection is missing (409, RFC 4918 §9.7.1).
        public static let conflict = Code(base: .conflict)
        /// The operation is not allowed on this kind of resource (403).
        public static let forbidden = Code(base: .forbidden)
        /// A `WriteCondition` or Overwrite check failed (412).
        public static let preconditionFailed = Code(base: .preconditionFailed)
        /// Another object in the collection has the same UID (409 `no-uid-conflict`); `existing`
        /// names it.
        public static let uidConflict = Code(base: .uidConflict)
        /// The sync token is unknown or expired (403 `valid-sync-token`).
        public static let invalidSyncToken = Code(base: .invalidSyncToken)
        /// Out of space or quota (507).
        public static let insufficientStorage = Code(base: .insufficientStorage)
        /// The backend is temporarily unreachable (503 with Retry-After).
        public static let unavailable = Code(base: .unavailable)
        /// Stored data is damaged (500; `storage verify` names it).
        public static let corrupt = Code(base: .corrupt)
        /// Any other I/O failure (500).
        public static let io = Code(base: .io)

        public var description: String { "\(base)" }
    }

    public var code: Code
    /// What happened, for the log; never sent to clients for 5xx codes.
    public var message: String
    /// For `.uidConflict`: the path of the object that already has the UID.
    public var existing: ResourcePath?
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, existing: ResourcePath? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.existing = existing
        self.cause = cause
    }

    public var description: String {
        var s = "StorageError(\(code)): \(message)"
        if let cause { s += " (cause: \(cause))" }
        return s
    }
}
