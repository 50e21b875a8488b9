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

    public init(basic: (username: String, password: String)? = nil, bearer: String? = nil,
                headers: [String: String] = [:], remoteAddress: String? = nil, isSecure: Bool = false) {
        self.basic = basic
        self.bearer = bearer
        self.headers = headers
        self.remoteAddress = remoteAddress
        self.isSecure = isSecure
    }

    /// Whether the request carries anything an authenticator could check.
    public var isEmpty: Bool { basic == nil && bearer == nil }
}
