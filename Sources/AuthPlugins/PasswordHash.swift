import CCrypt
import Crypto

/// Checks passwords against stored hash strings and makes new bcrypt hashes.
///
/// Supported stored formats, strongest first (the ones `htpasswd`, `mkpasswd` and
/// `crypt(3)` write):
///
/// | Prefix | Format | Rating |
/// |---|---|---|
/// | `$y$` | yescrypt | Good: memory-hard. |
/// | `$2b$` `$2a$` `$2y$` | bcrypt | Good; only the first 72 bytes of the password count. |
/// | `$6$` `$5$` | sha512-crypt, sha256-crypt | Acceptable with the default 5000 rounds or more. |
/// | `$apr1$` | Apache MD5 (`htpasswd -m`, its default) | Weak: 1000 MD5 rounds are cheap to brute-force. |
/// | `$1$` | md5-crypt | Weak, as `$apr1$`. |
/// | anything else not starting with `$` or `{` | plain text | Only with `allowPlaintext`; see there. |
///
/// A string that starts with `$` or `{` but matches none of these (argon2, `{SHA}`, `$2x$`) is
/// never verifiable: it is not compared as plain text even when plain text is allowed, because
/// then anyone who could read the hash could log in by sending it as the password.
///
/// Both `verify` and `hashBcrypt` are deliberately slow and block the calling thread. In async
/// code, the `async` overloads in `PasswordHash+Async.swift` are chosen automatically and run the
/// work on a dispatch thread, off Swift's cooperative pool.
public enum PasswordHash {
    /// A recognised stored-hash format.
    public enum Format: Sendable, Hashable, CustomStringConvertible {
        case yescrypt
        case bcrypt
        case sha512Crypt
        case sha256Crypt
        case apr1
        case md5Crypt
        /// Not a hash: the stored string is the password itself.
        case plaintext

        public var description: String {
            switch self {
            case .yescrypt: "yescrypt"
            case .bcrypt: "bcrypt"
            case .sha512Crypt: "sha512-crypt"
            case .sha256Crypt: "sha256-crypt"
            case .apr1: "apr1-md5"
            case .md5Crypt: "md5-crypt"
            case .plaintext: "plain text"
            }
        }
    }

    /// The cost `hashBcrypt` uses unless told otherwise: 2^12 rounds, about a quarter of a second
    /// on a small server. The login cache (`CachingAuthenticator`) keeps this from being paid on
    /// every request.
    public static let defaultBcryptCost = 12

    /// The format of `stored`, or `nil` when it looks like a hash in a format pocketdav cannot
    /// check (it starts with `$` or `{` but has no supported prefix).
    public static func format(of stored: String) -> Format? {
        let prefixes: [(String, Format)] = [
            ("$y$", .yescrypt), ("$2b$", .bcrypt), ("$2a$", .bcrypt), ("$2y$", .bcrypt),
            ("$6$", .sha512Crypt), ("$5$", .sha256Crypt), ("$apr1$", .apr1), ("$1$", .md5Crypt),
        ]
        for (prefix, format) in prefixes where stored.hasPrefix(prefix) { return format }
        if stored.hasPrefix("$") || stored.hasPrefix("{") { return nil }
        return .plaintext
    }

    /// Whether `password` matches `stored`. Blocks for as long as the hash takes (bcrypt at cost 12:
    /// about 250 ms); from async code use the `async` overload.
    ///
    /// Returns `false`, never throws, for anything that cannot be verified: an unknown or damaged
    /// hash, plain text when `allowPlaintext` is off, a password containing NUL (C `crypt` would
    /// silently cut it there) or longer than libcrypt accepts (511 bytes).
    ///
    /// - Parameter allowPlaintext: compare a stored string that is not a hash as the password itself.
    ///   Off by default: a plain-text entry means anyone who can read the file, or a backup of it,
    ///   has every such password, and users reuse passwords elsewhere.
    public static func verify(_ password: String, against stored: String, allowPlaintext: Bool = false) -> Bool {
        guard let format = format(of: stored) else { return false }
        switch format {
        case .plaintext:
            guard allowPlaintext else { return false }
            // Comparing digests rather than the strings hides the stored password's length.
            return constantTimeEquals(SHA256.hash(data: Array(password.utf8)),
                                      SHA256.hash(data: Array(stored.utf8)))
        case .apr1:
            guard !password.utf8.contains(0), let computed = MD5Crypt.hash(password, setting: stored, magic: MD5Crypt.apr1Magic)
            else { return false }
            return constantTimeEquals(computed.utf8, stored.utf8)
        case .yescrypt, .bcrypt, .sha512Crypt, .sha256Crypt, .md5Crypt:
            guard let computed = try? crypt(password, setting: stored) else { return false }
            return constantTimeEquals(computed.utf8, stored.utf8)
        }
    }

    /// A new bcrypt (`$2b$`) hash of `password` with a fresh random salt, for writing to an
    /// htpasswd file. Blocks for as long as the hash takes; from async code use the `async`
    /// overload.
    ///
    /// bcrypt ignores everything after the first 72 bytes of the password.
    ///
    /// - Parameter cost: log2 of the rounds, 4...31. Each step doubles the time of every
    ///   uncached login.
    /// - Throws: `PasswordHashError` for a cost out of range, a password containing NUL or longer
    ///   than 511 bytes, or a libcrypt failure.
    public static func hashBcrypt(_ password: String, cost: Int = defaultBcryptCost) throws(PasswordHashError) -> String {
        guard (4...31).contains(cost) else {
            throw PasswordHashError(.invalidCost, "bcrypt cost must be between 4 and 31, not \(cost)")
        }
        var generator = SystemRandomNumberGenerator()
        let salt: [UInt8] = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let made = salt.withUnsafeBufferPointer { saltBytes in
            saltBytes.withMemoryRebound(to: CChar.self) { saltChars in
                crypt_gensalt_rn("$2b$", UInt(cost), saltChars.baseAddress, Int32(saltChars.count),
                                 &setting, Int32(setting.count))
            }
        }
        guard made != nil else {
            throw PasswordHashError(.cryptFailed, "libcrypt could not make a bcrypt salt")
        }
        let settingString = String(decoding: setting.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return try crypt(password, setting: settingString)
    }

    /// `crypt_rn` with a heap-allocated, wiped `struct crypt_data` (32 KiB: too big for a task's stack).
    static func crypt(_ password: String, setting: String) throws(PasswordHashError) -> String {
        guard !password.utf8.contains(0) else {
            throw PasswordHashError(.invalidPassword, "the password contains a NUL byte")
        }
        guard password.utf8.count < Int(CRYPT_MAX_PASSPHRASE_SIZE) else {
            throw PasswordHashError(.invalidPassword, "the password is longer than \(CRYPT_MAX_PASSPHRASE_SIZE - 1) bytes")
        }
        let size = MemoryLayout<crypt_data>.size
        let data = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<crypt_data>.alignment)
        data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer {
            // The scratch area holds password-derived state.
            data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            data.deallocate()
        }
        guard let output = crypt_rn(password, setting, data, Int32(size)) else {
            throw PasswordHashError(.cryptFailed, "libcrypt rejected the hash setting or the password")
        }
        return String(cString: output)
    }

    /// Compares two byte sequences in time that depends only on their lengths.
    static func constantTimeEquals(_ a: some Sequence<UInt8>, _ b: some Sequence<UInt8>) -> Bool {
        let a = Array(a), b = Array(b)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
