import DAVCore
import Logging

/// Takes the user name from a header set by a reverse proxy that has already authenticated the
/// user (single sign-on, client certificates, an OAuth2 proxy).
///
/// **Threat model.** Anyone who can send a request with that header can be anyone. The header is
/// therefore believed only when the TCP peer (`Credentials.remoteAddress`) is one of
/// `trustedProxies`; the proxy must overwrite or strip the header on every request it forwards,
/// or its own clients can still choose their name. The listener must not be reachable other than
/// through those proxies, and if a proxy runs on this host, every local user can reach
/// pocketdav through loopback: list `127.0.0.1` only when that is acceptable.
///
/// Answers:
/// - `.notMine` without the header, or from an address that is not a trusted proxy (the header is
///   ignored and a warning is logged once per address per minute). With this plugin configured
///   the header counts as a credential (`credentialHeaders`), so such a request is not served
///   anonymously either: when no other plugin accepts it, it gets 401.
/// - `.rejected` when a trusted proxy sends a name that fails `UserName.isValid` (the proxy's
///   naming does not fit pocketdav's paths; it must not be mapped to some other user).
/// - `.authenticated(Principal(name:))` otherwise.
public struct RemoteUserAuthenticator: Authenticator {
    /// Settings.
    public struct Configuration: Sendable {
        /// The header carrying the user name (default `X-Remote-User`).
        public var header: String
        /// The proxies whose header is believed. Empty means the header is never believed (the
        /// configuration refuses that, since the plugin would then be useless).
        public var trustedProxies: [PeerAddress]

        public init(header: String = "X-Remote-User", trustedProxies: [PeerAddress]) {
            self.header = header
            self.trustedProxies = trustedProxies
        }
    }

    public let configuration: Configuration
    private let headerName: String
    private let trusted: Set<PeerAddress>
    private let logger: Logger
    private let throttle = WarningThrottle()

    public init(configuration: Configuration, logger: Logger = Logger(label: "pocketdav.auth.remote_user")) {
        self.configuration = configuration
        self.headerName = configuration.header.lowercased()
        self.trusted = Set(configuration.trustedProxies)
        self.logger = logger
    }

    public var credentialHeaders: Set<String> { [headerName] }

    public func authenticate(_ credentials: Credentials) async throws -> AuthResult {
        guard let name = credentials.headers[headerName], !name.isEmpty else { return .notMine }
        let peer = credentials.remoteAddress ?? "unknown"
        guard let address = credentials.remoteAddress.flatMap(PeerAddress.init), trusted.contains(address) else {
            if throttle.shouldWarn(about: peer) {
                logger.warning("Ignoring the remote-user header from an address that is not a trusted proxy",
                               metadata: ["header": "\(configuration.header)", "peer": "\(peer)"])
            }
            return .notMine
        }
        guard UserName.isValid(name) else {
            logger.notice("A trusted proxy sent a user name pocketdav does not accept",
                          metadata: ["peer": "\(peer)", "length": "\(name.utf8.count)"])
            return .rejected
        }
        return .authenticated(Principal(name: name))
    }
}
