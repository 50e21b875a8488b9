import DAVCore
import DAVTesting
import FileSystemStorage
import Foundation
import GitStorage
import Logging
import Synchronization
import Testing

@testable import PocketDAVApp

/// `StorageCopier` between real and in-memory backends: what arrives, what a second run does,
/// and that one bad item does not stop the rest.
@Suite struct StorageCopyTests {
    @Test func copiesEveryCollectionItemAndPropertyBetweenMemoryStorages() async throws {
        let source = MemoryStorage()
        try await CopyFixture.populate(source)
        let destination = MemoryStorage()
        let seen = Mutex<[StorageCopier.Progress]>([])
        let report = try await StorageCopier(from: source, to: destination, batchSize: 2).run { p in
            seen.withLock { $0.append(p) }
        }
        #expect(report.succeeded, "\(report.failures) \(report.mismatches)")
        #expect(report.total == CopyFixture.objectCount)
        #expect(report.objectsCopied == CopyFixture.objectCount && report.objectsSkipped == 0)
        #expect(report.collectionsCreated == CopyFixture.collectionCount)
        #expect(report.verified == CopyFixture.objectCount)
        let progress = seen.withLock { $0 }
        #expect(progress.map(\.done) == Array(1...CopyFixture.objectCount))
        #expect(progress.allSatisfy { $0.total == CopyFixture.objectCount })
        #expect(try await CopyFixture.snapshot(destination) == CopyFixture.snapshot(source))
    }

    @Test func aSecondRunCopiesNothingAndChangesNothing() async throws {
        let source = MemoryStorage()
        try await CopyFixture.populate(source)
        let destination = MemoryStorage()
        let copier = StorageCopier(from: source, to: destination)
        _ = try await copier.run()
        let versions = try await CopyFixture.ctags(destination)
        let again = try await copier.run()
        #expect(again.succeeded)
        #expect(again.objectsCopied == 0 && again.objectsSkipped == CopyFixture.objectCount)
        #expect(again.collectionsCreated == 0 && again.collectionsExisting == CopyFixture.collectionCount)
        #expect(again.propertiesUpdated == 0)
        #expect(try await CopyFixture.ctags(destination) == versions, "the second run modified a collection")
    }

    @Test func changedBytesAreOverwrittenAndChangedPropertiesRewritten() async throws {
        let source = MemoryStorage()
        try await CopyFixture.populate(source)
        let destination = MemoryStorage()
        let copier = StorageCopier(from: source, to: destination)
        _ = try await copier.run()
        _ = try await source.putObject(ConformanceFixtures.event(uid: "e1", summary: "Moved"),
                                       at: CopyFixture.path("/alice/cal/e1.ics"), condition: .none)
        try await source.setProperties([.dav("displayname"): PropertyValue(text: "Work (renamed)")],
                                       at: CopyFixture.path("/alice/cal"))
        // A value only the destination has is kept: the copy never deletes.
        try await destination.setProperties([QName("urn:x-test", "local"): PropertyValue(text: "mine")],
                                            at: CopyFixture.path("/alice/cal"))
        let report = try await copier.run()
        #expect(report.succeeded, "\(report.failures) \(report.mismatches)")
        #expect(report.objectsCopied == 1 && report.objectsSkipped == CopyFixture.objectCount - 1)
        #expect(report.propertiesUpdated == 1)
        let copied = try await destination.objects(in: CopyFixture.path("/alice/cal"), named: ["e1.ics"])
        #expect(copied.first?.bytes == ConformanceFixtures.event(uid: "e1", summary: "Moved").bytes)
        #expect(copied.first?.info.properties == CopyFixture.objectProperties, "the replaced item lost its properties")
        let cal = try #require(try await destination.collection(at: CopyFixture.path("/alice/cal")))
        #expect(cal.properties[.dav("displayname")] == PropertyValue(text: "Work (renamed)"))
        #expect(cal.properties[QName("urn:x-test", "local")] == PropertyValue(text: "mine"))
    }

