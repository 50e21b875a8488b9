/// A request, independent of the HTTP framework. The adapter builds it; tests build it directly.
public struct DAVRequest: Sendable {
    /// The method, upper case (`PROPFIND`).
    public var method: String
    /// The path part of the request target, still percent-encoded; decoded once by the server.
    public var rawPath: String
    /// Headers with lower-cased names; repeated headers joined with ", ".
    public var headers: [String: String]
    public var body: [UInt8]
    public var remoteAddress: String?
    public var isSecure: Bool

    public init(method: String, path: String, headers: [String: String] = [:], body: [UInt8] = [],
                remoteAddress: String? = nil, isSecure: Bool = false) {
        self.method = method.utf8.contains(where: Self.isLowercaseASCII) ? method.uppercased() : method
        // Searched by byte: a Character search walks grapheme clusters (every request comes here).
        if let q = path.utf8.firstIndex(of: UInt8(ascii: "?")) { self.rawPath = String(path[..<q]) } else { self.rawPath = path }
        // HTTP adapters already lower-case names; rebuild the dictionary only when one is not.
        if headers.keys.contains(where: { $0.utf8.contains(where: Self.isUppercaseASCII) }) {
            var lowered: [String: String] = [:]
            for (k, v) in headers { lowered[k.lowercased()] = v }
            self.headers = lowered
        } else {
            self.headers = headers
        }
        self.body = body
        self.remoteAddress = remoteAddress
        self.isSecure = isSecure
    }

    public func header(_ name: String) -> String? {
        headers[name.utf8.contains(where: Self.isUppercaseASCII) ? name.lowercased() : name]
    }

    private static func isLowercaseASCII(_ b: UInt8) -> Bool { b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
    private static func isUppercaseASCII(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
}
