import FoundationEssentials

/// One API key as stored: an `AccountStore` record of kind `.apiKey`, named by the key's name,
/// holding this value as JSON. Never the key itself.
public struct APIKeyRecord: Codable, Sendable, Hashable {
    /// Whom a key acts for.
    public enum Scope: Sendable, Hashable, CustomStringConvertible {
        /// Always this user.
        case user(String)
        /// A service acting for whichever user it names in the forwarded-user header.
        case service

        public var description: String {
            switch self {
            case .user(let name): "user \(name)"
            case .service: "service"
            }
        }
    }

    /// SHA-256 of the key, lower-case hex.
    public var sha256: String
    /// The user, or `nil` for a service key.
    public var user: String?
    /// Whether requests with this key may only read.
    public var readOnly: Bool
    public var created: Date

    public init(digest: [UInt8], scope: Scope, readOnly: Bool, created: Date = Date()) {
        self.sha256 = digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
        switch scope {
        case .user(let name): self.user = name
        case .service: self.user = nil
        }
        self.readOnly = readOnly
        self.created = created
    }

    public var scope: Scope { user.map(Scope.user) ?? .service }

    /// The digest as bytes, or `nil` when the stored hex is damaged.
    public var digest: [UInt8]? {
        let hex = Array(sha256.utf8)
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for i in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: hex[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    private enum CodingKeys: String, CodingKey {
        case sha256, user, readOnly = "read_only", created
    }
}

extension APIKeyRecord: AccountRecordValue {}