    @Test func aUIDConflictAndAnInvalidItemAreReportedAndTheRestIsCopied() async throws {
        let source = MemoryStorage()
        try await CopyFixture.populate(source)
        // The in-memory storage takes any bytes; a real destination needs valid iCalendar.
        _ = try await source.putObject(ConformanceFixtures.file(Array("not a calendar".utf8), contentType: "text/calendar"),
                                       at: CopyFixture.path("/alice/cal/broken.ics"), condition: .none)
        let destination = MemoryStorage()
        try await destination.createCollection(at: CopyFixture.path("/alice"), kind: .plain, properties: [:])
        try await destination.createCollection(at: CopyFixture.path("/alice/cal"), kind: .calendar, properties: [:])
        _ = try await destination.putObject(ConformanceFixtures.event(uid: "e1", summary: "Elsewhere"),
                                            at: CopyFixture.path("/alice/cal/other-name.ics"), condition: .none)
        // A collection of another kind where the source has one: its subtree is skipped, named.
        try await destination.createCollection(at: CopyFixture.path("/bob"), kind: .plain, properties: [:])
        try await destination.createCollection(at: CopyFixture.path("/bob/contacts"), kind: .plain, properties: [:])

        let report = try await StorageCopier(from: source, to: destination).run()
        #expect(!report.succeeded)
        let failures = Dictionary(uniqueKeysWithValues: report.failures.map { ($0.path.description, $0.reason) })
        #expect(failures.keys.sorted() == ["/alice/cal/broken.ics", "/alice/cal/e1.ics", "/bob/contacts"])
        #expect(failures["/alice/cal/e1.ics"]?.contains("/alice/cal/other-name.ics") == true, "\(failures)")
        #expect(failures["/alice/cal/broken.ics"]?.contains("iCalendar") == true, "\(failures)")
        #expect(failures["/bob/contacts"]?.contains("a plain collection here, the source an address book") == true, "\(failures)")
        #expect(report.mismatches.isEmpty, "failures are not reported twice: \(report.mismatches)")
        #expect(report.objectsCopied == CopyFixture.objectCount - 2, "the other items were not all copied")
        #expect(report.verified == CopyFixture.objectCount - 2, "the final check counts only items that were copied")
        let bob = try await destination.objects(in: CopyFixture.path("/bob/cal"), named: ["b1.ics"])
        #expect(bob.count == 1)
    }

    @Test func theFinalCheckNamesItemsThatDifferAtTheDestination() async throws {
        let source = MemoryStorage()
        try await CopyFixture.populate(source)
        let destination = MemoryStorage()
        let copier = StorageCopier(from: source, to: destination)
        _ = try await copier.run()
        // Compare directly, as the final check does, after the destination drifted.
        _ = try await destination.putObject(ConformanceFixtures.vcard(uid: "c1", name: "Changed"),
                                            at: CopyFixture.path("/alice/contacts/c1.vcf"), condition: .none)
        let problems = try await copier.compare(["c1.vcf", "missing.vcf"], in: CopyFixture.path("/alice/contacts"))
        #expect(problems.map(\.path.description) == ["/alice/contacts/c1.vcf"])
        #expect(problems.first?.reason.contains("different bytes") == true)
    }

    @Test func filesystemToGitAndBackIsByteIdentical() async throws {
        let folder = try CopyFixture.TemporaryFolder()
        defer { folder.remove() }
        let first = try FileSystemStorage(folder: folder.path + "/a", logger: CopyFixture.logger)
        try await CopyFixture.populate(first)
        let git = try GitStorage(options: GitStorageOptions(repository: folder.path + "/b.git"), logger: CopyFixture.logger)
        let last = try FileSystemStorage(folder: folder.path + "/c", logger: CopyFixture.logger)

        let toGit = try await StorageCopier(from: first, to: git).run()
        #expect(toGit.succeeded && toGit.objectsCopied == CopyFixture.objectCount, "\(toGit.failures) \(toGit.mismatches)")
        let back = try await StorageCopier(from: git, to: last).run()
        #expect(back.succeeded && back.objectsCopied == CopyFixture.objectCount, "\(back.failures) \(back.mismatches)")
        let expected = try await CopyFixture.snapshot(first)
        #expect(try await CopyFixture.snapshot(git) == expected)
        #expect(try await CopyFixture.snapshot(last) == expected)

        let again = try await StorageCopier(from: git, to: last).run()
        #expect(again.objectsCopied == 0 && again.objectsSkipped == CopyFixture.objectCount && again.propertiesUpdated == 0)
    }

    @Test func anExistingRadicaleTreeIsCopied() async throws {
        let folder = try CopyFixture.TemporaryFolder()
        defer { folder.remove() }
        // Laid out as Radicale writes it: a props file per collection, one file per item.
        let root = folder.path + "/radicale/collection-root"
        try folder.write(root + "/carol/.Radicale.props", "{}")
        try folder.write(root + "/carol/cal/.Radicale.props", #"{"tag": "VCALENDAR", "D:displayname": "Carol"}"#)
        let event = ConformanceFixtures.event(uid: "r1").bytes
        try folder.write(root + "/carol/cal/r1.ics", String(decoding: event, as: UTF8.self))
        let radicale = try FileSystemStorage(folder: folder.path + "/radicale", logger: CopyFixture.logger)
        let destination = MemoryStorage()
        let report = try await StorageCopier(from: radicale, to: destination).run()
        #expect(report.succeeded && report.objectsCopied == 1, "\(report.failures)")
        let cal = try #require(try await destination.collection(at: CopyFixture.path("/carol/cal")))
        #expect(cal.kind == .calendar)
        #expect(cal.properties[.dav("displayname")] == PropertyValue(text: "Carol"))
        #expect(try await destination.objects(in: cal.path, named: ["r1.ics"]).first?.bytes == event)
    }
}

/// The tree every copy test moves, and a backend-neutral picture of a storage to compare.
enum CopyFixture {
    static func path(_ raw: String) -> ResourcePath { try! ResourcePath(decoding: raw) }

