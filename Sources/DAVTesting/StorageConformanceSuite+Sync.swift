import DAVCore

/// Versions, ctags and RFC 6578 sync: what changes them, what does not, deltas, limits, bad tokens.
extension StorageConformanceSuite {
    static let syncCases: [(name: String, body: Case)] = [
        ("sync.versionChangesOnEveryWrite", versionChangesOnWrites),
        ("sync.versionStableAcrossReads", versionStableOnReads),
        ("sync.initialSyncListsEverything", initialSync),
        ("sync.deltaAfterPutUpdateDelete", deltaAfterChanges),
        ("sync.deletedThenRecreatedIsChanged", deletedThenRecreated),
        ("sync.limitTruncatesAndContinues", limitTruncates),
        ("sync.invalidAndForeignTokensAreRejected", invalidTokens),
    ]

    static func versionChangesOnWrites(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        var seen: [String] = []
        func snapshot(_ step: String) async throws {
            let info = try await c.collectionInfo("/alice/cal")
            try c.expect(isURI(info.syncToken), "sync token \(info.syncToken) is not a URI (RFC 6578 §3.2)")
            try c.expect(!seen.contains(info.syncToken), "sync token did not change after \(step)")
            try c.expect(!seen.contains(info.ctag), "ctag did not change after \(step)")
            seen += [info.syncToken, info.ctag]
        }
        try await snapshot("creation")
        let put = try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a"))
        try await snapshot("put")
        try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a", summary: "changed"))
        try await snapshot("update")
        try await c.storage.setProperties([.dav("displayname"): PropertyValue(text: "Renamed")],
                                          at: ConformanceContext.path("/alice/cal"))
        try await snapshot("proppatch")
        try await c.storage.deleteObject(at: ConformanceContext.path("/alice/cal/a.ics"), condition: .none)
        try await snapshot("delete")
        _ = put
        // A failed write is not a change.
        let before = try await c.collectionInfo("/alice/cal")
        _ = try? await c.put("/alice/cal/b.ics", ConformanceFixtures.event(uid: "b"), .mustExist)
        try c.expect(try await c.collectionInfo("/alice/cal").syncToken == before.syncToken,
                     "a failed conditional put changed the sync token")
    }

    static func versionStableOnReads(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a"))
        let cal = ConformanceContext.path("/alice/cal")
        let before = try await c.collectionInfo("/alice/cal")
        _ = try await c.storage.resource(at: ConformanceContext.path("/alice/cal/a.ics"))
        _ = try await c.storage.members(of: cal)
        _ = try await c.storage.objects(in: cal, named: ["a.ics", "zzz.ics"])
        _ = try await c.storage.changes(in: cal, since: nil, limit: nil)
        _ = try await c.storage.changes(in: cal, since: before.syncToken, limit: 1)
        _ = try await c.storage.query(StorageQuery(componentType: "VEVENT"), in: cal)
        _ = try await c.storage.members(of: ConformanceContext.path("/alice"))
        let after = try await c.collectionInfo("/alice/cal")
        try c.expect(after.ctag == before.ctag, "ctag changed on reads")
        try c.expect(after.syncToken == before.syncToken, "sync token changed on reads")
        try c.expect(after.properties == before.properties, "properties changed on reads")
    }

    static func initialSync(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let cal = ConformanceContext.path("/alice/cal")
        let empty = try await c.storage.changes(in: cal, since: nil, limit: nil)
        try c.expect(empty.changed.isEmpty && empty.deleted.isEmpty && !empty.truncated, "empty calendar: \(empty)")
        for name in ["a.ics", "b.ics", "c.ics"] { try await c.put("/alice/cal/\(name)", ConformanceFixtures.event(uid: name)) }
        try await c.put("/alice/cal/d.ics", ConformanceFixtures.event(uid: "d"))
        try await c.storage.deleteObject(at: ConformanceContext.path("/alice/cal/d.ics"), condition: .none)
        let all = try await c.storage.changes(in: cal, since: nil, limit: nil)
        try c.expect(Set(all.changed) == ["a.ics", "b.ics", "c.ics"] && all.changed.count == 3, "initial sync changed: \(all.changed)")
        try c.expect(all.deleted.isEmpty, "an initial sync must not report deletions: \(all.deleted)")
        try c.expect(!all.truncated, "an unlimited sync was truncated")
        try c.expect(all.newToken == (try await c.collectionInfo("/alice/cal")).syncToken,
                     "the new token differs from the collection's sync token")
    }

    static func deltaAfterChanges(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let cal = ConformanceContext.path("/alice/cal")
        for name in ["a.ics", "b.ics", "keep.ics"] { try await c.put("/alice/cal/\(name)", ConformanceFixtures.event(uid: name)) }
        let token = try await c.collectionInfo("/alice/cal").syncToken
        let none = try await c.storage.changes(in: cal, since: token, limit: nil)
        try c.expect(none.changed.isEmpty && none.deleted.isEmpty, "no change yet, got \(none)")
        try c.expect(none.newToken == token, "the token moved without a change")

        try await c.put("/alice/cal/new.ics", ConformanceFixtures.event(uid: "new"))
        try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a.ics", summary: "edited"))
        try await c.storage.deleteObject(at: ConformanceContext.path("/alice/cal/b.ics"), condition: .none)
        let delta = try await c.storage.changes(in: cal, since: token, limit: nil)
        try c.expect(delta.changed == ["new.ics", "a.ics"], "changed must be [new.ics, a.ics] oldest first, got \(delta.changed)")
        try c.expect(delta.deleted == ["b.ics"], "deleted must be [b.ics], got \(delta.deleted)")
        try c.expect(!delta.truncated, "an unlimited delta was truncated")
        let current = try await c.collectionInfo("/alice/cal").syncToken
        try c.expect(delta.newToken == current, "the delta token differs from the current sync token")
        let after = try await c.storage.changes(in: cal, since: delta.newToken, limit: nil)
        try c.expect(after.changed.isEmpty && after.deleted.isEmpty, "a delta from the newest token: \(after)")
        // The old token keeps working after further changes.
        let again = try await c.storage.changes(in: cal, since: token, limit: nil)
        try c.expect(Set(again.changed) == ["new.ics", "a.ics"] && again.deleted == ["b.ics"], "the old token now gives \(again)")
    }

