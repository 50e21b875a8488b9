import DAVCore
import DAVTesting
import FileSystemStorage
import Logging
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif

/// A sanity check of the costs that must not grow with collection size; it prints rates
/// instead of asserting them, because test machines vary.
@Suite struct FileSystemScalingTests {
    @Test func tenThousandPutsThenSmallDelta() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try FileSystemStorage(folder: folder.path, logger: Logger(label: "scaling"))
        try await storage.createCollection(at: path("/alice"), kind: .plain, properties: [:])
        try await storage.createCollection(at: path("/alice/cal"), kind: .calendar, properties: [:])

        let total = 10_000
        let writers = 4
        let clock = ContinuousClock()
        var marks: [Duration] = []
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for i in stride(from: writer, to: total, by: writers) {
                        let uid = "event-\(i)"
                        _ = try await storage.putObject(ConformanceFixtures.event(uid: uid), at: path("/alice/cal/\(uid).ics"),
                                                        condition: .mustNotExist)
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = clock.now - start
        marks.append(elapsed)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("FileSystemStorage: \(total) PUTs with fsync from \(writers) writers in \(elapsed): \(Int(Double(total) / seconds)) PUT/s")

        let token = try #require(try await storage.collection(at: path("/alice/cal"))).syncToken
        let timed = clock.now
        _ = try await storage.putObject(ConformanceFixtures.event(uid: "event-7", summary: "moved"),
                                        at: path("/alice/cal/event-7.ics"), condition: .mustExist)
        let delta = try await storage.changes(in: path("/alice/cal"), since: token, limit: nil)
        print("FileSystemStorage: one PUT + changes(since:) at N=\(total) took \(clock.now - timed)")
        #expect(delta.changed == ["event-7.ics"])
        #expect(delta.deleted.isEmpty)

        let listing = clock.now
        let members = try await storage.members(of: path("/alice/cal"))
        #expect(members.count == total)
        print("FileSystemStorage: members(of:) at N=\(total) took \(clock.now - listing)")

        let reopening = clock.now
        let reopened = try FileSystemStorage(folder: folder.path, logger: Logger(label: "scaling"))
        let again = try await reopened.changes(in: path("/alice/cal"), since: token, limit: nil)
        #expect(again.changed == ["event-7.ics"])
        print("FileSystemStorage: first load after restart (journal replay + stat scan) at N=\(total) took \(clock.now - reopening)")
    }
}

func path(_ raw: String) -> ResourcePath {
    do { return try ResourcePath(decoding: raw) } catch { preconditionFailure("bad path \(raw)") }
}
