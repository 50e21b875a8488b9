import DAVCore
import Foundation
import Testing
@testable import AuthPlugins

private func basic(_ user: String, _ password: String) -> Credentials {
    Credentials(basic: (username: user, password: password))
}

/// Hashes made with `htpasswd -nbB -C 5` and `htpasswd -nbm`.
private let aliceBcrypt = "alice:$2y$05$l3hIZRrW2GBPb7MiBbuvduAeLYKnsWi7j9oivadHRSf0N3VTmYvI.\n"  // "bcrypt y pw"
private let bobApr1 = "bob:$apr1$sxH4uxa/$G5DafnFsqJ9Kbofi9RAXy0\n"  // "s3cret!"

@Suite struct HtpasswdAuthenticatorTests {
    @Test func answersPerTheAuthenticatorContract() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        try (aliceBcrypt + bobApr1).write(toFile: path, atomically: true, encoding: .utf8)
        let auth = try HtpasswdAuthenticator(file: path)

        #expect(try await auth.authenticate(basic("alice", "bcrypt y pw")) == .authenticated(Principal(name: "alice")))
        #expect(try await auth.authenticate(basic("bob", "s3cret!")) == .authenticated(Principal(name: "bob")))
        #expect(try await auth.authenticate(basic("alice", "wrong")) == .rejected)
        #expect(try await auth.authenticate(basic("carol", "bcrypt y pw")) == .notMine)
        #expect(try await auth.authenticate(Credentials(bearer: "token")) == .notMine)
        #expect(try await auth.authenticate(Credentials()) == .notMine)
        #expect(auth.users == ["alice", "bob"])
    }

    @Test func plaintextEntriesNeedTheOption() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        try "carol:plain pw\n".write(toFile: path, atomically: true, encoding: .utf8)

        let strict = try HtpasswdAuthenticator(file: path)
        #expect(try await strict.authenticate(basic("carol", "plain pw")) == .rejected)
        let lax = try HtpasswdAuthenticator(file: path, allowPlaintext: true)
        #expect(try await lax.authenticate(basic("carol", "plain pw")) == .authenticated(Principal(name: "carol")))
        #expect(try await lax.authenticate(basic("carol", "plain")) == .rejected)
    }

    @Test func refusesToStartWithABrokenOrMissingFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        #expect { try HtpasswdAuthenticator(file: path) } throws: { ($0 as? HtpasswdError)?.code == .fileNotFound }

        try (aliceBcrypt + "garbage\n").write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: HtpasswdError.self) { try HtpasswdAuthenticator(file: path) }
        #expect(error?.description.hasPrefix("\(path):2: ") == true)
    }

    @Test func seesChangesToTheFile() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        try aliceBcrypt.write(toFile: path, atomically: true, encoding: .utf8)
        let auth = try HtpasswdAuthenticator(configuration: .init(file: path, reloadCheckInterval: .zero))
        #expect(try await auth.authenticate(basic("alice", "bcrypt y pw")) == .authenticated(Principal(name: "alice")))

        // An atomic rewrite (new inode), as `pocketdav user passwd` does it.
        try await HtpasswdFile.setPassword("alice", password: "new pw", at: path, cost: 4)
        #expect(try await auth.authenticate(basic("alice", "new pw")) == .authenticated(Principal(name: "alice")))
        #expect(try await auth.authenticate(basic("alice", "bcrypt y pw")) == .rejected)

        // An edit in place (same inode), as a text editor may do it.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(bobApr1.utf8))
        try handle.close()
        #expect(try await auth.authenticate(basic("alice", "new pw")) == .notMine)
        #expect(try await auth.authenticate(basic("bob", "s3cret!")) == .authenticated(Principal(name: "bob")))
    }

    @Test func keepsTheLastGoodCopyWhenAReloadFails() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        try aliceBcrypt.write(toFile: path, atomically: true, encoding: .utf8)
        let auth = try HtpasswdAuthenticator(configuration: .init(file: path, reloadCheckInterval: .zero))

        try (aliceBcrypt + bobApr1 + bobApr1).write(toFile: path, atomically: true, encoding: .utf8)  // duplicate user
        #expect(try await auth.authenticate(basic("alice", "bcrypt y pw")) == .authenticated(Principal(name: "alice")))
        #expect(try await auth.authenticate(basic("bob", "s3cret!")) == .notMine)

        try FileManager.default.removeItem(atPath: path)
        #expect(try await auth.authenticate(basic("alice", "bcrypt y pw")) == .authenticated(Principal(name: "alice")))

        try (aliceBcrypt + bobApr1).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try await auth.authenticate(basic("bob", "s3cret!")) == .authenticated(Principal(name: "bob")))
    }

    @Test func checksForChangesAtMostOncePerInterval() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        try aliceBcrypt.write(toFile: path, atomically: true, encoding: .utf8)
        let auth = try HtpasswdAuthenticator(configuration: .init(file: path, reloadCheckInterval: .seconds(3600)))
        try bobApr1.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try await auth.authenticate(basic("alice", "bcrypt y pw")) == .authenticated(Principal(name: "alice")))
        #expect(try await auth.authenticate(basic("bob", "s3cret!")) == .notMine)
    }

    @Test func thePrincipalCarriesTheSpellingFromTheFile() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        let precomposed = "jos\u{E9}"
        try "\(precomposed):s3cret\n".write(toFile: path, atomically: true, encoding: .utf8)
        let auth = try HtpasswdAuthenticator(file: path, allowPlaintext: true)
        let result = try await auth.authenticate(basic("jose\u{301}", "s3cret"))
        guard case .authenticated(let principal) = result else {
            Issue.record("expected a login, got \(result)")
            return
        }
        #expect(Array(principal.name.utf8) == Array(precomposed.utf8))
    }
}
