import Testing
@testable import AuthPlugins

/// Hashes made with real tools when these tests were written:
/// `htpasswd -nbB -C 5` (2y), `htpasswd -nbm` (apr1), `mkpasswd -m bcrypt-a|bcrypt -R 5`,
/// `mkpasswd -m sha-512|sha-256|yescrypt|md5`.
struct Fixture: Sendable, CustomStringConvertible {
    var hash: String
    var password: String
    var format: PasswordHash.Format
    var description: String { "\(format)" }
}

let fixtures: [Fixture] = [
    Fixture(hash: "$2y$05$l3hIZRrW2GBPb7MiBbuvduAeLYKnsWi7j9oivadHRSf0N3VTmYvI.", password: "bcrypt y pw", format: .bcrypt),
    Fixture(hash: "$2a$05$r0/cP4rXqswhrKYmDC/3fupOZVcGSc68pXo53WIFFXxExEbg8Hy3i", password: "bcrypt a pw", format: .bcrypt),
    Fixture(hash: "$2b$05$dhaqDl4PDH2v6A64KKm51.GD/mxuoAwIu.Y9BkO5xezY.lXHfbgxO", password: "bcrypt b pw", format: .bcrypt),
    Fixture(hash: "$6$257dDKdzinpZMLCH$14q5BCcOxVED1ELTL2RFxinkHlBI8lZVlE//dkYiGAb/V4cjhadZT0WqmK7rHbP89X7.CohAPihowkw/rABv.1",
            password: "sha512 pw", format: .sha512Crypt),
    Fixture(hash: "$5$oNJ3S3aVXSj/GdaB$x/ROKjJ0/fOmAyKH7aqdrG/Mtr5t/5Ue5PxLSjm3AO/", password: "sha256 pw", format: .sha256Crypt),
    Fixture(hash: "$y$j9T$3RQQMJ0oUlP7D53Cg/JGj/$CDuCBql7mwXxUV1rVrqqhoY4gbzBIrvHzii/kExubK8", password: "yes pw", format: .yescrypt),
    Fixture(hash: "$1$OmuTarbt$b/yGhbCXnx4E9nzSN82KT.", password: "md5 pw", format: .md5Crypt),
    Fixture(hash: "$apr1$sxH4uxa/$G5DafnFsqJ9Kbofi9RAXy0", password: "s3cret!", format: .apr1),
    Fixture(hash: "$apr1$MgSBjeJX$.1c1KxRUMp4VcfZzPfDwh/", password: "pässwörd", format: .apr1),
    Fixture(hash: "$apr1$eoK5oCZQ$2F4XyYlZ9gHR659RYU/1C1", password: "a much longer password than sixteen bytes, really",
            format: .apr1),
    Fixture(hash: "$apr1$TFco5Dnd$QVuCQkMsDaI.L9Mo3dJJf0", password: "", format: .apr1),
]

@Suite struct PasswordHashTests {
    @Test(arguments: fixtures)
    func verifiesTheRightPasswordAndRejectsWrongOnes(_ fixture: Fixture) {
        #expect(PasswordHash.format(of: fixture.hash) == fixture.format)
        #expect(PasswordHash.verify(fixture.password, against: fixture.hash))
        #expect(!PasswordHash.verify(fixture.password + "x", against: fixture.hash))
        #expect(!PasswordHash.verify("wrong", against: fixture.hash))
        #expect(!PasswordHash.verify(fixture.password.uppercased() + "!", against: fixture.hash))
    }

    @Test func damagedHashesDoNotVerify() {
        // Truncated, altered in the checksum, altered in the salt.
        #expect(!PasswordHash.verify("bcrypt y pw", against: "$2y$05$l3hIZRrW2GBPb7MiBbuvduAeLYKnsWi7j9oivadHRSf0N3VTmYvI"))
        #expect(!PasswordHash.verify("sha256 pw", against: "$5$oNJ3S3aVXSj/GdaB$x/ROKjJ0/fOmAyKH7aqdrG/Mtr5t/5Ue5PxLSjm3AO."))
        #expect(!PasswordHash.verify("s3cret!", against: "$apr1$sxH4uxa.$G5DafnFsqJ9Kbofi9RAXy0"))
        #expect(!PasswordHash.verify("s3cret!", against: "$apr1$"))
        #expect(!PasswordHash.verify("", against: "$2b$"))
    }

