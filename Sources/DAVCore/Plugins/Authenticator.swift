/// Decides who sent a request.
///
/// Authenticators are chained in the order of `auth.type`: the first one that answers
/// `.authenticated` or `.rejected` decides; `.notMine` passes the request to the next one. A
/// request that no authenticator accepts gets 401 with `WWW-Authenticate: Basic`.
///
/// ## Implementation requirements
/// - Answer `.notMine` for credentials of a kind you do not handle (a Basic-only plugin seeing a
///   Bearer token) and for user names you do not know, so a later plugin can try.
/// - Answer `.rejected` only when you own the identity and the proof is wrong.
/// - Compare secrets in constant time. Never log passwords or tokens.
/// - Slow hashing (bcrypt) must run off the caller's executor. Do not cache results yourself:
///   `CachingAuthenticator` wraps any authenticator with the login cache and failure delay.
/// - Throw only for internal failures (an unreadable file); those become 500 and are logged.
/// - A plugin that reads credentials from a header of its own (not `Authorization`) lists it in
///   `credentialHeaders`; otherwise the server takes such a request for an anonymous one and
///   never asks the chain.
public protocol Authenticator: Sendable {
    func authenticate(_ credentials: Credentials) async throws -> AuthResult

    /// Lower-cased names of the headers besides `Authorization` that carry this plugin's
    /// credentials (`x-api-key`). A request with a non-empty value in one is not anonymous.
    var credentialHeaders: Set<String> { get }

    /// The principal `credentials` already proved to be, when that is known without waiting
    /// (a login cached a moment ago); `nil` otherwise, and the server then calls `authenticate`.
    ///
    /// Called on an event loop to answer simple reads at once, so it must not block, suspend or
    /// do slow work (no hashing of passwords, no I/O). It never rejects: a `nil` only means
    /// "ask `authenticate`". Only answer what `authenticate` would answer for the same
    /// credentials right now. The default answers `nil`.
    func cachedPrincipal(for credentials: Credentials) -> Principal?
}

extension Authenticator {
    public var credentialHeaders: Set<String> { [] }

    public func cachedPrincipal(for credentials: Credentials) -> Principal? { nil }
}

/// An authenticator's verdict.
public enum AuthResult: Sendable, Hashable {
    case authenticated(Principal)
    case rejected
    case notMine
}

/// Several authenticators tried in order; itself an authenticator.
public struct AuthenticatorChain: Authenticator {
    public let members: [any Authenticator]

    public init(_ members: [any Authenticator]) { self.members = members }

    public var credentialHeaders: Set<String> { members.reduce(into: []) { $0.formUnion($1.credentialHeaders) } }

    public func authenticate(_ credentials: Credentials) async throws -> AuthResult {
        for member in members {
            let result = try await member.authenticate(credentials)
            if result != .notMine { return result }
        }
        return .notMine
    }
}
