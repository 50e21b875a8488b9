import DAVCore

/// Collections: kinds, initial properties, creation errors, recursive deletion.
extension StorageConformanceSuite {
    static let collectionCases: [(name: String, body: Case)] = [
        ("collections.rootIsPlainCollection", rootIsPlainCollection),
        ("collections.createKindsAndPropertiesRoundTrip", createKindsAndProperties),
        ("collections.createOverExistingIsAlreadyExists", createAlreadyExists),
        ("collections.createInMissingParentIsConflict", createInMissingParent),
        ("collections.createInsideCalendarIsForbidden", createInsideCalendar),
        ("collections.deleteIsRecursive", deleteIsRecursive),
    ]

    static func rootIsPlainCollection(_ c: ConformanceContext) async throws {
        let root = try await c.collectionInfo("/")
        try c.expect(root.kind == .plain, "the root must be a plain collection")
        try await c.expectError(.alreadyExists, "creating the root") {
            try await c.storage.createCollection(at: .root, kind: .plain, properties: [:])
        }
    }

    static func createKindsAndProperties(_ c: ConformanceContext) async throws {
        try await c.mkcol("/alice", .plain, [.dav("displayname"): PropertyValue(text: "Alice")])
        let calendarProps: [QName: PropertyValue] = [
            .dav("displayname"): PropertyValue(text: "Work & Play <2024>"),
            .caldav("calendar-description"): PropertyValue(text: "Shared\nwith the team"),
            .appleICal("calendar-color"): PropertyValue(text: "#FF2968FF"),
            .appleICal("calendar-order"): PropertyValue(text: "3"),
            .caldav("supported-calendar-component-set"): ConformanceFixtures.eventAndTodoComponents,
            QName("http://example.com/ns/", "custom"): PropertyValue(text: "custom value é"),
        ]
        try await c.mkcol("/alice/cal", .calendar, calendarProps)
        let bookProps: [QName: PropertyValue] = [
            .dav("displayname"): PropertyValue(text: "Contacts"),
            .carddav("addressbook-description"): PropertyValue(text: "People"),
        ]
        try await c.mkcol("/alice/book", .addressBook, bookProps)
        try await c.mkcol("/alice/files", .plain, [QName("http://example.com/ns/", "tagged"): ConformanceFixtures.markupValue])

        let home = try await c.collectionInfo("/alice")
        try c.expect(home.kind == .plain, "home kind \(home.kind)")
        try c.expect(home.properties == [.dav("displayname"): PropertyValue(text: "Alice")], "home props \(home.properties)")
        let cal = try await c.collectionInfo("/alice/cal")
        try c.expect(cal.kind == .calendar, "calendar kind \(cal.kind)")
        try c.expect(cal.properties == calendarProps, "calendar properties did not round-trip: \(cal.properties)")
        try c.expect(cal.path == ConformanceContext.path("/alice/cal"), "calendar path \(cal.path)")
        let book = try await c.collectionInfo("/alice/book")
        try c.expect(book.kind == .addressBook, "address book kind \(book.kind)")
        try c.expect(book.properties == bookProps, "address book properties: \(book.properties)")
        let files = try await c.collectionInfo("/alice/files")
        try c.expect(files.properties[QName("http://example.com/ns/", "tagged")] == ConformanceFixtures.markupValue,
                     "markup property on a plain collection: \(files.properties)")
        try c.expect(try await c.memberNames("/alice/cal").isEmpty, "a new calendar is not empty")
    }

    static func createAlreadyExists(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.expectError(.alreadyExists, "creating an existing collection") {
            try await c.mkcol("/alice/cal", .calendar)
        }
        try await c.expectError(.alreadyExists, "creating a collection of another kind at an existing one") {
            try await c.mkcol("/alice/files", .addressBook)
        }
        try await c.put("/alice/files/f.txt", ConformanceFixtures.file([1]))
        try await c.expectError(.alreadyExists, "creating a collection over an object") {
            try await c.mkcol("/alice/files/f.txt", .plain)
        }
        try c.expect(try await c.collectionInfo("/alice/files").kind == .plain, "the existing collection changed kind")
    }

    static func createInMissingParent(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.expectError(.conflict, "creating below a missing collection") {
            try await c.mkcol("/alice/missing/cal", .calendar)
        }
        try await c.expectAbsent("/alice/missing")
    }

    static func createInsideCalendar(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.expectError(.forbidden, "a collection inside a calendar") { try await c.mkcol("/alice/cal/sub", .plain) }
        try await c.expectError(.forbidden, "a calendar inside an address book") {
            try await c.mkcol("/alice/book/sub", .calendar)
        }
        try await c.put("/alice/files/f.txt", ConformanceFixtures.file([1]))
        let code = try await c.expectAnyError("a collection below an object") { try await c.mkcol("/alice/files/f.txt/sub", .plain) }
        try c.expect(code == .forbidden || code == .conflict, "a collection below an object: \(code)")
        try await c.expectAbsent("/alice/cal/sub")
    }

    static func deleteIsRecursive(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.mkcol("/alice/tree", .plain, [.dav("displayname"): PropertyValue(text: "Tree")])
        try await c.mkcol("/alice/tree/sub", .plain)
        try await c.mkcol("/alice/tree/sub/cal", .calendar)
        try await c.put("/alice/tree/sub/cal/ev.ics", ConformanceFixtures.event(uid: "ev"))
        try await c.put("/alice/tree/readme.txt", ConformanceFixtures.file(Array("hi".utf8)))
        try await c.storage.deleteCollection(at: ConformanceContext.path("/alice/tree"))
        for path in ["/alice/tree", "/alice/tree/sub", "/alice/tree/sub/cal", "/alice/tree/sub/cal/ev.ics", "/alice/tree/readme.txt"] {
            try await c.expectAbsent(path)
        }
        try c.expect(!(try await c.memberNames("/alice").contains("tree")), "the parent still lists the deleted collection")
        try await c.expectError(.notFound, "deleting a missing collection") {
            try await c.storage.deleteCollection(at: ConformanceContext.path("/alice/tree"))
        }
        // The name is free again, and the new collection starts empty.
        try await c.mkcol("/alice/tree", .calendar)
        try c.expect(try await c.memberNames("/alice/tree").isEmpty, "a re-created collection kept old members")
        try c.expect(try await c.collectionInfo("/alice/tree").properties.isEmpty, "a re-created collection kept properties")
    }
}

extension ConformanceContext {
    /// Runs `body`, which must throw a `StorageError`; returns its code for cases where the contract
    /// allows more than one.
    func expectAnyError<T>(_ what: String, line: UInt = #line, _ body: () async throws -> T) async throws
        -> StorageError.Code
    {
        do {
            let value = try await body()
            throw fail("\(what): expected a StorageError, got success (\(value))", line: line)
        } catch let error as StorageError {
            return error.code
        } catch let failure as ConformanceFailure {
            throw failure
        } catch {
            throw fail("\(what): expected a StorageError, got \(error)", line: line)
        }
    }
}