    static func deletedThenRecreated(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let cal = ConformanceContext.path("/alice/cal")
        try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a"))
        let token = try await c.collectionInfo("/alice/cal").syncToken
        try await c.storage.deleteObject(at: ConformanceContext.path("/alice/cal/a.ics"), condition: .none)
        try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a", summary: "back"))
        try await c.put("/alice/cal/temp.ics", ConformanceFixtures.event(uid: "temp"))
        try await c.storage.deleteObject(at: ConformanceContext.path("/alice/cal/temp.ics"), condition: .none)
        let delta = try await c.storage.changes(in: cal, since: token, limit: nil)
        try c.expect(delta.changed == ["a.ics"], "a deleted-then-recreated object is changed: \(delta)")
        try c.expect(!delta.deleted.contains("a.ics"), "a re-created object must not be reported deleted")
        try c.expect(!delta.changed.contains("temp.ics"), "an object created and deleted since the token is not changed")
    }

    static func limitTruncates(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let cal = ConformanceContext.path("/alice/cal")
        let names = (0..<10).map { "item\($0).ics" }
        for name in names { try await c.put("/alice/cal/\(name)", ConformanceFixtures.event(uid: name)) }

        func drain(from start: String?, limit: Int) async throws -> (changed: Set<String>, deleted: Set<String>, token: String) {
            var token = start
            var changed: Set<String> = []
            var deleted: Set<String> = []
            for round in 0..<50 {
                let page = try await c.storage.changes(in: cal, since: token, limit: limit)
                try c.expect(page.changed.count + page.deleted.count <= limit, "page \(round) exceeds the limit: \(page)")
                changed.formUnion(page.changed)
                deleted.formUnion(page.deleted)
                token = page.newToken
                if !page.truncated { return (changed, deleted, page.newToken) }
                try c.expect(!page.changed.isEmpty || !page.deleted.isEmpty, "a truncated page returned nothing")
            }
            throw c.fail("paging with limit \(limit) never finished")
        }

        let first = try await c.storage.changes(in: cal, since: nil, limit: 3)
        try c.expect(first.truncated, "10 members with limit 3 must be truncated")
        try c.expect(first.changed.count <= 3, "limit 3 returned \(first.changed.count)")
        let initial = try await drain(from: nil, limit: 3)
        try c.expect(initial.changed == Set(names), "paging the initial sync missed \(Set(names).subtracting(initial.changed))")

        for name in names.prefix(5) {
            try await c.put("/alice/cal/\(name)", ConformanceFixtures.event(uid: name, summary: "v2"))
        }
        for name in names.suffix(2) {
            try await c.storage.deleteObject(at: ConformanceContext.path("/alice/cal/\(name)"), condition: .none)
        }
        let delta = try await drain(from: initial.token, limit: 2)
        try c.expect(delta.changed == Set(names.prefix(5)), "paged delta changed: \(delta.changed.sorted())")
        try c.expect(delta.deleted == Set(names.suffix(2)), "paged delta deleted: \(delta.deleted.sorted())")
        try c.expect(delta.token == (try await c.collectionInfo("/alice/cal")).syncToken,
                     "the last page's token is not the current one")
    }

    static func invalidTokens(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.mkcol("/alice/other", .calendar)
        let cal = ConformanceContext.path("/alice/cal")
        try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a"))
        for bad in ["", "garbage", "http://example.com/ns/sync/1", "urn:x-pocketdav:sync:nope:1"] {
            try await c.expectError(.invalidSyncToken, "token \"\(bad)\"") {
                try await c.storage.changes(in: cal, since: bad, limit: nil)
            }
        }
        try await c.put("/alice/other/b.ics", ConformanceFixtures.event(uid: "b"))
        let foreign = try await c.collectionInfo("/alice/other").syncToken
        try await c.expectError(.invalidSyncToken, "a token issued by another collection") {
            try await c.storage.changes(in: cal, since: foreign, limit: nil)
        }
        // A collection deleted and re-created at the same path does not accept the old tokens.
        let old = try await c.collectionInfo("/alice/other").syncToken
        try await c.storage.deleteCollection(at: ConformanceContext.path("/alice/other"))
        try await c.mkcol("/alice/other", .calendar)
        try await c.expectError(.invalidSyncToken, "a token of a deleted collection") {
            try await c.storage.changes(in: ConformanceContext.path("/alice/other"), since: old, limit: nil)
        }
        try await c.expectError(.notFound, "changes of a missing collection") {
            try await c.storage.changes(in: ConformanceContext.path("/alice/none"), since: nil, limit: nil)
        }
    }

    /// A URI per RFC 3986 §3.1: a scheme of letters, digits, `+-.` starting with a letter, then `:`.
    static func isURI(_ s: String) -> Bool {
        guard let colon = s.firstIndex(of: ":"), colon != s.startIndex, s.index(after: colon) != s.endIndex,
            let first = s.first, first.isASCII, first.isLetter
        else { return false }
        return s[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }
}
