import Foundation
import Testing
@testable import AuthPlugins

@Suite struct HtpasswdFileParsingTests {
    @Test func parsesEntriesAndSkipsCommentsAndBlankLines() throws {
        let text = "# users\n\nalice:$2y$05$l3hIZRrW2GBPb7MiBbuvduAeLYKnsWi7j9oivadHRSf0N3VTmYvI.\r\n   # indented comment\n"
            + "bob:$apr1$sxH4uxa/$G5DafnFsqJ9Kbofi9RAXy0  \n\t\nuser@example.com:pa:ss"
        let file = try HtpasswdFile(path: "/etc/htpasswd", text: text)
        #expect(file.users == ["alice", "bob", "user@example.com"])
        #expect(file.entry(for: "alice")?.hash == "$2y$05$l3hIZRrW2GBPb7MiBbuvduAeLYKnsWi7j9oivadHRSf0N3VTmYvI.")
        #expect(file.entry(for: "bob")?.hash == "$apr1$sxH4uxa/$G5DafnFsqJ9Kbofi9RAXy0")
        // Split at the first ':' only.
        #expect(file.entry(for: "user@example.com")?.hash == "pa:ss")
        #expect(file.entry(for: "carol") == nil)
    }

    @Test func keepsCommentsWhenRewriting() throws {
        var file = try HtpasswdFile(path: "h", text: "# keep me\nalice:x\n\nbob:y\n")
        try file.remove(user: "alice")
        try file.add(HtpasswdFile.Entry(user: "carol", hash: "z"))
        #expect(file.text == "# keep me\n\nbob:y\ncarol:z\n")
    }

    @Test(arguments: [
        ("alice:x\nbob:y\nno colon here\n", 3),
        ("alice:x\n:hash\n", 2),
        ("alice:\n", 1),
        ("alice:x\nbob:   \n", 2),
    ])
    func malformedLinesAreNamed(_ text: String, _ line: Int) {
        let error = #expect(throws: HtpasswdError.self) { try HtpasswdFile(path: "/etc/pocketdav/htpasswd", text: text) }
        #expect(error?.line == line)
        #expect(error?.path == "/etc/pocketdav/htpasswd")
        #expect(error?.description.hasPrefix("/etc/pocketdav/htpasswd:\(line): ") == true)
        #expect(error?.code == .malformedLine || error?.code == .invalidUserName)
    }

    @Test func errorsNeverQuoteTheLine() {
        // A line without ':' may be a bare password pasted by mistake.
        let error = #expect(throws: HtpasswdError.self) { try HtpasswdFile(path: "f", text: "mysecretpassword\n") }
        #expect(error?.description.contains("mysecretpassword") == false)
    }

    @Test func invalidUTF8IsNamed() {
        let bytes: [UInt8] = Array("alice:x\n".utf8) + [0x62, 0x6F, 0xFF, 0x3A, 0x79, 0x0A]
        let error = #expect(throws: HtpasswdError.self) { try HtpasswdFile(path: "f", contents: bytes) }
        #expect(error?.code == .malformedLine)
        #expect(error?.line == 2)
    }

    @Test func duplicateUsersAreAnError() {
        let error = #expect(throws: HtpasswdError.self) {
            try HtpasswdFile(path: "/srv/htpasswd", text: "alice:x\n# c\nbob:y\nalice:z\n")
        }
        #expect(error?.code == .duplicateUser)
        #expect(error?.line == 4)
        #expect(error?.message.contains("line 1") == true)
        #expect(error?.description.hasPrefix("/srv/htpasswd:4: ") == true)
    }

    @Test func invalidUserNamesInTheFileAreNamed() {
        let error = #expect(throws: HtpasswdError.self) { try HtpasswdFile(path: "f", text: "alice:x\n../etc:y\n") }
        #expect(error?.code == .invalidUserName)
        #expect(error?.line == 2)
    }

    @Test(arguments: ["alice", "user@example.com", "Jöran", "a b", String(repeating: "x", count: 64)])
    func acceptsUserNames(_ name: String) throws {
        try HtpasswdFile.validate(userName: name)
    }

    @Test(arguments: ["", "a:b", "a/b", "a\\b", ".hidden", "..", "tab\tname", "nl\nname", "del\u{7F}",
                      String(repeating: "x", count: 65), String(repeating: "é", count: 33)])
    func refusesUserNames(_ name: String) {
        let error = #expect(throws: HtpasswdError.self) { try HtpasswdFile.validate(userName: name) }
        #expect(error?.code == .invalidUserName)
    }

    @Test func editingChecksExistence() throws {
        var file = try HtpasswdFile(path: "f", text: "alice:x\n")
        #expect { try file.add(HtpasswdFile.Entry(user: "alice", hash: "y")) } throws: { ($0 as? HtpasswdError)?.code == .userExists }
        #expect { try file.remove(user: "bob") } throws: { ($0 as? HtpasswdError)?.code == .userNotFound }
        #expect { try file.setHash(user: "bob", hash: "y") } throws: { ($0 as? HtpasswdError)?.code == .userNotFound }
        #expect { try file.add(HtpasswdFile.Entry(user: "bob", hash: "a\nb")) } throws: { ($0 as? HtpasswdError)?.code == .malformedLine }
        #expect { try file.add(HtpasswdFile.Entry(user: "bo:b", hash: "y")) } throws: { ($0 as? HtpasswdError)?.code == .invalidUserName }
        try file.setPassword(user: "alice", password: "new", cost: 4)
        #expect(PasswordHash.verify("new", against: file.entry(for: "alice")!.hash))
    }
}

