import DAVCore

/// Objects: bytes, etags, write conditions, UID uniqueness, deletion, listing.
extension StorageConformanceSuite {
    static let objectCases: [(name: String, body: Case)] = [
        ("objects.putStoresBytesVerbatim", putStoresBytesVerbatim),
        ("objects.etagStableAcrossReadsAndChangesWithBytes", etagStability),
        ("objects.conditionMustNotExist", conditionMustNotExist),
        ("objects.conditionEtagMatches", conditionEtagMatches),
        ("objects.conditionMustExist", conditionMustExist),
        ("objects.conditionEtagDoesNotMatch", conditionEtagDoesNotMatch),
        ("objects.createdFlag", createdFlag),
        ("objects.uidConflictNamesExistingObject", uidConflict),
        ("objects.sameNameSameUIDReplaces", sameNameSameUIDReplaces),
        ("objects.putIntoMissingParentIsConflict", putIntoMissingParent),
        ("objects.putBelowObjectOrOverCollectionIsForbidden", putForbidden),
        ("objects.deleteChecksConditionAndExistence", deleteObject),
        ("objects.membersListing", membersListing),
        ("objects.objectsNamedSkipsMissing", objectsNamedSkipsMissing),
        ("objects.cachedObjectIsNeverStale", cachedObjectIsNeverStale),
        ("objects.queryHookReturnsSuperset", queryHookReturnsSuperset),
        ("objects.queryHookExactOnlyWhenCertain", queryHookExactOnlyWhenCertain),
    ]

    static func putStoresBytesVerbatim(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let blob = ConformanceFixtures.file(ConformanceFixtures.awkwardBytes, contentType: "application/x-test")
        let put = try await c.put("/alice/files/blob.bin", blob)
        let stored = try await c.object("/alice/files/blob.bin")
        try c.expect(stored.bytes == blob.bytes, "bytes changed on the way through storage")
        try c.expect(stored.info.size == blob.bytes.count, "size \(stored.info.size) != \(blob.bytes.count)")
        try c.expect(stored.info.etag == put.etag, "objects(named:) etag differs from the put outcome")
        try c.expect(stored.info.contentType == "application/x-test", "content type not kept: \(stored.info.contentType)")

        let event = ConformanceFixtures.event(uid: "verbatim-1")
        try await c.put("/alice/cal/ev.ics", event)
        let storedEvent = try await c.object("/alice/cal/ev.ics")
        try c.expect(storedEvent.bytes == event.bytes, "calendar object bytes were rewritten")
        let info = try await c.objectInfo("/alice/cal/ev.ics")
        try c.expect(info.size == event.bytes.count, "resource(at:) size is wrong")
    }

    static func etagStability(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let first = try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a", summary: "one"))
        for _ in 0..<2 {
            try c.expect(try await c.objectInfo("/alice/cal/a.ics").etag == first.etag, "etag changed on read")
            try c.expect(try await c.object("/alice/cal/a.ics").info.etag == first.etag, "etag changed on read")
        }
        let listed = try await c.storage.members(of: ConformanceContext.path("/alice/cal"))
        try c.expect(listed.contains { if case .object(let o) = $0 { o.etag == first.etag } else { false } },
                     "members(of:) reports a different etag")
        let second = try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a", summary: "two"))
        try c.expect(second.etag != first.etag, "etag did not change when the bytes changed")
        try c.expect(try await c.objectInfo("/alice/cal/a.ics").etag == second.etag, "new etag not reported")
        try await c.put("/alice/cal/b.ics", ConformanceFixtures.event(uid: "b"))
        try c.expect(try await c.objectInfo("/alice/cal/a.ics").etag == second.etag,
                     "etag changed because another object was written")
    }

    static func conditionMustNotExist(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let original = ConformanceFixtures.event(uid: "a", summary: "original")
        let put = try await c.put("/alice/cal/a.ics", original, .mustNotExist)
        try c.expect(put.created, "If-None-Match: * on an absent object must create it")
        try await c.expectError(.preconditionFailed, "mustNotExist on an existing object") {
            try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a", summary: "clobber"), .mustNotExist)
        }
        try c.expect(try await c.object("/alice/cal/a.ics").bytes == original.bytes, "a failed put changed the object")
    }

