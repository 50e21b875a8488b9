import CGit2
import DAVCore
import Glibc

/// A git object id (SHA-1, 20 bytes). Hashable, so content-addressed caches can key on it.
struct GitOID: Hashable, Sendable, CustomStringConvertible {
    let raw: git_oid

    init(_ raw: git_oid) { self.raw = raw }

    /// Parses 40 hex digits; `nil` for anything else (no abbreviations). Pure Swift: sync
    /// tokens are parsed with it, and libgit2 is loaded only by an open repository.
    init?(hex: some StringProtocol) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var oid = git_oid()
        let parsed = withUnsafeMutableBytes(of: &oid.id) { bytes in
            for i in 0..<20 {
                guard let high = digits[2 * i].hexDigitValue, let low = digits[2 * i + 1].hexDigitValue
                else { return false }
                bytes[i] = high << 4 | low
            }
            return true
        }
        guard parsed else { return nil }
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
}
