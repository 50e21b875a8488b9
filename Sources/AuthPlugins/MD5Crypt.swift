import Crypto

/// The MD5-based crypt scheme (Poul-Henning Kamp's md5-crypt), which Apache's `$apr1$` reuses
/// with a different magic string. Implemented here because libcrypt knows `$1$` but not `$apr1$`.
///
/// Only for verifying existing entries: the scheme is fast enough to brute-force, so pocketdav
/// never writes it.
enum MD5Crypt {
    static let apr1Magic = "$apr1$"
    static let md5CryptMagic = "$1$"

    private static let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// The full hash string (`<magic><salt>$<22 characters>`) of `password` with the salt taken
    /// from `setting`, or `nil` when `setting` does not start with `magic`.
    static func hash(_ password: String, setting: String, magic: String) -> String? {
        guard setting.hasPrefix(magic) else { return nil }
        // The salt runs to the next `$` and counts at most 8 characters.
        let salt = Array(setting.utf8.dropFirst(magic.utf8.count).prefix { $0 != UInt8(ascii: "$") }.prefix(8))
        let password = Array(password.utf8)
        let magicBytes = Array(magic.utf8)

        var alternate = Insecure.MD5()
        alternate.update(data: password)
        alternate.update(data: salt)
        alternate.update(data: password)
        let alternateDigest = Array(alternate.finalize())

        var context = Insecure.MD5()
        context.update(data: password)
        context.update(data: magicBytes)
        context.update(data: salt)
        var remaining = password.count
        while remaining > 0 {
            context.update(data: alternateDigest.prefix(min(16, remaining)))
            remaining -= 16
        }
        // The original C code meant to add a digest byte here but added the first byte of a
        // zeroed buffer instead; every implementation keeps the quirk for compatibility.
        var bits = password.count
        while bits != 0 {
            context.update(data: bits & 1 == 1 ? [0] : [password[0]])
            bits >>= 1
        }
        var digest = Array(context.finalize())

        for round in 0..<1000 {
            var step = Insecure.MD5()
            step.update(data: round & 1 == 1 ? password : digest)
            if round % 3 != 0 { step.update(data: salt) }
            if round % 7 != 0 { step.update(data: password) }
            step.update(data: round & 1 == 1 ? digest : password)
            digest = Array(step.finalize())
        }

        var encoded: [UInt8] = magicBytes + salt + [UInt8(ascii: "$")]
        let groups: [(Int, Int, Int)] = [(0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5)]
        for (a, b, c) in groups {
            let value = UInt32(digest[a]) << 16 | UInt32(digest[b]) << 8 | UInt32(digest[c])
            append(value, characters: 4, to: &encoded)
        }
        append(UInt32(digest[11]), characters: 2, to: &encoded)
        return String(decoding: encoded, as: UTF8.self)
    }

    /// Appends the low `characters × 6` bits of `value`, least significant first.
    private static func append(_ value: UInt32, characters: Int, to out: inout [UInt8]) {
        var value = value
        for _ in 0..<characters {
            out.append(alphabet[Int(value & 0x3F)])
            value >>= 6
        }
    }
}