    static func conditionEtagMatches(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.expectError(.preconditionFailed, "etagMatches on an absent object") {
            try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a"), .etagMatches([ETag("nope")]))
        }
        try await c.expectAbsent("/alice/cal/a.ics")
        let v1 = try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a", summary: "v1"))
        let v2 = try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a", summary: "v2"),
                                 .etagMatches([v1.etag]))
        try c.expect(!v2.created, "a conditional replace reported created")
        try await c.expectError(.preconditionFailed, "etagMatches with a stale etag") {
            try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a", summary: "v3"), .etagMatches([v1.etag]))
        }
        try c.expect(try await c.objectInfo("/alice/cal/a.ics").etag == v2.etag, "a failed put changed the etag")
        try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a", summary: "v3"),
                        .etagMatches([ETag("other"), v2.etag]))
    }

    static func conditionMustExist(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.expectError(.preconditionFailed, "mustExist on an absent object") {
            try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a"), .mustExist)
        }
        try await c.expectAbsent("/alice/cal/a.ics")
        try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a"))
        let replaced = try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a", summary: "x"), .mustExist)
        try c.expect(!replaced.created, "mustExist replace reported created")
    }

    static func conditionEtagDoesNotMatch(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let first = try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a"),
                                    .etagDoesNotMatch([ETag("whatever")]))
        try c.expect(first.created, "etagDoesNotMatch on an absent object must create it")
        try await c.expectError(.preconditionFailed, "etagDoesNotMatch with the current etag") {
            try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a", summary: "x"),
                            .etagDoesNotMatch([first.etag]))
        }
        try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a", summary: "y"),
                        .etagDoesNotMatch([ETag("stale")]))
    }

    static func createdFlag(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try c.expect(try await c.put("/alice/files/f.txt", ConformanceFixtures.file([1])).created, "first put not created")
        try c.expect(!(try await c.put("/alice/files/f.txt", ConformanceFixtures.file([2])).created),
                     "second put reported created")
        try await c.storage.deleteObject(at: ConformanceContext.path("/alice/files/f.txt"), condition: .none)
        try c.expect(try await c.put("/alice/files/f.txt", ConformanceFixtures.file([3])).created,
                     "put after delete not created")
    }

    static func uidConflict(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "shared-uid"))
        let error = try await c.expectError(.uidConflict, "a second object with the same UID") {
            try await c.put("/alice/cal/b.ics", ConformanceFixtures.event(uid: "shared-uid"))
        }
        try c.expect(error.existing == ConformanceContext.path("/alice/cal/a.ics"),
                     "uidConflict must name the existing object, got \(String(describing: error.existing))")
        try await c.expectAbsent("/alice/cal/b.ics")
        // The same UID in another collection is no conflict.
        try await c.mkcol("/alice/cal2", .calendar)
        try await c.put("/alice/cal2/b.ics", ConformanceFixtures.event(uid: "shared-uid"))
        // Once a.ics changes its UID, the old one is free again.
        try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "renamed-uid"))
        try await c.put("/alice/cal/b.ics", ConformanceFixtures.event(uid: "shared-uid"))
        try await c.expectError(.uidConflict, "the UID a.ics now has") {
            try await c.put("/alice/cal/c.ics", ConformanceFixtures.event(uid: "renamed-uid"))
        }
        // Deleting frees the UID.
        try await c.storage.deleteObject(at: ConformanceContext.path("/alice/cal/a.ics"), condition: .none)
        try await c.put("/alice/cal/c.ics", ConformanceFixtures.event(uid: "renamed-uid"))
        // vCards too.
        try await c.put("/alice/book/x.vcf", ConformanceFixtures.vcard(uid: "card-1"))
        try await c.expectError(.uidConflict, "a duplicate vCard UID") {
            try await c.put("/alice/book/y.vcf", ConformanceFixtures.vcard(uid: "card-1"))
        }
    }

    static func sameNameSameUIDReplaces(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "u", summary: "1"))
        let again = try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "u", summary: "2"))
        try c.expect(!again.created, "a replace with the same UID reported created")
        try c.expect(try await c.object("/alice/cal/a.ics").bytes == ConformanceFixtures.event(uid: "u", summary: "2").bytes,
                     "replace did not store the new bytes")
    }

    static func putIntoMissingParent(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.expectError(.conflict, "put into a missing collection") {
            try await c.put("/alice/missing/a.ics", ConformanceFixtures.event(uid: "a"))
        }
        try await c.expectError(.conflict, "put two levels below a missing collection") {
            try await c.put("/nobody/missing/a.ics", ConformanceFixtures.event(uid: "a"))
        }
        try await c.expectAbsent("/alice/missing")
    }

    static func putForbidden(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.put("/alice/files/f.txt", ConformanceFixtures.file([1, 2]))
        try await c.expectError(.forbidden, "put below an object") {
            try await c.put("/alice/files/f.txt/g.txt", ConformanceFixtures.file([3]))
        }
        try await c.expectError(.forbidden, "put onto a collection") {
            try await c.put("/alice/cal", ConformanceFixtures.event(uid: "a"))
        }
        try c.expect(try await c.collectionInfo("/alice/cal").kind == .calendar, "the collection was replaced")
    }

    static func deleteObject(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let p = ConformanceContext.path("/alice/cal/a.ics")
        let put = try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a"))
        try await c.expectError(.preconditionFailed, "delete with a stale etag") {
            try await c.storage.deleteObject(at: p, condition: .etagMatches([ETag("stale")]))
        }
        try await c.expectError(.preconditionFailed, "delete with If-None-Match: *") {
            try await c.storage.deleteObject(at: p, condition: .mustNotExist)
        }
        _ = try await c.objectInfo("/alice/cal/a.ics")
        try await c.storage.deleteObject(at: p, condition: .etagMatches([put.etag]))
        try await c.expectAbsent("/alice/cal/a.ics")
        try await c.expectError(.notFound, "delete of an absent object") {
            try await c.storage.deleteObject(at: p, condition: .none)
        }
        try await c.expectError(.notFound, "delete in a missing collection") {
            try await c.storage.deleteObject(at: ConformanceContext.path("/alice/nope/a.ics"), condition: .none)
        }
    }

    static func membersListing(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        var etags: [String: ETag] = [:]
        for name in ["c.ics", "a.ics", "b.ics"] {
            etags[name] = try await c.put("/alice/cal/\(name)", ConformanceFixtures.event(uid: name)).etag
        }
        let members = try await c.storage.members(of: ConformanceContext.path("/alice/cal"))
        try c.expect(Set(members.compactMap(\.path.name)) == Set(etags.keys), "members: \(members.map(\.path))")
        for member in members {
            guard case .object(let info) = member else { throw c.fail("a calendar listed a collection") }
            try c.expect(info.etag == etags[info.path.name ?? ""], "members etag for \(info.path) is wrong")
            try c.expect(info.path.parent == ConformanceContext.path("/alice/cal"), "member path \(info.path)")
        }
        let again = try await c.storage.members(of: ConformanceContext.path("/alice/cal"))
        try c.expect(again.map(\.path) == members.map(\.path), "members order is not stable")

        let home = try await c.storage.members(of: ConformanceContext.path("/alice"))
        var kinds: [String: CollectionKind] = [:]
        for case .collection(let info) in home { kinds[info.path.name ?? ""] = info.kind }
        try c.expect(kinds == ["cal": .calendar, "book": .addressBook, "files": .plain], "home members: \(kinds)")
        try c.expect(try await c.memberNames("/").contains("alice"), "root does not list /alice")

        try await c.expectError(.notFound, "members of an object") {
            try await c.storage.members(of: ConformanceContext.path("/alice/cal/a.ics"))
        }
        try await c.expectError(.notFound, "members of a missing collection") {
            try await c.storage.members(of: ConformanceContext.path("/alice/none"))
        }
    }

    static func objectsNamedSkipsMissing(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "a"))
        try await c.put("/alice/cal/b.ics", ConformanceFixtures.event(uid: "b"))
        let found = try await c.storage.objects(in: ConformanceContext.path("/alice/cal"),
                                                named: ["a.ics", "missing.ics", "b.ics"])
        try c.expect(Set(found.compactMap(\.info.path.name)) == ["a.ics", "b.ics"], "objects(named:) returned \(found.map(\.info.path))")
        for object in found {
            let uid = object.info.path.name == "a.ics" ? "a" : "b"
            try c.expect(object.bytes == ConformanceFixtures.event(uid: uid).bytes, "wrong bytes for \(object.info.path)")
        }
        try await c.expectError(.notFound, "objects(in:) of a missing collection") {
            try await c.storage.objects(in: ConformanceContext.path("/alice/none"), named: ["a.ics"])
        }
        let none = try await c.storage.objects(in: ConformanceContext.path("/alice/cal"), named: [])
        try c.expect(none.isEmpty, "objects(named: []) returned objects")
        let onlyMissing = try await c.storage.objects(in: ConformanceContext.path("/alice/cal"), named: ["missing.ics"])
        try c.expect(onlyMissing.isEmpty, "objects(named:) of missing names returned \(onlyMissing.map(\.info.path))")
        try await c.expectError(.notFound, "objects(in:named: []) of a missing collection") {
            try await c.storage.objects(in: ConformanceContext.path("/alice/none"), named: [])
        }
    }

    static func queryHookReturnsSuperset(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.put("/alice/cal/ev.ics", ConformanceFixtures.event(uid: "ev"))
        try await c.put("/alice/cal/td.ics", ConformanceFixtures.todo(uid: "td"))
        let query = StorageQuery(componentType: "VTODO")
        guard let candidates = try await c.storage.query(query, in: ConformanceContext.path("/alice/cal")) else { return }
        try c.expect(candidates.contains { $0.name == "td.ics" }, "query dropped a matching object")
        try c.expect(!candidates.contains { $0.name == "ev.ics" && $0.isExactMatch },
                     "query claims an exact match for a VEVENT when asked for VTODO")
        let ranged = StorageQuery(componentType: "VEVENT", timeRangeStart: 1_704_150_000, timeRangeEnd: 1_704_240_000)
        if let inRange = try await c.storage.query(ranged, in: ConformanceContext.path("/alice/cal")) {
            try c.expect(inRange.contains { $0.name == "ev.ics" }, "time-range query dropped a matching event")
        }
    }

    /// The core answers exact candidates unread, so an exact flag must never be wrong: only for
    /// a complete query whose range overlaps the object's fixed instance (10:00–11:00 on
    /// 2024-01-02 UTC here; touching ranges do not overlap, RFC 4791 §9.9).
    static func queryHookExactOnlyWhenCertain(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.put("/alice/cal/ev.ics", ConformanceFixtures.event(uid: "ev"))
        let cal = ConformanceContext.path("/alice/cal")
        let start: Int64 = 1_704_189_600, end: Int64 = 1_704_193_200
        let never: [(String, StorageQuery)] = [
            ("an incomplete query", StorageQuery(componentType: "VEVENT", timeRangeStart: start, timeRangeEnd: end)),
            ("a range ending at the start", StorageQuery(componentType: "VEVENT", timeRangeStart: start - 3600,
                                                          timeRangeEnd: start, isComplete: true)),
            ("a range starting at the end", StorageQuery(componentType: "VEVENT", timeRangeStart: end,
                                                           timeRangeEnd: end + 3600, isComplete: true)),
            ("VTODO", StorageQuery(componentType: "VTODO", timeRangeStart: start, timeRangeEnd: end, isComplete: true)),
        ]
        for (what, query) in never {
            let candidates = try await c.storage.query(query, in: cal) ?? []
            try c.expect(!candidates.contains { $0.isExactMatch }, "query claims an exact match for \(what)")
        }
        let overlapping = StorageQuery(componentType: "VEVENT", timeRangeStart: end - 1, timeRangeEnd: nil, isComplete: true)
        if let candidates = try await c.storage.query(overlapping, in: cal) {
            try c.expect(candidates.contains { $0.name == "ev.ics" }, "query dropped an event that overlaps its range")
        }
    }
}

