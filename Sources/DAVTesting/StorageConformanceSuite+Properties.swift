import DAVCore

/// Dead properties (PROPPATCH) on collections and objects, including values with markup.
extension StorageConformanceSuite {
    static let propertyCases: [(name: String, body: Case)] = [
        ("properties.setAndRemoveOnCollection", setAndRemoveOnCollection),
        ("properties.setAndRemoveOnObject", setAndRemoveOnObject),
        ("properties.markupAndEscapedTextRoundTrip", markupRoundTrip),
        ("properties.missingTargetIsNotFound", missingTarget),
    ]

    static func setAndRemoveOnCollection(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let cal = ConformanceContext.path("/alice/cal")
        let color = QName.appleICal("calendar-color")
        try await c.storage.setProperties([.dav("displayname"): PropertyValue(text: "Home"), color: PropertyValue(text: "#00FF00")],
                                          at: cal)
        var props = try await c.collectionInfo("/alice/cal").properties
        try c.expect(props[.dav("displayname")] == PropertyValue(text: "Home"), "displayname not replaced: \(props)")
        try c.expect(props[color] == PropertyValue(text: "#00FF00"), "calendar-color not set: \(props)")
        try await c.storage.setProperties([.dav("displayname"): nil, QName("urn:absent", "never-set"): nil], at: cal)
        props = try await c.collectionInfo("/alice/cal").properties
        try c.expect(props == [color: PropertyValue(text: "#00FF00")], "after removing displayname: \(props)")
        try c.expect(try await c.collectionInfo("/alice/cal").kind == .calendar, "a proppatch changed the kind")

        let files = ConformanceContext.path("/alice/files")
        try await c.storage.setProperties([.dav("displayname"): PropertyValue(text: "Files")], at: files)
        try c.expect(try await c.collectionInfo("/alice/files").properties == [.dav("displayname"): PropertyValue(text: "Files")],
                     "plain collection properties")
        try await c.storage.setProperties([.carddav("addressbook-description"): PropertyValue(text: "Friends")],
                                          at: ConformanceContext.path("/alice/book"))
        try c.expect(try await c.collectionInfo("/alice/book").properties[.carddav("addressbook-description")]
                     == PropertyValue(text: "Friends"), "address book description")
    }

    static func setAndRemoveOnObject(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        let put = try await c.put("/alice/files/doc.txt", ConformanceFixtures.file(Array("doc".utf8), contentType: "text/plain"))
        let doc = ConformanceContext.path("/alice/files/doc.txt")
        let author = QName("http://example.com/ns/", "author")
        try await c.storage.setProperties([author: PropertyValue(text: "Jane"), .dav("displayname"): PropertyValue(text: "Doc")],
                                          at: doc)
        var info = try await c.objectInfo("/alice/files/doc.txt")
        try c.expect(info.properties == [author: PropertyValue(text: "Jane"), .dav("displayname"): PropertyValue(text: "Doc")],
                     "object properties: \(info.properties)")
        try c.expect(info.etag == put.etag, "a proppatch must not change the object's etag")
        let listed = try await c.storage.objects(in: ConformanceContext.path("/alice/files"), named: ["doc.txt"])
        try c.expect(listed.first?.info.properties[author] == PropertyValue(text: "Jane"), "objects(named:) lacks properties")
        try await c.storage.setProperties([author: nil], at: doc)
        info = try await c.objectInfo("/alice/files/doc.txt")
        try c.expect(info.properties == [.dav("displayname"): PropertyValue(text: "Doc")], "after removal: \(info.properties)")
        try c.expect(try await c.object("/alice/files/doc.txt").bytes == Array("doc".utf8), "a proppatch changed the bytes")

        try await c.put("/alice/cal/ev.ics", ConformanceFixtures.event(uid: "ev"))
        try await c.storage.setProperties([author: PropertyValue(text: "Joe")], at: ConformanceContext.path("/alice/cal/ev.ics"))
        try c.expect(try await c.objectInfo("/alice/cal/ev.ics").properties[author] == PropertyValue(text: "Joe"),
                     "calendar object properties")
    }

    static func markupRoundTrip(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.put("/alice/cal/ev.ics", ConformanceFixtures.event(uid: "ev"))
        let values: [QName: PropertyValue] = [
            QName("http://example.com/ns/", "markup"): ConformanceFixtures.markupValue,
            QName("http://example.com/ns/", "escaped"): PropertyValue(text: "a < b && c > \"d\""),
            QName("http://example.com/ns/", "unicode"): PropertyValue(text: "Zürich 📅 東京"),
            QName("http://example.com/other/", "empty"): PropertyValue(xml: ""),
            QName("urn:x-weird-ns:{braces}", "name"): PropertyValue(text: "clark-unfriendly namespace"),
        ]
        for target in ["/alice/cal", "/alice/files", "/alice/cal/ev.ics"] {
            try await c.storage.setProperties(values.mapValues { $0 }, at: ConformanceContext.path(target))
        }
        let cal = try await c.collectionInfo("/alice/cal").properties
        let files = try await c.collectionInfo("/alice/files").properties
        let ev = try await c.objectInfo("/alice/cal/ev.ics").properties
        for (name, value) in values {
            try c.expect(cal[name] == value, "calendar \(name): \(String(describing: cal[name])) != \(value)")
            try c.expect(files[name] == value, "plain collection \(name): \(String(describing: files[name])) != \(value)")
            try c.expect(ev[name] == value, "object \(name): \(String(describing: ev[name])) != \(value)")
        }
    }

    static func missingTarget(_ c: ConformanceContext) async throws {
        try await c.makeStandardTree()
        try await c.expectError(.notFound, "proppatch on a missing object") {
            try await c.storage.setProperties([.dav("displayname"): PropertyValue(text: "x")],
                                              at: ConformanceContext.path("/alice/cal/none.ics"))
        }
        try await c.expectError(.notFound, "proppatch on a missing collection") {
            try await c.storage.setProperties([.dav("displayname"): PropertyValue(text: "x")],
                                              at: ConformanceContext.path("/alice/none"))
        }
    }
}
