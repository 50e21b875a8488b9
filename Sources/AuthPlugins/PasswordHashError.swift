/// Why `PasswordHash.hashBcrypt` could not make a hash.
public struct PasswordHashError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: Hashable, Sendable { case invalidCost, invalidPassword, cryptFailed }
        let base: Base

        /// The bcrypt cost is outside 4...31.
        public static let invalidCost = Code(base: .invalidCost)
        /// The password contains a NUL byte or is too long for libcrypt (511 bytes).
        public static let invalidPassword = Code(base: .invalidPassword)
        /// libcrypt failed (out of memory, or a damaged setting).
        public static let cryptFailed = Code(base: .cryptFailed)

        public var description: String { "\(base)" }
    }

    public var code: Code
    /// What went wrong; never contains the password.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "PasswordHashError(\(code)): \(message)" }
}
