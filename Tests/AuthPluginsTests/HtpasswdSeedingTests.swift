import Foundation
import Testing
@testable import AuthPlugins

@Suite struct HtpasswdSeedingTests {
    @Test func createsTheFileFromTheEnvironment() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("data/htpasswd")
        let result = try await HtpasswdSeeding.seedIfMissing(
            path: path, environment: ["ADMIN_USER": "admin", "ADMIN_PASSWORD": "first start"], cost: 4)

        #expect(result == .created(user: "admin"))
        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        #expect(try TemporaryDirectory.mode(of: dir.file("data")) == 0o700)
        let file = try await HtpasswdFile.load(from: path)
        #expect(file.users == ["admin"])
        let hash = try #require(file.entry(for: "admin")?.hash)
        #expect(PasswordHash.format(of: hash) == .bcrypt)
        #expect(PasswordHash.verify("first start", against: hash))
    }

    @Test func leavesAnExistingFileAlone() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        try "".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await HtpasswdSeeding.seedIfMissing(
            path: path, environment: ["ADMIN_USER": "admin", "ADMIN_PASSWORD": "x"], cost: 4)
        #expect(result == .existed)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "")
    }

    @Test func describesWhatItDid() {
        #expect("\(HtpasswdSeeding.Outcome.created(user: "admin"))" == "created with user \"admin\"")
        #expect("\(HtpasswdSeeding.Outcome.skipped(missing: ["ADMIN_USER", "ADMIN_PASSWORD"]))"
            == "missing, not created: ADMIN_USER and ADMIN_PASSWORD not set")
    }

    @Test func skipsWithoutBothVariables() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        #expect(try await HtpasswdSeeding.seedIfMissing(path: path, environment: [:], cost: 4)
            == .skipped(missing: ["ADMIN_USER", "ADMIN_PASSWORD"]))
        #expect(try await HtpasswdSeeding.seedIfMissing(path: path, environment: ["ADMIN_USER": "admin", "ADMIN_PASSWORD": ""], cost: 4)
            == .skipped(missing: ["ADMIN_PASSWORD"]))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func refusesAnInvalidUserName() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        await #expect {
            try await HtpasswdSeeding.seedIfMissing(path: path, environment: ["ADMIN_USER": "ad:min", "ADMIN_PASSWORD": "x"], cost: 4)
        } throws: { ($0 as? HtpasswdError)?.code == .invalidUserName }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
