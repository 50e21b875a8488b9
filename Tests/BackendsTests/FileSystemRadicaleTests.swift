import DAVCore
import DAVTesting
@testable import FileSystemStorage
import Logging
import Testing

/// Sharing a folder with Radicale 3: reading its layout as is, and writing only what it can read.
@Suite struct FileSystemRadicaleTests {
    static let calendarProps = ##"{"C:calendar-description": "Team events", "C:supported-calendar-component-set": "VEVENT,VTODO", "D:displayname": "Work", "ICAL:calendar-color": "#ff0000ff", "tag": "VCALENDAR"}"##

    static func event(_ uid: String, _ summary: String = "Standup") -> String {
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Radicale//NONSGML Radicale Server//EN\r\nBEGIN:VEVENT\r\nUID:\(uid)\r\n"
            + "DTSTART:20240102T100000Z\r\nDTSTAMP:20240101T000000Z\r\nSUMMARY:\(summary)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    }

    /// What Radicale 3 leaves on disk for one user with a calendar and an address book.
    static func makeRadicaleFolder(_ folder: TemporaryFolder) throws {
        try folder.write("alice/cal/.Radicale.props", calendarProps)
        try folder.write("alice/cal/ev1.ics", event("uid-1"))
        try folder.write("alice/cal/ev2.ics", event("uid-2", "Review"))
        try folder.write("alice/cal/.Radicale.cache/item/ev1.ics", "pickled-by-radicale")
        try folder.write("alice/book/.Radicale.props", #"{"D:displayname": "Contacts", "tag": "VADDRESSBOOK"}"#)
        try folder.write("alice/book/c1.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:card-1\r\nFN:Bob\r\nEND:VCARD\r\n")
    }

    @Test func readsAnExistingRadicaleFolder() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Self.makeRadicaleFolder(folder)
        let storage = try FileSystemStorage(folder: folder.path, logger: Logger(label: "test"))

        let cal = try #require(try await storage.collection(at: path("/alice/cal")))
        #expect(cal.kind == .calendar)
        #expect(cal.properties[.dav("displayname")] == PropertyValue(text: "Work"))
        #expect(cal.properties[.caldav("calendar-description")] == PropertyValue(text: "Team events"))
        #expect(cal.properties[.appleICal("calendar-color")] == PropertyValue(text: "#ff0000ff"))
        #expect(cal.properties[.caldav("supported-calendar-component-set")] == ConformanceFixtures.eventAndTodoComponents)
        let book = try #require(try await storage.collection(at: path("/alice/book")))
        #expect(book.kind == .addressBook)
        #expect(try await storage.collection(at: path("/alice"))?.kind == .plain)

        let members = try await storage.members(of: path("/alice/cal"))
        #expect(members.map(\.path) == [path("/alice/cal/ev1.ics"), path("/alice/cal/ev2.ics")])
        for case .object(let info) in members {
            let bytes = try #require(folder.read("alice/cal/\(info.path.name!)"))
            #expect(info.etag == ETag(ContentHash.hex(bytes)))
            #expect(info.contentType.hasPrefix("text/calendar"))
        }
        #expect(try await storage.members(of: path("/alice")).compactMap(\.path.name) == ["book", "cal"])

        // UIDs found by reading the files still guard against duplicates.
        let conflict = await #expect(throws: StorageError.self) {
            try await storage.putObject(ConformanceFixtures.event(uid: "uid-1"), at: path("/alice/cal/copy.ics"), condition: .none)
        }
        #expect(conflict?.code == .uidConflict)
        #expect(conflict?.existing == path("/alice/cal/ev1.ics"))
        // Radicale's cache is Radicale's: never listed, never touched.
        #expect(folder.text("alice/cal/.Radicale.cache/item/ev1.ics") == "pickled-by-radicale")
    }

    @Test func writesKeepRadicalesFormat() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Self.makeRadicaleFolder(folder)
        let storage = try FileSystemStorage(folder: folder.path, logger: Logger(label: "test"))
        let markup = QName("http://example.com/ns/", "note")
        try await storage.setProperties([.dav("displayname"): PropertyValue(text: "Renamed"),
                                         markup: ConformanceFixtures.markupValue,
                                         QName("http://example.com/ns/", "plain"): PropertyValue(text: "Zürich")],
                                        at: path("/alice/cal"))
        let new = ConformanceFixtures.event(uid: "uid-3")
        try await storage.putObject(new, at: path("/alice/cal/ev3.ics"), condition: .mustNotExist)

