import DAVCore
import DAVTesting
import Glibc
import Logging
import Testing

@testable import PostgresStorage

/// What only the PostgreSQL backend has: migrations, the compacted change log and its retention,
/// SQL time ranges beyond 2038, and answering 503 when the database is away.
@Suite(.enabled(if: PostgresTestDatabase.shouldRun, PostgresTestDatabase.skipReason), .serialized)
struct PostgresStorageTests {
    static func path(_ raw: String) -> ResourcePath { try! ResourcePath(decoding: raw) }

    static func makeCalendar(_ storage: PostgresStorage) async throws {
        try await storage.createCollection(at: path("/alice"), kind: .plain, properties: [:])
        try await storage.createCollection(at: path("/alice/cal"), kind: .calendar, properties: [:])
    }

    @Test func instancesMigratingTogetherDoNotRace() async throws {
        let configuration = try PostgresTestDatabase.configuration()
        let storages = (0..<4).map { _ in PostgresStorage(configuration: configuration, logger: PostgresTestDatabase.logger) }
        try await PostgresTestDatabase.running(storages[...]) {
            let reports = try await withThrowingTaskGroup(of: MigrationReport.self) { group in
                for storage in storages { group.addTask { try await storage.migrate() } }
                var reports: [MigrationReport] = []
                for try await report in group { reports.append(report) }
                return reports
            }
            #expect(reports.count(where: { $0.from == 0 }) == 1, "exactly one instance creates the schema: \(reports)")
            #expect(reports.allSatisfy { $0.to == Schema.latestVersion })
            #expect(try await PostgresTestDatabase.scalar("SELECT count(*) FROM pocketdav_migrations", on: storages[0])
                    == Int64(Schema.latestVersion))
            // The root exists exactly once.
            #expect(try await PostgresTestDatabase.scalar("SELECT count(*) FROM collections", on: storages[0]) == 1)
            try await PostgresTestDatabase.dropSchema(using: storages[0])
        }
    }

    @Test func aSchemaNewerThanThisBuildIsRefused() async throws {
        let configuration = try PostgresTestDatabase.configuration()
        let first = PostgresStorage(configuration: configuration, logger: PostgresTestDatabase.logger)
        let second = PostgresStorage(configuration: configuration, logger: PostgresTestDatabase.logger)
        try await PostgresTestDatabase.running([first, second]) {
            try await first.migrate()
            _ = try await PostgresTestDatabase.scalar(
                "INSERT INTO pocketdav_migrations (version, summary) VALUES (9999, 'from the future') RETURNING version", on: first)
            do {
                try await second.migrate()
                Issue.record("a newer schema was accepted")
            } catch let error as SchemaVersionError {
                #expect(error.found == 9999 && error.known == Schema.latestVersion)
                #expect("\(error)".contains("newer than this pocketdav knows"))
            }
            try await PostgresTestDatabase.dropSchema(using: first)
        }
    }

    /// Migration 7 lists the instances of rows written before it, so an upgraded database answers
    /// from `item_instances` at once.
    @Test func migrationSevenListsTheInstancesOfExistingRows() async throws {
        let configuration = try PostgresTestDatabase.configuration()
        let storage = PostgresStorage(configuration: configuration, logger: PostgresTestDatabase.logger)
        try await PostgresTestDatabase.running([storage]) {
            try await storage.migrate(through: 6)
            try await Self.makeCalendar(storage)
            var event = ConformanceFixtures.event(uid: "weekly")
            event.summary = ObjectSummary(uid: "weekly", componentType: "VEVENT", firstStart: 1000, lastEnd: 6000,
                                          instances: [.init(start: 1000, end: 2000), .init(start: 5000, end: 6000)])
            try await storage.putObject(event, at: Self.path("/alice/cal/weekly.ics"), condition: .none)
            let report = try await storage.migrate()
            #expect(report.from == 6 && report.to == Schema.latestVersion)
            #expect(try await PostgresTestDatabase.scalar("SELECT count(*) FROM item_instances", on: storage) == 2)
            let query = StorageQuery(componentType: "VEVENT", timeRangeStart: 5500, timeRangeEnd: 5600, isComplete: true)
            let found = try await storage.query(query, in: Self.path("/alice/cal"))
            #expect(found == [QueryCandidate(name: "weekly.ics", isExactMatch: true)])
            let gap = StorageQuery(componentType: "VEVENT", timeRangeStart: 2500, timeRangeEnd: 4000, isComplete: true)
            #expect(try await storage.query(gap, in: Self.path("/alice/cal")) == [])
            try await PostgresTestDatabase.dropSchema(using: storage)
        }
    }

    @Test func theChangeLogKeepsOneRowPerName() async throws {
        try await PostgresTestDatabase.withStorage { storage in
            try await Self.makeCalendar(storage)
            let cal = Self.path("/alice/cal")
            let token = try await storage.collection(at: cal)?.syncToken
            for round in 0..<50 {
                _ = try await storage.putObject(ConformanceFixtures.event(uid: "busy", summary: "v\(round)"),
                                            at: Self.path("/alice/cal/busy.ics"), condition: .none)
            }
            #expect(try await PostgresTestDatabase.scalar("SELECT count(*) FROM changes WHERE name = 'busy.ics'", on: storage) == 1)
            let delta = try await storage.changes(in: cal, since: token, limit: nil)
            #expect(delta.changed == ["busy.ics"])
            #expect(try await PostgresTestDatabase.scalar("SELECT version FROM collections WHERE path = '/alice/cal'",
                                                          on: storage) == 50)
        }
    }

    @Test func retentionForgetsOldDeletionsAndRefusesTokensThatMissedThem() async throws {
        try await PostgresTestDatabase.withStorage { storage in
            try await Self.makeCalendar(storage)
            let cal = Self.path("/alice/cal")
            _ = try await storage.putObject(ConformanceFixtures.event(uid: "a"), at: Self.path("/alice/cal/a.ics"), condition: .none)
            _ = try await storage.putObject(ConformanceFixtures.event(uid: "b"), at: Self.path("/alice/cal/b.ics"), condition: .none)
            let beforeDeletion = try #require(try await storage.collection(at: cal)?.syncToken)
            try await storage.deleteObject(at: Self.path("/alice/cal/a.ics"), condition: .none)
            let afterDeletion = try #require(try await storage.collection(at: cal)?.syncToken)

            #expect(try await storage.pruneChanges(olderThan: .seconds(3600)) == 0, "a fresh deletion was pruned")
            #expect(try await storage.changes(in: cal, since: beforeDeletion, limit: nil).deleted == ["a.ics"])

            #expect(try await storage.pruneChanges(olderThan: .zero) == 1)
            await #expect(throws: StorageError.self) { try await storage.changes(in: cal, since: beforeDeletion, limit: nil) }
            do {
                _ = try await storage.changes(in: cal, since: beforeDeletion, limit: nil)
            } catch let error as StorageError {
                #expect(error.code == .invalidSyncToken)
            }
            // Tokens issued after the forgotten deletion still work, and nothing else was lost.
            _ = try await storage.putObject(ConformanceFixtures.event(uid: "c"), at: Self.path("/alice/cal/c.ics"), condition: .none)
            let delta = try await storage.changes(in: cal, since: afterDeletion, limit: nil)
            #expect(delta.changed == ["c.ics"] && delta.deleted.isEmpty)
            let initial = try await storage.changes(in: cal, since: nil, limit: nil)
            #expect(Set(initial.changed) == ["b.ics", "c.ics"])
        }
    }

    @Test func timeRangesAreSixtyFourBitAndUnknownBoundsAlwaysMatch() async throws {
        try await PostgresTestDatabase.withStorage { storage in
            try await Self.makeCalendar(storage)
            let cal = Self.path("/alice/cal")
            let year2100: Int64 = 4_102_444_800  // 2100-01-01, far past 2038's 32-bit limit
            func event(_ uid: String, _ start: Int64?, _ end: Int64?, component: String = "VEVENT") -> ObjectContent {
                var content = ConformanceFixtures.event(uid: uid)
                content.summary = ObjectSummary(uid: uid, componentType: component, firstStart: start, lastEnd: end)
                return content
            }
            _ = try await storage.putObject(event("future", year2100, year2100 + 3600), at: Self.path("/alice/cal/future.ics"), condition: .none)
            _ = try await storage.putObject(event("endless", 1_700_000_000, nil), at: Self.path("/alice/cal/endless.ics"), condition: .none)
            _ = try await storage.putObject(event("past", 1_000_000_000, 1_000_003_600), at: Self.path("/alice/cal/past.ics"), condition: .none)
            _ = try await storage.putObject(event("task", nil, nil, component: "VTODO"), at: Self.path("/alice/cal/task.ics"), condition: .none)

            func names(_ query: StorageQuery) async throws -> Set<String> {
                let found = try #require(try await storage.query(query, in: cal))
                #expect(found.allSatisfy { !$0.isExactMatch })
                return Set(found.map(\.name))
            }
            #expect(try await names(StorageQuery(componentType: "VEVENT", timeRangeStart: year2100 - 86_400, timeRangeEnd: year2100 + 86_400))
                    == ["future.ics", "endless.ics"])
            #expect(try await names(StorageQuery(componentType: "VEVENT", timeRangeStart: 1_000_000_000, timeRangeEnd: 1_000_001_000))
                    == ["past.ics"])
            #expect(try await names(StorageQuery(componentType: "VTODO")) == ["task.ics"])
            #expect(try await names(StorageQuery(timeRangeStart: 2_000_000_000, timeRangeEnd: 2_000_100_000)) == ["endless.ics", "task.ics"])
            #expect(try await storage.query(StorageQuery(), in: Self.path("/alice")) == nil, "plain collections are left to the core")
        }
    }

    @Test func aFailedWriteLeavesNoTrace() async throws {
        try await PostgresTestDatabase.withStorage { storage in
            try await Self.makeCalendar(storage)
            _ = try await storage.putObject(ConformanceFixtures.event(uid: "taken"), at: Self.path("/alice/cal/a.ics"), condition: .none)
            let before = try await PostgresTestDatabase.scalar("SELECT version FROM collections WHERE path = '/alice/cal'", on: storage)
            await #expect(throws: StorageError.self) {
                _ = try await storage.putObject(ConformanceFixtures.event(uid: "taken"), at: Self.path("/alice/cal/b.ics"), condition: .none)
            }
            #expect(try await PostgresTestDatabase.scalar("SELECT version FROM collections WHERE path = '/alice/cal'", on: storage) == before)
            #expect(try await PostgresTestDatabase.scalar("SELECT count(*) FROM changes WHERE name = 'b.ics'", on: storage) == 0)
            #expect(try await PostgresTestDatabase.scalar("SELECT count(*) FROM items", on: storage) == 1)
        }
    }

    @Test func principalsFollowTheirHomes() async throws {
        try await PostgresTestDatabase.withStorage { storage in
            try await Self.makeCalendar(storage)
            #expect(try await PostgresTestDatabase.scalar("SELECT count(*) FROM principals WHERE name = 'alice'", on: storage) == 1)
            #expect(try await PostgresTestDatabase.scalar(
                "SELECT count(*) FROM collections c JOIN principals p ON p.id = c.principal_id WHERE p.name = 'alice'", on: storage) == 2)
            _ = try await storage.transfer(from: Self.path("/alice"), to: Self.path("/carol"), overwrite: false, keepSource: false)
            #expect(try await PostgresTestDatabase.scalar("SELECT count(*) FROM principals WHERE name = 'alice'", on: storage) == 0)
            #expect(try await PostgresTestDatabase.scalar(
                "SELECT count(*) FROM collections c JOIN principals p ON p.id = c.principal_id WHERE p.name = 'carol'", on: storage) == 2)
            try await storage.deleteCollection(at: Self.path("/carol"))
            #expect(try await PostgresTestDatabase.scalar("SELECT count(*) FROM principals", on: storage) == 0)
        }
    }
}
