import DAVCore
import DAVTesting
import GitStorage
import Glibc
import Logging
import Testing

/// The git backend under concurrent writers, with remotes and with housekeeping.
@Suite struct GitSafetyTests {
    static func path(_ raw: String) -> ResourcePath { try! ResourcePath(decoding: raw) }

    @Test func twoStoragesOnOneRepositoryLoseNoCommit() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let repository = folder.path + "/repo.git"
        // Two instances share nothing but the repository, as two processes would: their own
        // handles, actors and caches, so they race on the branch's compare-and-swap.
        let first = try await GitStorageTests.makeStorage(in: folder)
        let second = try GitStorage(options: GitStorageOptions(repository: repository), logger: Logger(label: "second"))
        let before = Int(try GitCLI.git(repository, "rev-list", "--count", "HEAD"))!
        let names = (0..<60).map { "item\($0).ics" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (i, name) in names.enumerated() {
                let storage = i % 2 == 0 ? first : second
                group.addTask {
                    _ = try await storage.putObject(ConformanceFixtures.event(uid: name), at: Self.path("/alice/cal/\(name)"),
                                                    condition: .mustNotExist)
                }
            }
            try await group.waitForAll()
        }
        #expect(Int(try GitCLI.git(repository, "rev-list", "--count", "HEAD")) == before + 60)
        let listed = try GitCLI.git(repository, "ls-tree", "--name-only", "HEAD:alice/cal").split(separator: "\n")
        #expect(Set(listed.map(String.init)).isSuperset(of: names))
        // A third reader sees every object with its own bytes.
        let third = try GitStorage(options: GitStorageOptions(repository: repository), logger: Logger(label: "third"))
        let stored = try await third.objects(in: Self.path("/alice/cal"), named: names)
        #expect(stored.count == 60)
        for object in stored {
            #expect(object.bytes == ConformanceFixtures.event(uid: object.info.path.name ?? "").bytes)
        }
        try GitCLI.fsck(repository)
    }

    @Test func pushesToALocalBareRemoteAfterCommits() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let remote = folder.path + "/remote.git"
        try GitCLI.run(["init", "--quiet", "--bare", remote])
        let storage = try await GitStorageTests.makeStorage(in: folder, remote: GitRemoteOptions(url: "file://" + remote))
        // The service pushes after commits, coalescing bursts.
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await storage.maintenance.run() }
            for i in 0..<10 {
                try await storage.putObject(ConformanceFixtures.event(uid: "p\(i)"), at: Self.path("/alice/cal/p\(i).ics"), condition: .none)
            }
            let tip = try GitCLI.git(folder.path + "/repo.git", "rev-parse", "main")
            var pushed = ""
            for _ in 0..<100 where pushed != tip {
                try await Task.sleep(for: .milliseconds(100))
                pushed = (try? GitCLI.git(remote, "rev-parse", "main")) ?? ""
            }
            #expect(pushed == tip, "the remote never received the last commit")
            group.cancelAll()
        }
        let status = try await storage.status()
        #expect(status.push?.lastError == nil && !status.hasUnpushedCommits)
        try GitCLI.fsck(remote)
    }

    @Test func anUnreachableRemoteNeverBlocksOrLosesWrites() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Nothing listens on port 9 of the loopback: connections are refused at once.
        let storage = try await GitStorageTests.makeStorage(in: folder, remote: GitRemoteOptions(url: "http://127.0.0.1:9/repo.git"))
        let put = try await storage.putObject(ConformanceFixtures.event(uid: "u"), at: Self.path("/alice/cal/u.ics"), condition: .none)
        let attempt = try #require(await storage.maintenance.push())
        #expect(attempt.lastError != nil && attempt.consecutiveFailures == 1)
        #expect(try await storage.objects(in: Self.path("/alice/cal"), named: ["u.ics"]).first?.info.etag == put.etag)
        let status = try await storage.status()
        #expect(status.hasUnpushedCommits && status.push?.lastError != nil)
        #expect(status.remote == "http://127.0.0.1:9/repo.git")
    }

    @Test func packingLeavesNoLooseObjectsAndLosesNothing() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let repository = folder.path + "/repo.git"
        let storage = try await GitStorageTests.makeStorage(in: folder)
        var etags: [String: ETag] = [:]
        for round in 0..<18 {
            for i in 0..<3 {
                let name = "r\(round)-\(i).ics"
                etags[name] = try await storage.putObject(ConformanceFixtures.event(uid: name), at: Self.path("/alice/cal/\(name)"),
                                                          condition: .none).etag
            }
            // Each round leaves a pack; past the limit they are merged into one.
            try await storage.maintenance.pack()
            #expect(try await storage.status().looseObjects == 0)
        }
        #expect(try await storage.status().packs < 16)
        try GitCLI.fsck(repository)
        let reopened = try GitStorage(options: GitStorageOptions(repository: repository), logger: Logger(label: "test"))
        let stored = try await reopened.objects(in: Self.path("/alice/cal"), named: Array(etags.keys))
        #expect(stored.count == etags.count)
        for object in stored { #expect(object.info.etag == etags[object.info.path.name ?? ""]) }
        // Writes go on after packing.
        try await storage.putObject(ConformanceFixtures.event(uid: "after"), at: Self.path("/alice/cal/after.ics"), condition: .none)
        try GitCLI.fsck(repository)
    }

    @Test func aRefLockLeftByAKilledWriterIsClearedButALiveOneIsRespected() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try await GitStorageTests.makeStorage(in: folder)
        let lock = folder.path + "/repo.git/refs/heads/main.lock"
        // A writer that holds the lock for 300 ms: pocketdav waits for it, leaves it alone, and
        // its own write lands once the lock is released.
        let fd = open(lock, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(fd >= 0)
        close(fd)
        let holder = Task.detached {
            try await Task.sleep(for: .milliseconds(300))
            let untouched = access(lock, F_OK) == 0
            unlink(lock)
            return untouched
        }
        let started = ContinuousClock.now
        try await storage.putObject(ConformanceFixtures.event(uid: "w"), at: Self.path("/alice/cal/w.ics"), condition: .none)
        #expect(try await holder.value, "a live writer's lock was removed")
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        // A lock minutes old: its writer is gone, so the lock is removed and the write lands.
        let stale = open(lock, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(stale >= 0)
        close(stale)
        var times = [timespec(tv_sec: time(nil) - 120, tv_nsec: 0), timespec(tv_sec: time(nil) - 120, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, lock, &times, 0) == 0)
        try await storage.putObject(ConformanceFixtures.event(uid: "x"), at: Self.path("/alice/cal/x.ics"), condition: .none)
        #expect(access(lock, F_OK) != 0)
        try GitCLI.fsck(folder.path + "/repo.git")
    }
}