    static var logger: Logger {
        var logger = Logger(label: "copy-test")
        logger.logLevel = .warning
        return logger
    }

    static let objectProperties: [QName: PropertyValue] = [QName("http://example.com/ns/", "note"): ConformanceFixtures.markupValue]
    /// /alice, /alice/cal, /alice/contacts, /alice/files, /alice/files/deep, /bob, /bob/cal, /bob/contacts
    static let collectionCount = 8
    static let objectCount = 8

    static func populate(_ storage: any Storage) async throws {
        func mkcol(_ raw: String, _ kind: CollectionKind, _ properties: [QName: PropertyValue] = [:]) async throws {
            try await storage.createCollection(at: path(raw), kind: kind, properties: properties)
        }
        func put(_ raw: String, _ content: ObjectContent) async throws {
            _ = try await storage.putObject(content, at: path(raw), condition: .none)
        }
        try await mkcol("/alice", .plain, [.dav("displayname"): PropertyValue(text: "Alice")])
        try await mkcol("/alice/cal", .calendar, [
            .dav("displayname"): PropertyValue(text: "Work"),
            .appleICal("calendar-color"): PropertyValue(text: "#FF0000FF"),
            .caldav("supported-calendar-component-set"): ConformanceFixtures.eventAndTodoComponents,
        ])
        try await mkcol("/alice/contacts", .addressBook, [.dav("displayname"): PropertyValue(text: "People & <friends>")])
        try await mkcol("/alice/files", .plain, [QName("http://example.com/ns/", "tagged"): ConformanceFixtures.markupValue])
        try await mkcol("/alice/files/deep", .plain)
        try await mkcol("/bob", .plain)
        try await mkcol("/bob/cal", .calendar)
        try await mkcol("/bob/contacts", .addressBook)

        try await put("/alice/cal/e1.ics", ConformanceFixtures.event(uid: "e1"))
        try await put("/alice/cal/t 1@home.ics", ConformanceFixtures.todo(uid: "t1"))
        try await put("/alice/contacts/c1.vcf", ConformanceFixtures.vcard(uid: "c1"))
        try await put("/alice/files/raw.bin", ConformanceFixtures.file(ConformanceFixtures.awkwardBytes))
        try await put("/alice/files/deep/notes.txt", ConformanceFixtures.file(Array("plain\n".utf8), contentType: "text/plain"))
        try await put("/bob/cal/b1.ics", ConformanceFixtures.event(uid: "b1", summary: "Bob's"))
        try await put("/bob/cal/b2.ics", ConformanceFixtures.event(uid: "b2", summary: "Ünïcödé"))
        try await put("/bob/contacts/c1.vcf", ConformanceFixtures.vcard(uid: "c1", name: "Same UID, other book"))
        try await storage.setProperties(objectProperties, at: path("/alice/cal/e1.ics"))
        try await storage.setProperties([.dav("displayname"): PropertyValue(text: "Notes")],
                                        at: path("/alice/files/deep/notes.txt"))
    }

    struct Entry: Hashable {
        var kind: CollectionKind?
        var bytes: [UInt8]?
        var properties: [QName: PropertyValue]
    }

    /// Every collection (kind, properties) and object (bytes, properties) below the root, by href.
    static func snapshot(_ storage: any Storage) async throws -> [String: Entry] {
        var out: [String: Entry] = [:]
        var pending: [ResourcePath] = [.root]
        while let collection = pending.popLast() {
            var names: [String] = []
            for member in try await storage.members(of: collection) {
                switch member {
                case .collection(let c):
                    out[c.path.href(collection: true)] = Entry(kind: c.kind, properties: c.properties)
                    pending.append(c.path)
                case .object(let o):
                    names.append(o.path.name!)
                }
            }
            for object in try await storage.objects(in: collection, named: names) {
                out[object.info.path.href(collection: false)] = Entry(bytes: object.bytes, properties: object.info.properties)
            }
        }
        return out
    }

    /// Every collection's ctag, which changes on any write below it.
    static func ctags(_ storage: any Storage) async throws -> [ResourcePath: String] {
        var out: [ResourcePath: String] = [:]
        var pending: [ResourcePath] = [.root]
        while let collection = pending.popLast() {
            for case .collection(let c) in try await storage.members(of: collection) {
                out[c.path] = c.ctag
                pending.append(c.path)
            }
        }
        return out
    }

    /// A fresh folder under /tmp, removed by `remove()`.
    struct TemporaryFolder {
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("pocketdav-copy-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        func write(_ file: String, _ text: String) throws {
            let url = URL(fileURLWithPath: file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: false, encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }
}
