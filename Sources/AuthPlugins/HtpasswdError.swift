/// A problem with an htpasswd file: reading, parsing or changing it.
///
/// `description` reads `<file>:<line>: <message>` so an operator can jump to the line. Messages
/// never quote a line's content: it may be a plain-text password.
public struct HtpasswdError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: Hashable, Sendable {
            case malformedLine, duplicateUser, invalidUserName, userExists, userNotFound
            case fileNotFound, fileExists, io, hashing
        }
        let base: Base

        /// A line is not `user:hash`, has an empty part, or is not UTF-8.
        public static let malformedLine = Code(base: .malformedLine)
        /// A user name appears on two lines.
        public static let duplicateUser = Code(base: .duplicateUser)
        /// A user name breaks the rules of `HtpasswdFile.validate(userName:)`.
        public static let invalidUserName = Code(base: .invalidUserName)
        /// Adding a user who is already in the file.
        public static let userExists = Code(base: .userExists)
        /// Changing or removing a user who is not in the file.
        public static let userNotFound = Code(base: .userNotFound)
        /// The file does not exist.
        public static let fileNotFound = Code(base: .fileNotFound)
        /// Creating a file that already exists.
        public static let fileExists = Code(base: .fileExists)
        /// Any other I/O failure; `cause` has the system error.
        public static let io = Code(base: .io)
        /// A new password could not be hashed; `cause` is a `PasswordHashError`.
        public static let hashing = Code(base: .hashing)

        public var description: String { "\(base)" }
    }

    public var code: Code
    /// What is wrong and, where it helps, what to do.
    public var message: String
    /// The file concerned, when known.
    public var path: String?
    /// The 1-based line concerned, when known.
    public var line: Int?
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, path: String? = nil, line: Int? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.line = line
        self.cause = cause
    }

    public var description: String {
        var s = ""
        if let path { s += line.map { "\(path):\($0): " } ?? "\(path): " }
        s += message
        if let cause { s += " (\(cause))" }
        return s
    }
}