    @Test func apr1MatchesLibcryptForTheSharedMD5Algorithm() throws {
        // `$apr1$` is md5-crypt with another magic string, so the Swift implementation must agree
        // with libcrypt's `$1$` on every password length around the 16-byte digest boundary.
        for length in [0, 1, 7, 15, 16, 17, 31, 32, 33, 64] {
            let password = String(repeating: "pw!", count: 22).prefix(length)
            let setting = "$1$abcdEFGH"
            let expected = try PasswordHash.crypt(String(password), setting: setting)
            #expect(MD5Crypt.hash(String(password), setting: setting, magic: MD5Crypt.md5CryptMagic) == expected)
        }
    }

    @Test func plaintextIsRefusedUnlessEnabled() {
        #expect(PasswordHash.format(of: "hunter2") == .plaintext)
        #expect(!PasswordHash.verify("hunter2", against: "hunter2"))
        #expect(PasswordHash.verify("hunter2", against: "hunter2", allowPlaintext: true))
        #expect(!PasswordHash.verify("hunter3", against: "hunter2", allowPlaintext: true))
        #expect(!PasswordHash.verify("hunter", against: "hunter2", allowPlaintext: true))
    }

    @Test(arguments: ["$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
                      "$2x$05$abcdefghijklmnopqrstuu", "$unknown$x"])
    func unknownFormatsAreNeverPlaintext(_ stored: String) {
        #expect(PasswordHash.format(of: stored) == nil)
        #expect(!PasswordHash.verify(stored, against: stored, allowPlaintext: true))
    }

    @Test func passwordsWithNULDoNotVerifyAgainstTheirPrefix() {
        // C crypt would stop at the NUL and accept "bcrypt y pw" followed by anything.
        #expect(!PasswordHash.verify("bcrypt y pw\0extra", against: fixtures[0].hash))
        #expect(!PasswordHash.verify("s3cret!\0", against: "$apr1$sxH4uxa/$G5DafnFsqJ9Kbofi9RAXy0"))
    }

    @Test func hashBcryptMakesSaltedVerifiableHashes() throws {
        let first = try PasswordHash.hashBcrypt("new password", cost: 4)
        let second = try PasswordHash.hashBcrypt("new password", cost: 4)
        #expect(first.hasPrefix("$2b$04$"))
        #expect(first.count == 60)
        #expect(first != second)
        #expect(PasswordHash.verify("new password", against: first))
        #expect(!PasswordHash.verify("new passwore", against: first))
    }

    @Test func hashBcryptDefaultsToCost12() async throws {
        let hash = try await PasswordHash.hashBcrypt("slow")
        #expect(hash.hasPrefix("$2b$12$"))
        #expect(await PasswordHash.verify("slow", against: hash))
    }

    @Test func hashBcryptRefusesBadInput() {
        #expect(throws: PasswordHashError.self) { try PasswordHash.hashBcrypt("x", cost: 3) }
        #expect(throws: PasswordHashError.self) { try PasswordHash.hashBcrypt("x", cost: 32) }
        #expect(throws: PasswordHashError.self) { try PasswordHash.hashBcrypt("a\0b", cost: 4) }
        #expect(throws: PasswordHashError.self) { try PasswordHash.hashBcrypt(String(repeating: "x", count: 600), cost: 4) }
    }

    @Test func asyncOverloadsRunOffThePool() async throws {
        let results = await withTaskGroup(of: Bool.self) { group in
            for fixture in fixtures { group.addTask { await PasswordHash.verify(fixture.password, against: fixture.hash) } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == fixtures.count)
        #expect(results.allSatisfy { $0 })
    }
}