extension StorageConformanceSuite {
    /// For backends that index `ObjectSummary.fixedInstance` (the contract lets a backend never
    /// flag a candidate exact, so this is not a conformance case): a fixed event is flagged exact
    /// for a complete overlapping query, a recurring one (no fixed instance) is not.
    public static func expectFixedInstancesFlaggedExact(on storage: any Storage) async throws {
        let c = ConformanceContext(storage: storage, caseName: "fixedInstancesFlaggedExact")
        try await c.makeStandardTree()
        try await c.put("/alice/cal/ev.ics", ConformanceFixtures.event(uid: "ev"))
        var recurring = ConformanceFixtures.event(uid: "rec")
        recurring.summary?.fixedInstance = nil
        try await c.put("/alice/cal/rec.ics", recurring)
        let query = StorageQuery(componentType: "VEVENT", timeRangeStart: 1_704_150_000, timeRangeEnd: 1_704_240_000,
                                 isComplete: true)
        let candidates = try await storage.query(query, in: ConformanceContext.path("/alice/cal"))
        try c.expect(candidates?.first { $0.name == "ev.ics" }?.isExactMatch == true, "the fixed event is not flagged exact")
        try c.expect(candidates?.first { $0.name == "rec.ics" }?.isExactMatch == false, "an event without a fixed instance is flagged exact")
    }
}