        #expect(folder.text("alice/cal/.Radicale.props") == ##"{"C:calendar-description": "Team events", "C:supported-calendar-component-set": "VEVENT,VTODO", "D:displayname": "Renamed", "ICAL:calendar-color": "#ff0000ff", "tag": "VCALENDAR", "{http://example.com/ns/}plain": "Z\u00fcrich"}"##)
        let sidecar = try #require(folder.text("alice/cal/.pocketdav/props.json"))
        #expect(sidecar.contains("{http://example.com/ns/}note"))
        #expect(folder.read("alice/cal/ev3.ics") == new.bytes)
        // Only items, Radicale's files and pocketdav's dot-folder are in the collection.
        #expect(folder.list("alice/cal") == [".Radicale.cache", ".Radicale.props", ".pocketdav", "ev1.ics", "ev2.ics", "ev3.ics"])

        let reopened = try FileSystemStorage(folder: folder.path, logger: Logger(label: "test"))
        let cal = try #require(try await reopened.collection(at: path("/alice/cal")))
        #expect(cal.properties[markup] == ConformanceFixtures.markupValue)
        #expect(cal.properties[.dav("displayname")] == PropertyValue(text: "Renamed"))
    }

    @Test func newCollectionsAreRadicaleCollections() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try FileSystemStorage(folder: folder.path, logger: Logger(label: "test"))
        try await storage.createCollection(at: path("/bob"), kind: .plain, properties: [.dav("displayname"): PropertyValue(text: "Bob")])
        try await storage.createCollection(
            at: path("/bob/tasks"), kind: .calendar,
            properties: [.dav("displayname"): PropertyValue(text: "Tasks"),
                         .caldav("supported-calendar-component-set"): PropertyValue(xml: #"<comp xmlns="urn:ietf:params:xml:ns:caldav" name="VTODO"/>"#)])
        try await storage.createCollection(at: path("/bob/people"), kind: .addressBook, properties: [:])
        #expect(folder.text("bob/tasks/.Radicale.props")
                == #"{"C:supported-calendar-component-set": "VTODO", "D:displayname": "Tasks", "tag": "VCALENDAR"}"#)
        #expect(folder.text("bob/people/.Radicale.props") == #"{"tag": "VADDRESSBOOK"}"#)
        // A plain folder has no tag, so Radicale would not see a calendar there: its
        // properties live in the sidecar.
        #expect(!folder.exists("bob/.Radicale.props"))
        #expect(folder.text("bob/.pocketdav/props.json") == #"{"{DAV:}displayname": "Bob"}"#)
    }

    @Test func handEditedRadicalePropsAreAdopted() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Self.makeRadicaleFolder(folder)
        let storage = try FileSystemStorage(folder: folder.path, logger: Logger(label: "test"))
        let before = try #require(try await storage.collection(at: path("/alice/cal")))
        try folder.write("alice/cal/.Radicale.props", #"{"D:displayname": "Edited in Radicale", "tag": "VCALENDAR"}"#)
        try await FileSystemRecoveryTests.waitOutFreshness()
        let after = try #require(try await storage.collection(at: path("/alice/cal")))
        #expect(after.properties[.dav("displayname")] == PropertyValue(text: "Edited in Radicale"))
        #expect(after.ctag != before.ctag)
    }

    @Test func filesAndFoldersArePrivate() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try FileSystemStorage(folder: folder.path + "/data", logger: Logger(label: "test"))
        try await storage.createCollection(at: path("/alice"), kind: .plain, properties: [:])
        try await storage.createCollection(at: path("/alice/cal"), kind: .calendar, properties: [.dav("displayname"): PropertyValue(text: "x")])
        try await storage.putObject(ConformanceFixtures.event(uid: "a"), at: path("/alice/cal/a.ics"), condition: .none)
        try await storage.setProperties([QName("urn:x", "m"): ConformanceFixtures.markupValue], at: path("/alice/cal"))
        let data = TemporaryFolder(existing: folder.path + "/data")
        for directory in ["", "alice", "alice/cal", "alice/cal/.pocketdav"] {
            #expect(data.mode(directory) == 0o700, "folder \(directory)")
        }
        for file in ["alice/cal/a.ics", "alice/cal/.Radicale.props", "alice/cal/.pocketdav/journal",
                     "alice/cal/.pocketdav/props.json", "alice/cal/.pocketdav/lock"] {
            #expect(data.mode(file) == 0o600, "file \(file)")
        }
    }
}
