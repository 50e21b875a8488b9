import DAVCore

/// MOVE and COPY of objects and whole collection trees.
extension StorageConformanceSuite {
    static let transferCases: [(name: String, body: Case)] = [
        ("transfer.moveObjectRecordsSync", moveObject),
        ("transfer.copyObjectKeepsSource", copyObject),
        ("transfer.existingDestinationWithoutOverwriteFails", transferWithoutOverwrite),
        ("transfer.overwriteReplacesAndReportsIt", transferWithOverwrite),
        ("transfer.uidConflictAndKindChecks", transferChecks),
        ("transfer.moveCollectionTree", moveCollectionTree),
        ("transfer.copyCollectionTree", copyCollectionTree),
    ]

    static func transfer(_ c: ConformanceContext, _ from: String, _ to: String, overwrite: Bool = false, copy: Bool = false)
        async throws -> Bool
    {
        try await c.storage.transfer(from: ConformanceContext.path(from), to: ConformanceContext.path(to),
                                     overwrite: overwrite, keepSource: copy)
    }

    static func moveObject(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.mkcol("/alice/cal2", .calendar)
        let event = ConformanceFixtures.event(uid: "mover")
        try await c.put("/alice/cal/a.ics", event)
        let author = QName("http://example.com/ns/", "author")
        try await c.storage.setProperties([author: PropertyValue(text: "Jane")], at: ConformanceContext.path("/alice/cal/a.ics"))
        var token = try await c.collectionInfo("/alice/cal").syncToken

        try c.expect(!(try await transfer(c, "/alice/cal/a.ics", "/alice/cal/b.ics")), "a move to a new name replaced something")
        try await c.expectAbsent("/alice/cal/a.ics")
        try c.expect(try await c.object("/alice/cal/b.ics").bytes == event.bytes, "moved bytes differ")
        try c.expect(try await c.objectInfo("/alice/cal/b.ics").properties[author] == PropertyValue(text: "Jane"),
                     "dead properties must move with the object")
        var delta = try await c.storage.changes(in: ConformanceContext.path("/alice/cal"), since: token, limit: nil)
        try c.expect(delta.changed == ["b.ics"] && delta.deleted == ["a.ics"], "rename within a calendar: \(delta)")

        token = try await c.collectionInfo("/alice/cal").syncToken
        let otherToken = try await c.collectionInfo("/alice/cal2").syncToken
        try c.expect(!(try await transfer(c, "/alice/cal/b.ics", "/alice/cal2/b.ics")), "move to another calendar")
        try await c.expectAbsent("/alice/cal/b.ics")
        try c.expect(try await c.object("/alice/cal2/b.ics").bytes == event.bytes, "bytes after a cross-calendar move")
        delta = try await c.storage.changes(in: ConformanceContext.path("/alice/cal"), since: token, limit: nil)
        try c.expect(delta.deleted == ["b.ics"] && delta.changed.isEmpty, "source sync after a move: \(delta)")
        delta = try await c.storage.changes(in: ConformanceContext.path("/alice/cal2"), since: otherToken, limit: nil)
        try c.expect(delta.changed == ["b.ics"] && delta.deleted.isEmpty, "destination sync after a move: \(delta)")
        // The UID left the source collection with the object.
        try await c.put("/alice/cal/again.ics", ConformanceFixtures.event(uid: "mover"))

        try await c.expectError(.notFound, "moving a missing object") { try await transfer(c, "/alice/cal/none.ics", "/alice/cal/x.ics") }
        try await c.expectError(.conflict, "moving into a missing collection") {
            try await transfer(c, "/alice/cal2/b.ics", "/alice/none/b.ics")
        }
    }

    static func copyObject(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.mkcol("/alice/cal2", .calendar)
        let event = ConformanceFixtures.event(uid: "copied")
        let source = try await c.put("/alice/cal/a.ics", event)
        let author = QName("http://example.com/ns/", "author")
        try await c.storage.setProperties([author: PropertyValue(text: "Jane")], at: ConformanceContext.path("/alice/cal/a.ics"))
        let token = try await c.collectionInfo("/alice/cal2").syncToken
        let sourceToken = try await c.collectionInfo("/alice/cal").syncToken
        try c.expect(!(try await transfer(c, "/alice/cal/a.ics", "/alice/cal2/c.ics", copy: true)), "copy replaced something")
        try c.expect(try await c.object("/alice/cal/a.ics").bytes == event.bytes, "the copy source changed")
        try c.expect(try await c.objectInfo("/alice/cal/a.ics").etag == source.etag, "the copy source's etag changed")
        try c.expect(try await c.object("/alice/cal2/c.ics").bytes == event.bytes, "copied bytes differ")
        try c.expect(try await c.objectInfo("/alice/cal2/c.ics").properties[author] == PropertyValue(text: "Jane"),
                     "dead properties must be copied (RFC 4918 §9.8.2)")
        let delta = try await c.storage.changes(in: ConformanceContext.path("/alice/cal2"), since: token, limit: nil)
        try c.expect(delta.changed == ["c.ics"], "destination sync after a copy: \(delta)")
        try c.expect(try await c.collectionInfo("/alice/cal").syncToken == sourceToken, "a copy changed the source's token")
        // The copy is independent of its source.
        try await c.put("/alice/cal2/c.ics", ConformanceFixtures.event(uid: "copied", summary: "edited"))
        try c.expect(try await c.object("/alice/cal/a.ics").bytes == event.bytes, "editing the copy changed the source")
        try await c.expectError(.uidConflict, "copying within one calendar duplicates the UID") {
            try await transfer(c, "/alice/cal/a.ics", "/alice/cal/dup.ics", copy: true)
        }
    }

