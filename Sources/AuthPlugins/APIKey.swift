import Crypto
import FoundationEssentials

/// API key secrets: how they are made, recognised and hashed.
///
/// A key is `pdk_` followed by 43 base64url characters: 256 bits from the system CSPRNG
/// (`getrandom(2)` on Linux). The prefix lets the authenticator tell its keys from other Bearer
/// tokens, and lets secret scanners find leaked keys. Only SHA-256 of the key is stored: unlike
/// passwords, keys are uniformly random and too long to guess, so a fast unsalted hash is enough
/// to make a stolen account store useless, and it keeps per-request lookups cheap.
public enum APIKey {
    /// The prefix of every key.
    public static let prefix = "pdk_"

    /// A new random key. Shown once to the operator; never stored.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes: [UInt8] = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + base64URL(bytes)
    }

    /// Whether `text` has the shape of a pocketdav key (prefix and 43 base64url characters).
    public static func looksLikeKey(_ text: String) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let body = text.utf8.dropFirst(prefix.utf8.count)
        return body.count == 43 && body.allSatisfy { alphabet.utf8.contains($0) }
    }

    /// The stored form of `key`: its SHA-256 digest.
    public static func digest(of key: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(key.utf8)))
    }

    private static let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

    /// Base64url without padding (RFC 4648 §5).
    static func base64URL(_ bytes: [UInt8]) -> String {
        String(Data(bytes).base64EncodedString().compactMap { c -> Character? in
            switch c {
            case "+": "-"
            case "/": "_"
            case "=": nil
            default: c
            }
        })
    }
}
