/// What a request offers to prove who sent it.
public struct Credentials: Sendable {
    /// The user name and password of an `Authorization: Basic` header, decoded.
    public var basic: (username: String, password: String)?
    /// The token of an `Authorization: Bearer` header.
    public var bearer: String?
    /// All request headers, names lower-cased (for API-key and proxy-header plugins).
    public var headers: [String: String]
    /// The peer address, when known (`127.0.0.1`).
    public var remoteAddress: String?
    /// Whether the request arrived over TLS on this listener.
    public var isSecure: Bool
    /// Lower-cased names of the headers the configured authenticators read credentials from
    /// (`Authenticator.credentialHeaders`: an API key, a proxy's user header). The server fills it.
    public var credentialHeaders: Set<String>

    public init(basic: (username: String, password: String)? = nil, bearer: String? = nil,
                headers: [String: String] = [:], remoteAddress: String? = nil, isSecure: Bool = false,
                credentialHeaders: Set<String> = []) {
        self.basic = basic
        self.bearer = bearer
        self.headers = headers
        self.remoteAddress = remoteAddress
        self.isSecure = isSecure
        self.credentialHeaders = credentialHeaders
    }

    /// Whether the request carries anything an authenticator could check: Basic, Bearer, or a
    /// non-empty value in one of `credentialHeaders`. Only declared headers count, so an
    /// anonymous client that happens to send other headers still reads public collections.
    public var isEmpty: Bool {
        basic == nil && bearer == nil && !credentialHeaders.contains { headers[$0]?.isEmpty == false }
    }
}
