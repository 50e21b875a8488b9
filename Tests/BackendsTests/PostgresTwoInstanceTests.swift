import DAVCore
import DAVTesting
import PostgresStorage
import Testing

/// Two `PostgresStorage` instances on one database, as two pocketdav processes behind a load
/// balancer see it: no state may live in either instance.
@Suite(.enabled(if: PostgresTestDatabase.shouldRun, PostgresTestDatabase.skipReason), .serialized)
struct PostgresTwoInstanceTests {
    static func path(_ raw: String) -> ResourcePath { try! ResourcePath(decoding: raw) }

    static func makeTree(_ storage: PostgresStorage) async throws {
        try await storage.createCollection(at: path("/alice"), kind: .plain, properties: [:])
        try await storage.createCollection(at: path("/alice/cal"), kind: .calendar, properties: [:])
    }

    @Test func aWriteThroughOneIsVisibleThroughTheOtherAtOnce() async throws {
        try await PostgresTestDatabase.withStorages(2) { instances in
            let (a, b) = (instances[0], instances[1])
            try await Self.makeTree(a)
            let first = try await a.putObject(ConformanceFixtures.event(uid: "one"), at: Self.path("/alice/cal/one.ics"),
                                              condition: .mustNotExist)
            guard case .object(let seen)? = try await b.resource(at: Self.path("/alice/cal/one.ics")) else {
                Issue.record("instance b does not see a's new object")
                return
            }
            #expect(seen.etag == first.etag)
            let second = try await b.putObject(ConformanceFixtures.event(uid: "one", summary: "edited by b"),
                                               at: Self.path("/alice/cal/one.ics"), condition: .etagMatches([first.etag]))
            let read = try await a.objects(in: Self.path("/alice/cal"), named: ["one.ics"])
            #expect(read.first?.info.etag == second.etag)
            #expect(read.first?.bytes == ConformanceFixtures.event(uid: "one", summary: "edited by b").bytes)
            try await a.deleteObject(at: Self.path("/alice/cal/one.ics"), condition: .etagMatches([second.etag]))
            #expect(try await b.resource(at: Self.path("/alice/cal/one.ics")) == nil)
        }
    }

    @Test func aSyncTokenFromOneWorksOnTheOther() async throws {
        try await PostgresTestDatabase.withStorages(2) { instances in
            let (a, b) = (instances[0], instances[1])
            try await Self.makeTree(a)
            let cal = Self.path("/alice/cal")
            _ = try await a.putObject(ConformanceFixtures.event(uid: "x"), at: Self.path("/alice/cal/x.ics"), condition: .none)
            guard let token = try await a.collection(at: cal)?.syncToken else {
                Issue.record("no collection")
                return
            }
            #expect(try await b.collection(at: cal)?.syncToken == token, "the instances disagree on the token")
            _ = try await b.putObject(ConformanceFixtures.event(uid: "y"), at: Self.path("/alice/cal/y.ics"), condition: .none)
            try await a.deleteObject(at: Self.path("/alice/cal/x.ics"), condition: .none)
            let fromB = try await b.changes(in: cal, since: token, limit: nil)
            let fromA = try await a.changes(in: cal, since: token, limit: nil)
            #expect(fromB.changed == ["y.ics"] && fromB.deleted == ["x.ics"])
            #expect(fromA == fromB)
        }
    }

    @Test func conflictingIfMatchPutsOnBothInstancesHaveOneWinner() async throws {
        try await PostgresTestDatabase.withStorages(2, poolSize: 10) { instances in
            try await Self.makeTree(instances[0])
            let target = Self.path("/alice/cal/shared.ics")
            for round in 0..<5 {
                let base = try await instances[0].putObject(ConformanceFixtures.event(uid: "shared", summary: "base \(round)"),
                                                            at: target, condition: .none)
                let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for writer in 0..<20 {
                        let storage = instances[writer % 2]
                        group.addTask {
                            do {
                                _ = try await storage.putObject(
                                    ConformanceFixtures.event(uid: "shared", summary: "round \(round) writer \(writer)"),
                                    at: target, condition: .etagMatches([base.etag]))
                                return true
                            } catch let error as StorageError where error.code == .preconditionFailed {
                                return false
                            }
                        }
                    }
                    var wins: [Bool] = []
                    for try await won in group { wins.append(won) }
                    return wins
                }
                #expect(outcomes.count(where: { $0 }) == 1, "round \(round): \(outcomes.count(where: { $0 })) winners")
            }
        }
    }

    @Test func twoHundredWritersAcrossBothLoseNothingAndNeverDuplicateAUID() async throws {
        try await PostgresTestDatabase.withStorages(2, poolSize: 10) { instances in
            try await Self.makeTree(instances[0])
            let cal = Self.path("/alice/cal")
            let initial = try await instances[1].collection(at: cal)?.syncToken
            // Writers 2k and 2k+1 put different names with the same UID, on different instances:
            // exactly one of each pair may win. Every winner must be stored with its etag.
            let results = try await withThrowingTaskGroup(of: (String, String, ETag?, ResourcePath?).self) { group in
                for writer in 0..<200 {
                    let storage = instances[writer % 2]
                    let name = "w\(writer).ics"
                    let uid = "uid-\(writer / 2)"
                    group.addTask {
                        do {
                            let outcome = try await storage.putObject(ConformanceFixtures.event(uid: uid, summary: name),
                                                                      at: try cal.appending(name), condition: .mustNotExist)
                            return (name, uid, outcome.etag, nil)
                        } catch let error as StorageError where error.code == .uidConflict {
                            return (name, uid, nil, error.existing)
                        }
                    }
                }
                var results: [(String, String, ETag?, ResourcePath?)] = []
                for try await result in group { results.append(result) }
                return results
            }
            let winners = results.filter { $0.2 != nil }
            #expect(winners.count == 100, "expected one winner per UID, got \(winners.count)")
            #expect(Set(winners.map(\.1)).count == 100, "a UID was stored twice")
            let winnerByUID = Dictionary(uniqueKeysWithValues: winners.map { ($0.1, $0.0) })
            for loser in results where loser.2 == nil {
                #expect(loser.3 == (try cal.appending(winnerByUID[loser.1] ?? "?")), "uidConflict for \(loser.0) names \(String(describing: loser.3))")
            }
            for storage in instances {
                let members = try await storage.members(of: cal)
                #expect(members.count == 100)
                var etags: [String: ETag] = [:]
                for case .object(let info) in members { etags[info.path.name ?? ""] = info.etag }
                for winner in winners { #expect(etags[winner.0] == winner.2, "\(winner.0) lost or changed") }
                let delta = try await storage.changes(in: cal, since: initial, limit: nil)
                #expect(Set(delta.changed) == Set(winners.map(\.0)) && delta.deleted.isEmpty)
            }
            // And 200 writers of distinct objects: every one lands.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<200 {
                    let storage = instances[writer % 2]
                    group.addTask {
                        _ = try await storage.putObject(ConformanceFixtures.event(uid: "distinct-\(writer)"),
                                                        at: try cal.appending("d\(writer).ics"), condition: .mustNotExist)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await instances[0].members(of: cal).count == 300)
        }
    }
}
