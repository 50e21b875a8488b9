import DAVCore

/// Many tasks at once: independent writes all land; a compare-and-swap has exactly one winner.
extension StorageConformanceSuite {
    static let concurrencyCases: [(name: String, body: Case)] = [
        ("concurrency.fiftyDistinctPutsAllLand", distinctPutsAllLand),
        ("concurrency.conditionalPutsHaveOneWinner", conditionalPutsOneWinner),
    ]

    static func distinctPutsAllLand(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let storage = c.storage
        let initial = try await c.collectionInfo("/alice/cal").syncToken
        let names = (0..<50).map { "concurrent-\($0).ics" }
        let etags = try await withThrowingTaskGroup(of: (String, ETag).self) { group in
            for name in names {
                group.addTask {
                    let outcome = try await storage.putObject(ConformanceFixtures.event(uid: name),
                                                              at: ConformanceContext.path("/alice/cal/\(name)"),
                                                              condition: .mustNotExist)
                    return (name, outcome.etag)
                }
            }
            var etags: [String: ETag] = [:]
            for try await (name, etag) in group { etags[name] = etag }
            return etags
        }
        let members = try await c.storage.members(of: ConformanceContext.path("/alice/cal"))
        try c.expect(members.count == 50, "expected 50 members after 50 concurrent puts, found \(members.count)")
        for case .object(let info) in members {
            try c.expect(etags[info.path.name ?? ""] == info.etag, "etag of \(info.path) differs from its put outcome")
        }
        let delta = try await c.storage.changes(in: ConformanceContext.path("/alice/cal"), since: initial, limit: nil)
        try c.expect(Set(delta.changed) == Set(names) && delta.changed.count == 50, "sync after concurrent puts: \(delta.changed.count)")
        let stored = try await c.storage.objects(in: ConformanceContext.path("/alice/cal"), named: names)
        for object in stored {
            try c.expect(object.bytes == ConformanceFixtures.event(uid: object.info.path.name ?? "").bytes,
                         "bytes of \(object.info.path) are not its own")
        }
    }

    static func conditionalPutsOneWinner(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let storage = c.storage
        let base = try await c.put("/alice/cal/shared.ics", ConformanceFixtures.event(uid: "shared", summary: "base"))
        let outcomes = try await withThrowingTaskGroup(of: (Int, ETag?).self) { group in
            for writer in 0..<50 {
                group.addTask {
                    do {
                        let outcome = try await storage.putObject(
                            ConformanceFixtures.event(uid: "shared", summary: "writer \(writer)"),
                            at: ConformanceContext.path("/alice/cal/shared.ics"), condition: .etagMatches([base.etag]))
                        return (writer, outcome.etag)
                    } catch let error as StorageError where error.code == .preconditionFailed {
                        return (writer, nil)
                    }
                }
            }
            var results: [(Int, ETag?)] = []
            for try await result in group { results.append(result) }
            return results
        }
        let winners = outcomes.filter { $0.1 != nil }
        try c.expect(winners.count == 1, "expected exactly one winning compare-and-swap, got \(winners.count)")
        guard let (writer, etag) = winners.first else { return }
        let stored = try await c.object("/alice/cal/shared.ics")
        try c.expect(stored.info.etag == etag, "the stored etag is not the winner's")
        try c.expect(stored.bytes == ConformanceFixtures.event(uid: "shared", summary: "writer \(writer)").bytes,
                     "the stored bytes are not the winner's")
    }
}
