extension PasswordHash {
    /// Whether `password` matches `stored`, computed on a dispatch thread.
    ///
    /// Swift prefers this overload in async code, so a handler cannot block the cooperative pool
    /// by accident. Same semantics as the blocking `verify(_:against:allowPlaintext:)`.
    public static func verify(_ password: String, against stored: String, allowPlaintext: Bool = false) async -> Bool {
        await BlockingWork.run { verify(password, against: stored, allowPlaintext: allowPlaintext) as Bool }
    }

    /// A new bcrypt hash, computed on a dispatch thread. Same semantics and errors as the
    /// blocking `hashBcrypt(_:cost:)`.
    public static func hashBcrypt(_ password: String, cost: Int = defaultBcryptCost) async throws -> String {
        try await BlockingWork.run { () throws -> String in try hashBcrypt(password, cost: cost) }
    }
}
