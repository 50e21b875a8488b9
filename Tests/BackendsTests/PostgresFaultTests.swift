import DAVCore
import DAVTesting
import Testing

@testable import PostgresStorage

/// Connections cut under concurrent writes (the server terminating their backends, as a
/// restart or failover does): every call ends, with success or `.unavailable`; every write that
/// succeeded is stored; the pool recovers by itself. `tests/e2e/pg_fault.py` does the same with
/// the real binary and a stopped server.
@Suite(.enabled(if: PostgresTestDatabase.shouldRun, PostgresTestDatabase.skipReason), .serialized)
struct PostgresFaultTests {
    @Test(.timeLimit(.minutes(1))) func connectionsCutDuringWritesLoseNothingAcknowledged() async throws {
        var configuration = try PostgresTestDatabase.configuration(poolSize: 4)
        configuration.applicationName = "pocketdav-fault-\(configuration.schema)"
        configuration.unavailableAfter = .seconds(10)
        let victim = PostgresStorage(configuration: configuration, logger: PostgresTestDatabase.logger)
        let killer = PostgresStorage(configuration: try PostgresTestDatabase.configuration(schema: configuration.schema, poolSize: 1),
                                     logger: PostgresTestDatabase.logger)
        let application = configuration.applicationName
        try await PostgresTestDatabase.running([victim, killer]) {
            try await victim.migrate()
            try await killer.migrate()
            try await victim.createCollection(at: .root.appending("alice"), kind: .plain, properties: [:])
            let cal = try ResourcePath.root.appending("alice").appending("cal")
            try await victim.createCollection(at: cal, kind: .calendar, properties: [:])

            let end = ContinuousClock.now + .seconds(2)
            let outcomes = try await withThrowingTaskGroup(of: [(String, ETag?)].self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        var mine: [(String, ETag?)] = []
                        var i = 0
                        while ContinuousClock.now < end {
                            let name = "w\(writer)-\(i).ics"
                            do {
                                let outcome = try await victim.putObject(ConformanceFixtures.event(uid: name),
                                                                         at: try cal.appending(name), condition: .mustNotExist)
                                mine.append((name, outcome.etag))
                            } catch let error as StorageError where error.code == .unavailable {
                                mine.append((name, nil))
                            }
                            i += 1
                        }
                        return mine
                    }
                }
                group.addTask {
                    while ContinuousClock.now < end - .milliseconds(500) {
                        try await Task.sleep(for: .milliseconds(100))
                        _ = try await PostgresTestDatabase.scalar("""
                            SELECT count(pg_terminate_backend(pid))::bigint FROM pg_stat_activity
                            WHERE application_name = '\(application)'
                            """, on: killer)
                    }
                    return []
                }
                var all: [(String, ETag?)] = []
                for try await some in group { all += some }
                return all
            }
            let acknowledged = outcomes.filter { $0.1 != nil }
            #expect(outcomes.count > acknowledged.count, "no write noticed the cut connections")
            #expect(!acknowledged.isEmpty)
            let stored = try await victim.objects(in: cal, named: acknowledged.map(\.0))
            let etags = Dictionary(uniqueKeysWithValues: stored.map { ($0.info.path.name ?? "", $0.info.etag) })
            for (name, etag) in acknowledged { #expect(etags[name] == etag, "\(name) was acknowledged but is not stored") }
            // Recovered: a write after the cuts goes through.
            _ = try await victim.putObject(ConformanceFixtures.event(uid: "after"), at: try cal.appending("after.ics"), condition: .none)
            try await PostgresTestDatabase.dropSchema(using: killer)
        }
    }
}
