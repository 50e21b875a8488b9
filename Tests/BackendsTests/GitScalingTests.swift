import DAVCore
import DAVTesting
import GitStorage
import Logging
import Testing

/// The costs that must not grow with collection size or history on the git backend; it prints
/// timings instead of asserting them, because test machines vary. fsync is off so the run stays
/// short: what is measured here is the work per request, not the disk.
@Suite struct GitScalingTests {
    @Test func twoThousandPutsThenSmallDelta() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let options = GitStorageOptions(repository: folder.path + "/repo.git", fsync: false)
        let storage = try GitStorage(options: options, logger: Logger(label: "scaling"))
        try await storage.createCollection(at: path("/alice"), kind: .plain, properties: [:])
        try await storage.createCollection(at: path("/alice/cal"), kind: .calendar, properties: [:])
        try await storage.createCollection(at: path("/alice/other"), kind: .calendar, properties: [:])

        let total = 2000
        let clock = ContinuousClock()
        let start = clock.now
        for i in 0..<total {
            let uid = "event-\(i)"
            _ = try await storage.putObject(ConformanceFixtures.event(uid: uid), at: path("/alice/cal/\(uid).ics"),
                                            condition: .mustNotExist)
        }
        print("GitStorage: \(total) PUTs (one commit each, no fsync) in \(clock.now - start)")

        let token = try #require(try await storage.collection(at: path("/alice/cal"))).syncToken
        // History elsewhere in the repository since the token: the walk passes over it cheaply.
        for i in 0..<200 {
            _ = try await storage.putObject(ConformanceFixtures.event(uid: "o\(i)"), at: path("/alice/other/o\(i).ics"),
                                            condition: .none)
        }
        let timed = clock.now
        _ = try await storage.putObject(ConformanceFixtures.event(uid: "event-7", summary: "moved"),
                                        at: path("/alice/cal/event-7.ics"), condition: .mustExist)
        print("GitStorage: one PUT at N=\(total) took \(clock.now - timed)")
        let syncing = clock.now
        let delta = try await storage.changes(in: path("/alice/cal"), since: token, limit: nil)
        print("GitStorage: changes(since:) over 201 commits at N=\(total) took \(clock.now - syncing)")
        #expect(delta.changed == ["event-7.ics"] && delta.deleted.isEmpty)

        let listing = clock.now
        let members = try await storage.members(of: path("/alice/cal"))
        #expect(members.count == total)
        print("GitStorage: members(of:) at N=\(total) took \(clock.now - listing)")

        let reopening = clock.now
        let reopened = try GitStorage(options: options, logger: Logger(label: "scaling"))
        let again = try await reopened.changes(in: path("/alice/cal"), since: token, limit: nil)
        #expect(again.changed == ["event-7.ics"])
        print("GitStorage: changes(since:) after a restart at N=\(total) took \(clock.now - reopening)")
        let firstWrite = clock.now
        _ = try await reopened.putObject(ConformanceFixtures.event(uid: "late"), at: path("/alice/cal/late.ics"), condition: .none)
        print("GitStorage: first PUT after a restart (UID index built from the tree) at N=\(total) took \(clock.now - firstWrite)")
    }
}