    static func transferWithoutOverwrite(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let a = ConformanceFixtures.file(Array("A".utf8))
        let b = ConformanceFixtures.file(Array("B".utf8))
        try await c.put("/alice/files/a", a)
        try await c.put("/alice/files/b", b)
        for copy in [false, true] {
            try await c.expectError(.preconditionFailed, "\(copy ? "copy" : "move") onto an existing object without overwrite") {
                try await transfer(c, "/alice/files/a", "/alice/files/b", copy: copy)
            }
        }
        try c.expect(try await c.object("/alice/files/a").bytes == a.bytes, "the source changed")
        try c.expect(try await c.object("/alice/files/b").bytes == b.bytes, "the destination changed")
        try await c.mkcol("/alice/files/dir", .plain)
        try await c.expectError(.preconditionFailed, "move onto an existing collection without overwrite") {
            try await transfer(c, "/alice/files/a", "/alice/files/dir")
        }
    }

    static func transferWithOverwrite(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let a = ConformanceFixtures.file(Array("A".utf8))
        try await c.put("/alice/files/a", a)
        try await c.put("/alice/files/b", ConformanceFixtures.file(Array("B".utf8)))
        try c.expect(try await transfer(c, "/alice/files/a", "/alice/files/b", overwrite: true), "overwrite must return true")
        try await c.expectAbsent("/alice/files/a")
        try c.expect(try await c.object("/alice/files/b").bytes == a.bytes, "the destination was not replaced")
        try c.expect(try await c.memberNames("/alice/files").filter { $0 == "b" }.count == 1, "duplicate member after overwrite")

        try await c.put("/alice/cal/x.ics", ConformanceFixtures.event(uid: "x"))
        try await c.put("/alice/cal/y.ics", ConformanceFixtures.event(uid: "y"))
        try c.expect(try await transfer(c, "/alice/cal/x.ics", "/alice/cal/y.ics", overwrite: true, copy: false),
                     "overwriting move in a calendar must return true")
        try c.expect(try await c.object("/alice/cal/y.ics").bytes == ConformanceFixtures.event(uid: "x").bytes, "y.ics not replaced")
        // y's old UID is gone with it; x's UID now lives at y.ics.
        try await c.put("/alice/cal/z.ics", ConformanceFixtures.event(uid: "y"))
        try await c.expectError(.uidConflict, "x's UID lives on at y.ics") {
            try await c.put("/alice/cal/w.ics", ConformanceFixtures.event(uid: "x"))
        }
        // Collections overwrite collections.
        try await c.mkcol("/alice/old", .plain)
        try await c.put("/alice/old/stale.txt", ConformanceFixtures.file([1]))
        try await c.mkcol("/alice/new", .plain)
        try await c.put("/alice/new/fresh.txt", ConformanceFixtures.file([2]))
        try c.expect(try await transfer(c, "/alice/new", "/alice/old", overwrite: true), "collection overwrite must return true")
        try c.expect(try await c.memberNames("/alice/old") == ["fresh.txt"], "the overwritten collection kept old members")
        try await c.expectAbsent("/alice/new")
    }

    static func transferChecks(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.mkcol("/alice/cal2", .calendar)
        try await c.put("/alice/cal/a.ics", ConformanceFixtures.event(uid: "same"))
        try await c.put("/alice/cal2/other.ics", ConformanceFixtures.event(uid: "same"))
        try await c.expectError(.uidConflict, "moving an object whose UID exists in the destination") {
            try await transfer(c, "/alice/cal/a.ics", "/alice/cal2/a.ics")
        }
        try await c.expectAbsent("/alice/cal2/a.ics")
        _ = try await c.objectInfo("/alice/cal/a.ics")
        try await c.put("/alice/book/card.vcf", ConformanceFixtures.vcard(uid: "card"))
        try await c.expectError(.forbidden, "a vCard into a calendar") {
            try await transfer(c, "/alice/book/card.vcf", "/alice/cal/card.vcf")
        }
        try await c.expectError(.forbidden, "an event into an address book") {
            try await transfer(c, "/alice/cal/a.ics", "/alice/book/a.ics", copy: true)
        }
        try await c.expectError(.forbidden, "a collection into a calendar") {
            try await transfer(c, "/alice/files", "/alice/cal/files")
        }
        try await c.expectError(.forbidden, "a collection into itself") {
            try await transfer(c, "/alice/files", "/alice/files/inner", copy: true)
        }
        try await c.expectAbsent("/alice/cal/card.vcf")
        _ = try await c.collectionInfo("/alice/files")
    }