@Suite struct HtpasswdFileDiskTests {
    @Test func addUserCreatesA0600FileInA0700Directory() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("conf/users/htpasswd")
        try await HtpasswdFile.addUser("alice", password: "pw one", at: path, cost: 4)

        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        #expect(try TemporaryDirectory.mode(of: dir.file("conf/users")) == 0o700)
        let file = try await HtpasswdFile.load(from: path)
        #expect(file.users == ["alice"])
        #expect(file.entry(for: "alice")!.hash.hasPrefix("$2b$04$"))
        #expect(PasswordHash.verify("pw one", against: file.entry(for: "alice")!.hash))
    }

    @Test func addSetRemoveList() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        try await HtpasswdFile.addUser("alice", password: "a", at: path, cost: 4)
        try await HtpasswdFile.addUser("bob", password: "b", at: path, cost: 4)
        #expect(try await HtpasswdFile.listUsers(at: path) == ["alice", "bob"])

        await #expect { try await HtpasswdFile.addUser("alice", password: "again", at: path, cost: 4) } throws: {
            ($0 as? HtpasswdError)?.code == .userExists
        }
        try await HtpasswdFile.setPassword("alice", password: "a2", at: path, cost: 4)
        let hash = try await HtpasswdFile.load(from: path).entry(for: "alice")!.hash
        #expect(PasswordHash.verify("a2", against: hash))
        #expect(!PasswordHash.verify("a", against: hash))

        try await HtpasswdFile.removeUser("bob", at: path)
        #expect(try await HtpasswdFile.listUsers(at: path) == ["alice"])
        await #expect { try await HtpasswdFile.removeUser("bob", at: path) } throws: {
            ($0 as? HtpasswdError)?.code == .userNotFound
        }
        await #expect { try await HtpasswdFile.setPassword("carol", password: "x", at: path, cost: 4) } throws: {
            ($0 as? HtpasswdError)?.code == .userNotFound
        }
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["htpasswd"])
    }

    @Test func rewritingReplacesTheFileAtomicallyWithMode0600() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        try "# admins\nalice:$apr1$sxH4uxa/$G5DafnFsqJ9Kbofi9RAXy0\n".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let inodeBefore = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int

        try await HtpasswdFile.addUser("bob", password: "b", at: path, cost: 4)

        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        let inodeAfter = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        #expect(inodeBefore != inodeAfter, "replaced by rename, not rewritten in place")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("# admins\nalice:$apr1$sxH4uxa/$G5DafnFsqJ9Kbofi9RAXy0\nbob:$2b$04$"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["htpasswd"])
    }

    @Test func aFailedEditWritesNothing() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        let original = "alice:x\n"
        try original.write(toFile: path, atomically: false, encoding: .utf8)
        await #expect(throws: HtpasswdError.self) {
            try await HtpasswdFile.update(at: path) { file in
                try file.add(HtpasswdFile.Entry(user: "bob", hash: "y"))
                try file.remove(user: "nobody")
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
    }

    @Test func missingFiles() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        await #expect { try await HtpasswdFile.removeUser("alice", at: path) } throws: {
            ($0 as? HtpasswdError)?.code == .fileNotFound
        }
        await #expect { try await HtpasswdFile.listUsers(at: path) } throws: { ($0 as? HtpasswdError)?.code == .fileNotFound }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func createNeverOverwrites() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        try "alice:x\n".write(toFile: path, atomically: false, encoding: .utf8)
        await #expect { try await HtpasswdFile.create(at: path) { try $0.add(HtpasswdFile.Entry(user: "bob", hash: "y")) } } throws: {
            ($0 as? HtpasswdError)?.code == .fileExists
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "alice:x\n")
    }

    @Test func concurrentEditsAreNotLost() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("htpasswd")
        let names = (0..<8).map { "user\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for name in names {
                group.addTask { try await HtpasswdFile.addUser(name, password: name, at: path, cost: 4) }
            }
            try await group.waitForAll()
        }
        #expect(try await Set(HtpasswdFile.listUsers(at: path)) == Set(names))
    }
}
