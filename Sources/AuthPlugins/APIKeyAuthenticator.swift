import DAVCore
import Logging

/// Authenticates services and scripts by API key (`pocketdav apikey create`).
///
/// The key comes in `Configuration.header` (default `X-Api-Key`) or as `Authorization: Bearer`.
/// A user key acts as its user; the forwarded-user header is ignored. A service key acts as the
/// user named in `Configuration.userHeader` (default `X-Forwarded-User`). A read-only key yields
/// a principal with `isReadOnly`, which the server cuts down to `Permissions.readOnly`.
///
/// **Threat model.** A key is a bearer secret: whoever holds it is its user, and whoever holds a
/// *service* key is every user, including administrators. Give services read-only keys where
/// they only read, and user keys where they act for one person. Keys are refused on an insecure
/// request (`Credentials.isInsecure`: no TLS from a non-loopback peer) unless
/// `allowInsecure`, because a key sent in clear text can be replayed for ever. Revocation takes
/// effect within `refreshInterval` (see `APIKeyIndex`).
///
/// Answers:
/// - `.notMine` without a key, and for a Bearer token that is not shaped like a pocketdav key
///   (another plugin's token);
/// - `.rejected` for a value in the key header that is not a current key, for any key on an
///   insecure request, and for a service key without a valid `UserName` in the user header;
/// - `.authenticated` otherwise.
public final class APIKeyAuthenticator: Authenticator {
    /// Settings (`[auth.api_key]`).
    public struct Configuration: Sendable {
        /// The header carrying the key (default `X-Api-Key`).
        public var header: String
        /// The header naming the user a service key acts for (default `X-Forwarded-User`).
        public var userHeader: String
        /// Accept keys on insecure requests (default `false`). Risk: anyone on the network path
        /// sees the key and can use it until it is revoked.
        public var allowInsecure: Bool
        /// The longest a revoked key keeps working (default 5 s): the index is reloaded this often.
        public var refreshInterval: Duration

        public init(header: String = "X-Api-Key", userHeader: String = "X-Forwarded-User", allowInsecure: Bool = false,
                    refreshInterval: Duration = .seconds(5)) {
            self.header = header
            self.userHeader = userHeader
            self.allowInsecure = allowInsecure
            self.refreshInterval = refreshInterval
        }
    }

    public let configuration: Configuration
    private let headerName: String
    private let userHeaderName: String
    private let index: APIKeyIndex
    private let logger: Logger
    private let throttle = WarningThrottle()

    public init(configuration: Configuration = Configuration(), store: any AccountStore,
                logger: Logger = Logger(label: "pocketdav.auth.api_key"),
                now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.configuration = configuration
        self.headerName = configuration.header.lowercased()
        self.userHeaderName = configuration.userHeader.lowercased()
        self.index = APIKeyIndex(store: store, maxAge: configuration.refreshInterval,
                                 missReloadInterval: .seconds(1), now: now, logger: logger)
        self.logger = logger
    }

    public var credentialHeaders: Set<String> { [headerName] }

    public func authenticate(_ credentials: Credentials) async throws -> AuthResult {
        let key: String
        if let value = credentials.headers[headerName], !value.isEmpty {
            key = value
        } else if let bearer = credentials.bearer, APIKey.looksLikeKey(bearer) {
            key = bearer
        } else {
            return .notMine
        }
        if throttle.refusesInsecure(credentials, allowInsecure: configuration.allowInsecure, logger: logger,
                                    what: "an API key (revoke it if it was real)") {
            return .rejected
        }
        guard APIKey.looksLikeKey(key), let entry = try await index.lookup(APIKey.digest(of: key)) else {
            return .rejected
        }
        let readOnly = entry.record.readOnly
        switch entry.record.scope {
        case .user(let user):
            return .authenticated(Principal(name: user, isReadOnly: readOnly, isDelegated: true))
        case .service:
            guard let user = credentials.headers[userHeaderName], UserName.isValid(user) else {
                logger.notice("Service API key without a valid user header",
                              metadata: ["key_name": "\(entry.name)", "header": "\(configuration.userHeader)"])
                return .rejected
            }
            logger.debug("Service API key acting for a user", metadata: ["key_name": "\(entry.name)", "for": "\(user)"])
            return .authenticated(Principal(name: user, isReadOnly: readOnly, isDelegated: true))
        }
    }
}