    /// `/alice/src/` with properties, a file with properties, a sub-folder and a calendar.
    static func makeTree(_ c: ConformanceContext) async throws -> [QName: PropertyValue] {
        let props: [QName: PropertyValue] = [
            .dav("displayname"): PropertyValue(text: "Source"),
            QName("http://example.com/ns/", "markup"): ConformanceFixtures.markupValue,
        ]
        try await c.mkcol("/alice/src", .plain, props)
        try await c.put("/alice/src/readme.txt", ConformanceFixtures.file(Array("read me".utf8), contentType: "text/plain"))
        try await c.storage.setProperties([.dav("displayname"): PropertyValue(text: "Readme")],
                                          at: ConformanceContext.path("/alice/src/readme.txt"))
        try await c.mkcol("/alice/src/sub", .plain)
        try await c.mkcol("/alice/src/sub/cal", .calendar, [.dav("displayname"): PropertyValue(text: "Deep")])
        try await c.put("/alice/src/sub/cal/ev.ics", ConformanceFixtures.event(uid: "deep"))
        return props
    }

    static func expectTree(_ c: ConformanceContext, at root: String, props: [QName: PropertyValue]) async throws {
        try c.expect(try await c.collectionInfo(root).properties == props, "tree root properties at \(root)")
        try c.expect(try await c.object("\(root)/readme.txt").bytes == Array("read me".utf8), "readme bytes at \(root)")
        let readme = try await c.objectInfo("\(root)/readme.txt")
        try c.expect(readme.properties == [.dav("displayname"): PropertyValue(text: "Readme")], "readme properties at \(root)")
        try c.expect(readme.contentType == "text/plain", "readme content type at \(root): \(readme.contentType)")
        let cal = try await c.collectionInfo("\(root)/sub/cal")
        try c.expect(cal.kind == .calendar && cal.properties == [.dav("displayname"): PropertyValue(text: "Deep")],
                     "nested calendar at \(root)")
        try c.expect(try await c.object("\(root)/sub/cal/ev.ics").bytes == ConformanceFixtures.event(uid: "deep").bytes,
                     "nested event at \(root)")
        let changes = try await c.storage.changes(in: ConformanceContext.path("\(root)/sub/cal"), since: nil, limit: nil)
        try c.expect(changes.changed == ["ev.ics"], "nested calendar sync at \(root): \(changes)")
    }

    static func moveCollectionTree(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let props = try await makeTree(c)
        let homeToken = try await c.collectionInfo("/alice").syncToken
        try c.expect(!(try await transfer(c, "/alice/src", "/alice/dst")), "moving to a new name replaced something")
        try await c.expectAbsent("/alice/src")
        try await c.expectAbsent("/alice/src/sub/cal/ev.ics")
        try await expectTree(c, at: "/alice/dst", props: props)
        let names = try await c.memberNames("/alice")
        try c.expect(names.contains("dst") && !names.contains("src"), "home members after a move: \(names)")
        try c.expect(try await c.collectionInfo("/alice").syncToken != homeToken, "the parent's token did not change")
        // The moved tree is writable in its new place, and the old name is free.
        try await c.put("/alice/dst/sub/cal/ev2.ics", ConformanceFixtures.event(uid: "ev2"))
        try await c.mkcol("/alice/src", .calendar)
    }

    static func copyCollectionTree(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let props = try await makeTree(c)
        let sourceToken = try await c.collectionInfo("/alice/src/sub/cal").syncToken
        try c.expect(!(try await transfer(c, "/alice/src", "/alice/copy", copy: true)), "copying to a new name replaced something")
        try await expectTree(c, at: "/alice/src", props: props)
        try await expectTree(c, at: "/alice/copy", props: props)
        // The copy is independent: writes to it leave the source alone.
        try await c.put("/alice/copy/sub/cal/ev.ics", ConformanceFixtures.event(uid: "deep", summary: "changed"))
        try await c.storage.setProperties([.dav("displayname"): nil], at: ConformanceContext.path("/alice/copy"))
        try await expectTree(c, at: "/alice/src", props: props)
        try c.expect(try await c.collectionInfo("/alice/src/sub/cal").syncToken == sourceToken, "copying changed the source token")
        // The copy diverges from its source, so the source's tokens must not be accepted there.
        try await c.expectError(.invalidSyncToken, "a source token used on the copy") {
            try await c.storage.changes(in: ConformanceContext.path("/alice/copy/sub/cal"), since: sourceToken, limit: nil)
        }
        try await c.expectError(.preconditionFailed, "copying onto an existing collection without overwrite") {
            try await transfer(c, "/alice/src", "/alice/copy", copy: true)
        }
    }
}