extension StorageConformanceSuite {
    /// For backends that index `ObjectSummary.instances` (optional, like fixed instances): a
    /// complete VEVENT time-range query takes an object with a list as an exact match when one
    /// instance overlaps and leaves it out when none does; an incomplete query or an object
    /// without a list is left to the core.
    public static func expectInstanceListsDecideQueries(on storage: any Storage) async throws {
        let c = ConformanceContext(storage: storage, caseName: "instanceListsDecideQueries")
        try await c.makeStandardTree()
        // Two instances, [1000, 2000) and [5000, 6000): a gap between them.
        var listed = ConformanceFixtures.event(uid: "listed")
        listed.summary = ObjectSummary(uid: "listed", componentType: "VEVENT", firstStart: 1000, lastEnd: 6000,
                                       instances: [.init(start: 1000, end: 2000), .init(start: 5000, end: 6000)])
        try await c.put("/alice/cal/listed.ics", listed)
        var unlisted = ConformanceFixtures.event(uid: "unlisted")
        unlisted.summary = ObjectSummary(uid: "unlisted", componentType: "VEVENT", firstStart: 1000, lastEnd: 6000)
        try await c.put("/alice/cal/unlisted.ics", unlisted)
        let cal = ConformanceContext.path("/alice/cal")
        func candidates(_ start: Int64?, _ end: Int64?, complete: Bool = true) async throws -> [String: Bool] {
            let query = StorageQuery(componentType: "VEVENT", timeRangeStart: start, timeRangeEnd: end, isComplete: complete)
            let found = try await storage.query(query, in: cal) ?? []
            return Dictionary(found.map { ($0.name, $0.isExactMatch) }, uniquingKeysWith: { a, _ in a })
        }
        let gap = try await candidates(2000, 5000)
        try c.expect(gap["listed.ics"] == nil, "an object none of whose instances overlaps was returned: \(gap)")
        try c.expect(gap["unlisted.ics"] == false, "an object without a list was dropped or flagged exact: \(gap)")
        let second = try await candidates(5999, nil)
        try c.expect(second["listed.ics"] == true, "an overlapping instance did not make an exact match: \(second)")
        let first = try await candidates(nil, 1001)
        try c.expect(first["listed.ics"] == true, "an open start bound missed the first instance: \(first)")
        let incomplete = try await candidates(2000, 5000, complete: false)
        try c.expect(incomplete["listed.ics"] == false, "an incomplete query was decided by the list: \(incomplete)")

        // Every write keeps the lists: a rewrite with new instances, MOVE, COPY of the whole
        // calendar, DELETE.
        var moved = listed
        moved.summary?.instances = [.init(start: 3000, end: 4000)]
        try await c.put("/alice/cal/listed.ics", moved)
        try c.expect(try await candidates(3500, 3600)["listed.ics"] == true, "a rewritten list was not used")
        try c.expect(try await candidates(5000, 6000)["listed.ics"] == nil, "a rewritten object kept its old instances")
        try await c.mkcol("/alice/other", .calendar)
        _ = try await storage.transfer(from: ConformanceContext.path("/alice/cal/listed.ics"),
                                       to: ConformanceContext.path("/alice/other/listed.ics"), overwrite: false, keepSource: false)
        try c.expect(try await candidates(3500, 3600)["listed.ics"] == nil, "a moved object still matched at its source")
        _ = try await storage.transfer(from: ConformanceContext.path("/alice/other"), to: ConformanceContext.path("/alice/copy"),
                                       overwrite: false, keepSource: true)
        for path in ["/alice/other", "/alice/copy"] {
            let query = StorageQuery(componentType: "VEVENT", timeRangeStart: 3500, timeRangeEnd: 3600, isComplete: true)
            let found = try await storage.query(query, in: ConformanceContext.path(path)) ?? []
            try c.expect(found == [QueryCandidate(name: "listed.ics", isExactMatch: true)],
                         "\(path) did not answer from the moved or copied list: \(found)")
        }
        try await storage.deleteObject(at: ConformanceContext.path("/alice/copy/listed.ics"), condition: .none)
        let query = StorageQuery(componentType: "VEVENT", timeRangeStart: 3500, timeRangeEnd: 3600, isComplete: true)
        let afterDelete = try await storage.query(query, in: ConformanceContext.path("/alice/copy")) ?? []
        try c.expect(afterDelete.isEmpty, "a deleted object still matched: \(afterDelete)")
    }

