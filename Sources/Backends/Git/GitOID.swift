import CGit2
import Glibc

/// A git object id (SHA-1, 20 bytes). Hashable, so content-addressed caches can key on it.
struct GitOID: Hashable, Sendable, CustomStringConvertible {
    let raw: git_oid

    init(_ raw: git_oid) { self.raw = raw }

    /// Parses 40 hex digits; `nil` for anything else (no abbreviations).
    init?(hex: some StringProtocol) {
        let text = String(hex)
        guard text.utf8.count == 40, text.utf8.allSatisfy(Self.isHexDigit) else { return nil }
        var oid = git_oid()
        guard git_oid_fromstrn(&oid, text, 40) == 0 else { return nil }
        raw = oid
    }

    static func == (lhs: GitOID, rhs: GitOID) -> Bool {
        // Hot (every cache lookup compares ids): one memcmp, not a byte-wise generic loop.
        withUnsafeBytes(of: lhs.raw.id) { l in
            withUnsafeBytes(of: rhs.raw.id) { r in memcmp(l.baseAddress!, r.baseAddress!, l.count) == 0 }
        }
    }

    func hash(into hasher: inout Hasher) {
        withUnsafeBytes(of: raw.id) { hasher.combine(bytes: $0) }
    }

    /// Lower-case hex, as git prints it.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        return withUnsafeBytes(of: raw.id) { bytes in
            String(unsafeUninitializedCapacity: 40) { out in
                for (i, byte) in bytes.enumerated() {
                    out[2 * i] = digits[Int(byte >> 4)]
                    out[2 * i + 1] = digits[Int(byte & 0xF)]
                }
                return 40
            }
        }
    }

    /// The first seven hex digits, for people.
    var short: String { String(hex.prefix(7)) }

    var description: String { hex }

    private static func isHexDigit(_ c: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(c)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(c)
    }
}
