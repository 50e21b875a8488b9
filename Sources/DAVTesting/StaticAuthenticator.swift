import DAVCore

/// An authenticator over a fixed user table, for tests that are not about authentication.
public struct StaticAuthenticator: Authenticator {
    public let users: [String: String]

    public init(_ users: [String: String]) { self.users = users }

    public func authenticate(_ credentials: Credentials) async throws -> AuthResult {
        guard let basic = credentials.basic, let expected = users[basic.username] else { return .notMine }
        return expected == basic.password ? .authenticated(Principal(name: basic.username)) : .rejected
    }
}
