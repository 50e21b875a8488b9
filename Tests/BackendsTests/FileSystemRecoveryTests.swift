import DAVCore
import DAVTesting
@testable import FileSystemStorage
import Logging
import Glibc
import Synchronization
import Testing

/// Restarts, crashes at each step of a write, files changed behind the storage's back, damaged
/// journals, and a second process on the same folder. "Restart" is a new `FileSystemStorage` on
/// the same folder; a "crash" is the fault hook throwing at a named point, which leaves the disk
/// exactly as a crash there would.
@Suite struct FileSystemRecoveryTests {
    struct SimulatedCrash: Error {}

    /// Fails once at `point` when armed.
    final class Crasher: Sendable {
        private let armed = Mutex<FaultInjection.Point?>(nil)
        func arm(_ point: FaultInjection.Point) { armed.withLock { $0 = point } }
        var injection: FaultInjection {
            FaultInjection { point in
                let hit = self.armed.withLock { armed -> Bool in
                    guard armed == point else { return false }
                    armed = nil
                    return true
                }
                if hit { throw SimulatedCrash() }
            }
        }
    }

    /// The storage reports the simulated crash as an I/O failure, as it would any unexpected error.
    static func expectCrash(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
        let error = await #expect(throws: StorageError.self, sourceLocation: sourceLocation) { try await body() }
        #expect(error?.cause is SimulatedCrash, "expected the simulated crash, got \(String(describing: error))",
                sourceLocation: sourceLocation)
    }

    static func open(_ folder: TemporaryFolder, faults: FaultInjection? = nil) throws -> FileSystemStorage {
        try FileSystemStorage(folder: folder.path, options: .init(), logger: Logger(label: "test"), faults: faults)
    }

    static func calendar(_ storage: FileSystemStorage) async throws {
        try await storage.createCollection(at: path("/alice"), kind: .plain, properties: [:])
        try await storage.createCollection(at: path("/alice/cal"), kind: .calendar, properties: [:])
    }

    /// Waits until indexes checked before now are no longer trusted without a recheck, the bound
    /// on how late a change made outside this process is seen.
    static func waitOutFreshness() async throws {
        try await Task.sleep(nanoseconds: Freshness.window + 20_000_000)
    }

    static func token(_ storage: FileSystemStorage) async throws -> String {
        try #require(try await storage.collection(at: path("/alice/cal"))).syncToken
    }

    @Test func syncTokensAndEtagsSurviveRestart() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try Self.open(folder)
        try await Self.calendar(first)
        let a = try await first.putObject(ConformanceFixtures.event(uid: "a"), at: path("/alice/cal/a.ics"), condition: .none)
        let early = try await Self.token(first)
        try await first.putObject(ConformanceFixtures.event(uid: "b"), at: path("/alice/cal/b.ics"), condition: .none)
        let late = try await Self.token(first)

        let second = try Self.open(folder)
        #expect(try await Self.token(second) == late)
        guard case .object(let info)? = try await second.resource(at: path("/alice/cal/a.ics")) else {
            Issue.record("a.ics is gone after a restart")
            return
        }
        #expect(info.etag == a.etag)
        let delta = try await second.changes(in: path("/alice/cal"), since: early, limit: nil)
        #expect(delta.changed == ["b.ics"] && delta.deleted.isEmpty)
        #expect(try await second.changes(in: path("/alice/cal"), since: late, limit: nil).changed.isEmpty)
    }

    @Test func reconcilesFilesChangedBehindItsBack() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try Self.open(folder)
        try await Self.calendar(first)
        for name in ["a", "b", "c"] {
            try await first.putObject(ConformanceFixtures.event(uid: name), at: path("/alice/cal/\(name).ics"), condition: .none)
        }
        let token = try await Self.token(first)
        try folder.write("alice/cal/d.ics", FileSystemRadicaleTests.event("d"))
        try folder.write("alice/cal/b.ics", FileSystemRadicaleTests.event("b", "edited by hand"))
        folder.delete("alice/cal/c.ics")

        let second = try Self.open(folder)
        let names = try await second.members(of: path("/alice/cal")).compactMap(\.path.name)
        #expect(names == ["a.ics", "b.ics", "d.ics"])
        let b = try #require(try await second.objects(in: path("/alice/cal"), named: ["b.ics"]).first)
        #expect(b.info.etag == ETag(ContentHash.hex(folder.read("alice/cal/b.ics") ?? [])))
        let delta = try await second.changes(in: path("/alice/cal"), since: token, limit: nil)
        #expect(Set(delta.changed) == ["b.ics", "d.ics"])
        #expect(delta.deleted == ["c.ics"])
        #expect(try await Self.token(second) != token)
    }

    @Test func noticesFilesAddedWhileRunning() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try Self.open(folder)
        try await Self.calendar(storage)
        try await storage.putObject(ConformanceFixtures.event(uid: "a"), at: path("/alice/cal/a.ics"), condition: .none)
        let token = try await Self.token(storage)
        // Adding a file changes the directory's mtime; that is what a running server watches,
        // at most `Freshness.window` after its last check.
        try folder.write("alice/cal/added.ics", FileSystemRadicaleTests.event("added"))
        try await Self.waitOutFreshness()
        let delta = try await storage.changes(in: path("/alice/cal"), since: token, limit: nil)
        #expect(delta.changed == ["added.ics"])
        // An in-place edit keeps the directory as it was; reading the object still tells the truth.
        try folder.write("alice/cal/a.ics", FileSystemRadicaleTests.event("a", "edited in place"))
        let a = try #require(try await storage.objects(in: path("/alice/cal"), named: ["a.ics"]).first)
        #expect(a.info.etag == ETag(ContentHash.hex(folder.read("alice/cal/a.ics") ?? [])))
    }

    @Test func crashBetweenRenameAndJournalIsReconciled() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let crasher = Crasher()
        let storage = try Self.open(folder, faults: crasher.injection)
        try await Self.calendar(storage)
        let v1 = ConformanceFixtures.event(uid: "a", summary: "v1")
        let v2 = ConformanceFixtures.event(uid: "a", summary: "v2")
        try await storage.putObject(v1, at: path("/alice/cal/a.ics"), condition: .none)
        let token = try await Self.token(storage)
        crasher.arm(.afterItemRename)
        await Self.expectCrash {
            try await storage.putObject(v2, at: path("/alice/cal/a.ics"), condition: .none)
        }
        #expect(folder.read("alice/cal/a.ics") == v2.bytes, "the rename happened before the crash")

        for (label, instance) in [("same process", storage), ("after restart", try Self.open(folder))] {
            let a = try #require(try await instance.objects(in: path("/alice/cal"), named: ["a.ics"]).first, "\(label)")
            #expect(a.bytes == v2.bytes, "\(label)")
            #expect(a.info.etag == ETag(ContentHash.hex(v2.bytes)), "\(label): the index must not claim v1's etag")
            let delta = try await instance.changes(in: path("/alice/cal"), since: token, limit: nil)
            #expect(delta.changed == ["a.ics"], "\(label)")
        }
    }

    @Test func crashBeforeRenameKeepsOldObjectAndLitterIsCleaned() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let crasher = Crasher()
        let storage = try Self.open(folder, faults: crasher.injection)
        try await Self.calendar(storage)
        let v1 = ConformanceFixtures.event(uid: "a", summary: "v1")
        try await storage.putObject(v1, at: path("/alice/cal/a.ics"), condition: .none)
        let token = try await Self.token(storage)
        crasher.arm(.afterTemporaryWrite)
        await Self.expectCrash {
            try await storage.putObject(ConformanceFixtures.event(uid: "a", summary: "v2"), at: path("/alice/cal/a.ics"), condition: .none)
        }
        // What real crashes leave behind: a temp file of a locked write, a staged PUT file from
        // long ago, and one that may belong to a writer still waiting for the lock.
        try folder.write("alice/cal/.pocketdav.tmp-0123456789abcdef", "leftover of a locked write")
        try folder.write("alice/cal/.pocketdav/staging/00000000000000aa", "staged two hours ago")
        _ = system("touch -d '2 hours ago' '\(folder.item("alice/cal/.pocketdav/staging/00000000000000aa"))'")
        try folder.write("alice/cal/.pocketdav/staging/00000000000000bb", "staged just now")

        let restarted = try Self.open(folder)
        #expect(try await restarted.members(of: path("/alice/cal")).compactMap(\.path.name) == ["a.ics"])
        #expect(try await restarted.objects(in: path("/alice/cal"), named: ["a.ics"]).first?.bytes == v1.bytes)
        #expect(!folder.list("alice/cal").contains { $0.hasPrefix(".pocketdav.") }, "temp files are removed")
        #expect(folder.list("alice/cal/.pocketdav/staging") == ["00000000000000bb"],
                "old staged files are removed; a fresh one may belong to a writer waiting for the lock")
        #expect(try await Self.token(restarted) == token, "nothing changed, so the token did not move")
    }

    @Test func crashDuringPropertyWriteRollsForward() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let crasher = Crasher()
        let storage = try Self.open(folder, faults: crasher.injection)
        try await Self.calendar(storage)
        crasher.arm(.afterPropertiesRecord)
        await Self.expectCrash {
            try await storage.setProperties([.dav("displayname"): PropertyValue(text: "New name"),
                                             QName("urn:x", "m"): ConformanceFixtures.markupValue], at: path("/alice/cal"))
        }
        let restarted = try Self.open(folder)
        let cal = try #require(try await restarted.collection(at: path("/alice/cal")))
        #expect(cal.properties[.dav("displayname")] == PropertyValue(text: "New name"))
        #expect(cal.properties[QName("urn:x", "m")] == ConformanceFixtures.markupValue)
        #expect(folder.text("alice/cal/.Radicale.props")?.contains("New name") == true)
    }

    @Test func tornJournalTailIsDropped() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try Self.open(folder)
        try await Self.calendar(first)
        try await first.putObject(ConformanceFixtures.event(uid: "a"), at: path("/alice/cal/a.ics"), condition: .none)
        let token = try await Self.token(first)
        try folder.append("alice/cal/.pocketdav/journal", #"{"k":"object","v":99,"n":"gho"#)

        let second = try Self.open(folder)
        #expect(try await Self.token(second) == token)
        try await second.putObject(ConformanceFixtures.event(uid: "b"), at: path("/alice/cal/b.ics"), condition: .none)
        let third = try Self.open(folder)
        #expect(try await third.changes(in: path("/alice/cal"), since: token, limit: nil).changed == ["b.ics"])
        let journal = try #require(folder.text("alice/cal/.pocketdav/journal"))
        #expect(!journal.contains("gho"), "the torn line was truncated before appending")
    }

    @Test func damagedJournalStartsOverWithANewID() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try Self.open(folder)
        try await Self.calendar(first)
        try await first.putObject(ConformanceFixtures.event(uid: "a"), at: path("/alice/cal/a.ics"), condition: .none)
        let token = try await Self.token(first)
        try folder.append("alice/cal/.pocketdav/journal", "garbage\n" + #"{"k":"removed","v":50,"n":"a.ics"}"# + "\n")

        let second = try Self.open(folder)
        #expect(try await second.members(of: path("/alice/cal")).compactMap(\.path.name) == ["a.ics"])
        await #expect(throws: StorageError.self) {
            try await second.changes(in: path("/alice/cal"), since: token, limit: nil)
        }
        let fresh = try await second.changes(in: path("/alice/cal"), since: nil, limit: nil)
        #expect(fresh.changed == ["a.ics"])
    }

    @Test func twoInstancesOnOneFolderSeeEachOther() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let one = try Self.open(folder)
        let two = try Self.open(folder)
        try await Self.calendar(one)
        try await one.putObject(ConformanceFixtures.event(uid: "a"), at: path("/alice/cal/a.ics"), condition: .none)
        #expect(try await two.members(of: path("/alice/cal")).compactMap(\.path.name) == ["a.ics"])
        let token = try await Self.token(two)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (i, storage) in [one, two, one, two].enumerated() {
                group.addTask {
                    for j in 0..<15 {
                        let uid = "w\(i)-\(j)"
                        _ = try await storage.putObject(ConformanceFixtures.event(uid: uid), at: path("/alice/cal/\(uid).ics"),
                                                        condition: .mustNotExist)
                    }
                }
            }
            try await group.waitForAll()
        }
        for storage in [one, two, try Self.open(folder)] {
            let delta = try await storage.changes(in: path("/alice/cal"), since: token, limit: nil)
            #expect(delta.changed.count == 60 && Set(delta.changed).count == 60)
            #expect(try await Self.token(storage) == (try await Self.token(one)))
        }
        // The UID index is shared through the journal too.
        await #expect(throws: StorageError.self) {
            try await one.putObject(ConformanceFixtures.event(uid: "w1-3"), at: path("/alice/cal/dup.ics"), condition: .none)
        }
    }
}

/// Steady-state work must not touch every member: no directory scans or journal reloads while
/// one process writes and reads, however many writers it has.
@Suite struct FileSystemSteadyStateTests {
    @Test func concurrentWritersNeverTriggerScans() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try FileSystemRecoveryTests.open(folder)
        try await FileSystemRecoveryTests.calendar(storage)
        try await storage.putObject(ConformanceFixtures.event(uid: "first"), at: path("/alice/cal/first.ics"), condition: .none)
        let scans = storage.context.counters.directoryScans.load(ordering: .relaxed)
        let loads = storage.context.counters.journalLoads.load(ordering: .relaxed)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for i in 0..<25 {
                        let name = "w\(writer)-\(i)"
                        _ = try await storage.putObject(ConformanceFixtures.event(uid: name), at: path("/alice/cal/\(name).ics"),
                                                        condition: .none)
                        _ = try await storage.members(of: path("/alice/cal"))
                        if i % 5 == 0 {
                            try await storage.deleteObject(at: path("/alice/cal/\(name).ics"), condition: .none)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(storage.context.counters.directoryScans.load(ordering: .relaxed) == scans)
        #expect(storage.context.counters.journalLoads.load(ordering: .relaxed) == loads)
    }
}