    /// `cachedObject` may always answer `nil`, but what it answers must be what
    /// `objects(in:named:)` answers at that moment: never the bytes before a rewrite, never an
    /// object after its deletion.
    static func cachedObjectIsNeverStale(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let cal = ConformanceContext.path("/alice/cal")
        func expectCurrent(_ content: ObjectContent?, _ when: String) async throws {
            _ = try? await c.storage.objects(in: cal, named: ["a.ics"])  // a read may warm a cache
            for _ in 0..<2 {
                guard let cached = c.storage.cachedObject(in: cal, named: "a.ics") else {
                    return
                }
                guard let content else { throw c.fail("cachedObject returned an object \(when)") }
                let current = try await c.object("/alice/cal/a.ics")
                try c.expect(cached.bytes == content.bytes, "cachedObject returned other bytes \(when)")
                try c.expect(cached.info.etag == current.info.etag, "cachedObject's etag differs \(when)")
                try c.expect(cached.info.path == current.info.path, "cachedObject's path differs \(when)")
                try c.expect(cached.info.contentType == current.info.contentType, "cachedObject's type differs \(when)")
            }
        }
        try await expectCurrent(nil, "before the object existed")
        let first = ConformanceFixtures.event(uid: "a", summary: "one")
        try await c.put("/alice/cal/a.ics", first)
        try await expectCurrent(first, "after the first write")
        let second = ConformanceFixtures.event(uid: "a", summary: "two, a little longer")
        try await c.put("/alice/cal/a.ics", second)
        try await expectCurrent(second, "after a rewrite")
        try await c.storage.deleteObject(at: ConformanceContext.path("/alice/cal/a.ics"), condition: .none)
        try await expectCurrent(nil, "after the deletion")
        try c.expect(c.storage.cachedObject(in: ConformanceContext.path("/alice/none"), named: "a.ics") == nil,
                     "cachedObject found an object in a missing collection")
    }
}
