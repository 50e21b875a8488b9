import DAVCore
import DAVTesting
import GitStorage
import Logging
import Testing

/// What the git backend promises beyond the shared contract: commits, authors, blob-id ETags,
/// per-collection sync tokens, history and restore.
@Suite struct GitStorageTests {
    static func path(_ raw: String) -> ResourcePath { try! ResourcePath(decoding: raw) }

    /// A fresh repository with `/alice/cal/` and `/alice/cal2/` (calendars) and `/alice/files/`.
    static func makeStorage(in folder: TemporaryFolder, remote: GitRemoteOptions? = nil) async throws -> GitStorage {
        let storage = try GitStorage(options: GitStorageOptions(repository: folder.path + "/repo.git", remote: remote),
                                     logger: Logger(label: "test"))
        try await ChangeAuthor.$name.withValue("alice") {
            try await storage.createCollection(at: path("/alice"), kind: .plain, properties: [:])
            try await storage.createCollection(at: path("/alice/cal"), kind: .calendar, properties: [:])
            try await storage.createCollection(at: path("/alice/cal2"), kind: .calendar, properties: [:])
            try await storage.createCollection(at: path("/alice/files"), kind: .plain, properties: [:])
        }
        return storage
    }

    @Test func everyChangeIsOneCommitNamingItsAuthorMethodAndPath() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try await Self.makeStorage(in: folder)
        let repository = folder.path + "/repo.git"
        let before = try GitCLI.log(repository, format: "%s").count
        try await ChangeAuthor.$name.withValue("bob") {
            try await storage.putObject(ConformanceFixtures.event(uid: "a"), at: Self.path("/alice/cal/a.ics"), condition: .none)
            try await storage.setProperties([.dav("displayname"): PropertyValue(text: "Work")], at: Self.path("/alice/cal"))
            _ = try await storage.transfer(from: Self.path("/alice/cal/a.ics"), to: Self.path("/alice/cal2/a.ics"),
                                           overwrite: false, keepSource: true)
            _ = try await storage.transfer(from: Self.path("/alice/cal/a.ics"), to: Self.path("/alice/cal/b.ics"),
                                           overwrite: false, keepSource: false)
            try await storage.deleteObject(at: Self.path("/alice/cal/b.ics"), condition: .none)
            try await storage.deleteCollection(at: Self.path("/alice/cal2"))
            // Neither a failed precondition nor rewriting the same bytes is a change.
            _ = try? await storage.putObject(ConformanceFixtures.file([1]), at: Self.path("/alice/files/x"), condition: .mustExist)
            try await storage.setProperties([.dav("displayname"): PropertyValue(text: "Work")], at: Self.path("/alice/cal"))
        }
        let log = try GitCLI.log(repository, format: "%an|%ae|%cn|%s")
        #expect(log.count == before + 6)
        #expect(Array(log.prefix(6)) == [
            "bob|bob@localhost|pocketdav|DELETE /alice/cal2/",
            "bob|bob@localhost|pocketdav|DELETE /alice/cal/b.ics",
            "bob|bob@localhost|pocketdav|MOVE /alice/cal/a.ics /alice/cal/b.ics",
            "bob|bob@localhost|pocketdav|COPY /alice/cal/a.ics /alice/cal2/a.ics",
            "bob|bob@localhost|pocketdav|PROPPATCH /alice/cal/",
            "bob|bob@localhost|pocketdav|PUT /alice/cal/a.ics",
        ])
        #expect(log.last?.hasPrefix("pocketdav|") == true, "the first commit is pocketdav's own")
        #expect(log.contains("alice|alice@localhost|pocketdav|MKCALENDAR /alice/cal/"))
        try GitCLI.fsck(repository)
    }

    @Test func theETagIsTheBlobID() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try await Self.makeStorage(in: folder)
        let event = ConformanceFixtures.event(uid: "e")
        let put = try await storage.putObject(event, at: Self.path("/alice/cal/e.ics"), condition: .none)
        let repository = folder.path + "/repo.git"
        #expect(put.etag.value == (try GitCLI.git(repository, "rev-parse", "HEAD:alice/cal/e.ics")))
        #expect(put.etag.value == (try GitCLI.run(["hash-object", "--stdin"], input: event.bytes)).filter { $0 != "\n" })
        #expect(try GitCLI.run(["--git-dir", repository, "cat-file", "blob", put.etag.value]) == String(decoding: event.bytes, as: UTF8.self))
        // A PROPPATCH on the object leaves its blob, so its ETag, alone.
        try await storage.setProperties([QName("urn:x", "note"): PropertyValue(text: "n")], at: Self.path("/alice/cal/e.ics"))
        guard case .object(let info)? = try await storage.resource(at: Self.path("/alice/cal/e.ics")) else {
            Issue.record("e.ics is gone")
            return
        }
        #expect(info.etag == put.etag)
    }

    @Test func aCollectionsTokenMovesOnlyWhenItChanges() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try await Self.makeStorage(in: folder)
        let cal = Self.path("/alice/cal")
        try await storage.putObject(ConformanceFixtures.event(uid: "a"), at: Self.path("/alice/cal/a.ics"), condition: .none)
        let token = try #require(try await storage.collection(at: cal)).syncToken
        #expect(token.hasPrefix("urn:x-pocketdav:git:"))
        // Busy neighbours: another calendar, a plain folder, the parent's properties.
        for i in 0..<5 {
            try await storage.putObject(ConformanceFixtures.event(uid: "n\(i)"), at: Self.path("/alice/cal2/n\(i).ics"), condition: .none)
        }
        try await storage.putObject(ConformanceFixtures.file([1]), at: Self.path("/alice/files/f"), condition: .none)
        try await storage.setProperties([.dav("displayname"): PropertyValue(text: "Alice")], at: Self.path("/alice"))
        let after = try #require(try await storage.collection(at: cal))
        #expect(after.syncToken == token && after.ctag == token)
        let none = try await storage.changes(in: cal, since: token, limit: nil)
        #expect(none.changed.isEmpty && none.deleted.isEmpty && none.newToken == token)
        // Its own change moves it, and the delta is just that change.
        try await storage.putObject(ConformanceFixtures.event(uid: "b"), at: Self.path("/alice/cal/b.ics"), condition: .none)
        let delta = try await storage.changes(in: cal, since: token, limit: nil)
        #expect(delta.changed == ["b.ics"] && delta.deleted.isEmpty)
        #expect(delta.newToken != token)
        // Tokens are content addresses: a second instance (a restart) accepts them.
        let reopened = try GitStorage(options: GitStorageOptions(repository: folder.path + "/repo.git"), logger: Logger(label: "test"))
        let again = try await reopened.changes(in: cal, since: token, limit: nil)
        #expect(again.changed == ["b.ics"])
    }

    @Test func restoreBringsBackDeletedAndOverwrittenObjects() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try await Self.makeStorage(in: folder)
        let a = Self.path("/alice/cal/a.ics")
        let v1 = ConformanceFixtures.event(uid: "a", summary: "one")
        let first = try await storage.putObject(v1, at: a, condition: .none)
        try await storage.setProperties([QName("urn:x", "note"): PropertyValue(text: "kept")], at: a)
        try await storage.putObject(ConformanceFixtures.event(uid: "a", summary: "two"), at: a, condition: .none)
        try await storage.deleteObject(at: a, condition: .none)
        let token = try #require(try await storage.collection(at: Self.path("/alice/cal"))).syncToken

        let versions = try await storage.history(of: a)
        // The PROPPATCH changed the sidecar, not the object: two versions and a deletion.
        #expect(versions.map(\.message) == ["DELETE /alice/cal/a.ics", "PUT /alice/cal/a.ics", "PUT /alice/cal/a.ics"])
        #expect(versions.first?.id == nil && versions.last?.id == first.etag.value)

        let restored = try await ChangeAuthor.$name.withValue("carol") {
            try await storage.restore(a, at: try #require(versions.last?.commit))
        }
        #expect(restored == first.etag.value)
        let object = try #require(try await storage.objects(in: Self.path("/alice/cal"), named: ["a.ics"]).first)
        #expect(object.bytes == v1.bytes && object.info.etag == first.etag)
        #expect(object.info.properties[QName("urn:x", "note")] == nil, "v1 had no properties yet")
        let delta = try await storage.changes(in: Self.path("/alice/cal"), since: token, limit: nil)
        #expect(delta.changed == ["a.ics"], "clients see the restore on their next sync")
        let log = try GitCLI.log(folder.path + "/repo.git", format: "%an %s")
        #expect(log.first?.hasPrefix("carol RESTORE /alice/cal/a.ics from ") == true)

        // Restoring onto a UID that another object took meanwhile is refused.
        try await storage.deleteObject(at: a, condition: .none)
        try await storage.putObject(ConformanceFixtures.event(uid: "a"), at: Self.path("/alice/cal/other.ics"), condition: .none)
        await #expect(throws: StorageError.self) { try await storage.restore(a, at: versions.last!.commit) }
        // And a whole deleted collection comes back with its objects.
        try await storage.putObject(ConformanceFixtures.event(uid: "z"), at: Self.path("/alice/cal2/z.ics"), condition: .none)
        try await storage.deleteCollection(at: Self.path("/alice/cal2"))
        let cal2 = try await storage.history(of: Self.path("/alice/cal2"))
        #expect(cal2.map(\.message) == ["DELETE /alice/cal2/", "PUT /alice/cal2/z.ics", "MKCALENDAR /alice/cal2/"])
        try await storage.restore(Self.path("/alice/cal2"), at: cal2[1].commit)
        #expect(try await storage.objects(in: Self.path("/alice/cal2"), named: ["z.ics"]).count == 1)
    }

    @Test func aCommitMadeByHandIsServedSyncedAndVerified() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try await Self.makeStorage(in: folder)
        let repository = folder.path + "/repo.git"
        try await storage.putObject(ConformanceFixtures.event(uid: "same"), at: Self.path("/alice/cal/a.ics"), condition: .none)
        let token = try #require(try await storage.collection(at: Self.path("/alice/cal"))).syncToken
        #expect(try await storage.verify().isClean)
        // Someone adds an object with git, reusing a UID: pocketdav serves it at once (it reads
        // the branch on every request), sync reports it, and verify flags the duplicate.
        try GitCLI.commitByHand(repository, ["alice/cal/b.ics": ConformanceFixtures.event(uid: "same").bytes], message: "by hand")
        let delta = try await storage.changes(in: Self.path("/alice/cal"), since: token, limit: nil)
        #expect(delta.changed == ["b.ics"])
        let report = try await storage.verify()
        #expect(report.problems.map(\.path) == ["/alice/cal/b.ics"], "\(report.problems)")
        // pocketdav's next commit builds on the hand-made one.
        try await storage.deleteObject(at: Self.path("/alice/cal/b.ics"), condition: .none)
        #expect(try await storage.verify().isClean)
        #expect(try GitCLI.log(repository, format: "%s").prefix(2) == ["DELETE /alice/cal/b.ics", "by hand"])
        try GitCLI.fsck(repository)
    }
}
