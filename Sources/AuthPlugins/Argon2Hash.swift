import CArgon2

/// argon2id password hashes (RFC 9106) in the PHC string format (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`),
/// over Debian's libargon2.
///
/// Used by trust-on-first-use accounts when `[auth.tofu] hash = "argon2"`. Memory-hard, so a
/// stolen account store costs an attacker more per guess than bcrypt; it also costs this server
/// `memoryKiB` per login being checked at once (the login cache keeps that rare).
///
/// Both functions block; call them from `BlockingWork`.
public enum Argon2Hash {
    /// Parameters for new hashes: OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane), sized
    /// for a small server where several logins may be checked at once.
    public static let memoryKiB: UInt32 = 19 * 1024
    public static let iterations: UInt32 = 2
    public static let parallelism: UInt32 = 1
    static let saltLength = 16
    static let hashLength = 32

    /// Whether `stored` is an argon2 PHC string this type can verify.
    public static func isArgon2(_ stored: String) -> Bool {
        variant(of: stored) != nil
    }

    /// A new argon2id hash of `password` with a fresh random salt.
    public static func hash(_ password: String) throws(PasswordHashError) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt: [UInt8] = (0..<saltLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let length = argon2_encodedlen(iterations, memoryKiB, parallelism, UInt32(saltLength), UInt32(hashLength), Argon2_id)
        var encoded = [CChar](repeating: 0, count: length)
        let password = Array(password.utf8)
        let status = argon2id_hash_encoded(iterations, memoryKiB, parallelism, password, password.count,
                                           salt, salt.count, hashLength, &encoded, encoded.count)
        guard status == ARGON2_OK.rawValue else {
            throw PasswordHashError(.cryptFailed, "libargon2 failed: \(String(cString: argon2_error_message(status)))")
        }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `password` matches the argon2 PHC string `stored`; `false` for anything that is not
    /// one. libargon2 compares the digests in constant time.
    public static func verify(_ password: String, against stored: String) -> Bool {
        guard let type = variant(of: stored) else { return false }
        let password = Array(password.utf8)
        return argon2_verify(stored, password, password.count, type) == ARGON2_OK.rawValue
    }

    private static func variant(of stored: String) -> argon2_type? {
        if stored.hasPrefix("$argon2id$") { return Argon2_id }
        if stored.hasPrefix("$argon2i$") { return Argon2_i }
        if stored.hasPrefix("$argon2d$") { return Argon2_d }
        return nil
    }
}
