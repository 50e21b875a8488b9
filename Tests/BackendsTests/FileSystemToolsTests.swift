import DAVCore
import DAVTesting
import FileSystemStorage
import Logging
import Synchronization
import Testing

/// `FilesystemProbe` and `StorageVerifier`, the start-up and offline checks.
@Suite struct FileSystemToolsTests {
    @Test func probePassesOnALocalDirectoryAndCreatesIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let target = folder.path + "/nested/storage"
        try FilesystemProbe.check(folder: target)
        #expect(TemporaryFolder.mode(atPath: target) == 0o700)
        #expect(TemporaryFolder.list(atPath: target).isEmpty, "the probe removes its scratch directory")
    }

    @Test func probeNamesTheFolderAndCapabilityWhenItFails() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("file", "not a directory")
        let error = #expect(throws: FilesystemProbe.Failure.self) {
            try FilesystemProbe.check(folder: folder.item("file"))
        }
        #expect(error?.capability == .createFolder)
        #expect(error?.description.contains(folder.item("file")) == true)
    }

    @Test func verifierCallsATreeWrittenByTheStorageClean() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let storage = try FileSystemStorage(folder: folder.path, logger: Logger(label: "test"))
        try await storage.createCollection(at: path("/alice"), kind: .plain, properties: [:])
        try await storage.createCollection(at: path("/alice/cal"), kind: .calendar, properties: [:])
        try await storage.createCollection(at: path("/alice/book"), kind: .addressBook, properties: [:])
        for i in 0..<5 {
            try await storage.putObject(ConformanceFixtures.event(uid: "e\(i)"), at: path("/alice/cal/e\(i).ics"), condition: .none)
        }
        try await storage.putObject(ConformanceFixtures.vcard(uid: "c"), at: path("/alice/book/c.vcf"), condition: .none)
        try await storage.putObject(ConformanceFixtures.file([1, 2, 3]), at: path("/alice/blob"), condition: .none)

        let progress = Mutex<[(Int, Int)]>([])
        let report = try StorageVerifier(folder: folder.path).verify { done, total in progress.withLock { $0.append((done, total)) } }
        #expect(report.isClean, "\(report.problems)")
        #expect(report.collections == 4)
        #expect(report.items == 7)
        let seen = progress.withLock { $0 }
        #expect(seen.count == 7 && seen.last.map { $0 == (7, 7) } == true)
    }

    @Test func verifierReportsBrokenItemsDuplicateUIDsAndIndexDrift() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("alice/cal/.Radicale.props", #"{"tag": "VCALENDAR"}"#)
        try folder.write("alice/cal/one.ics", FileSystemRadicaleTests.event("same"))
        try folder.write("alice/cal/two.ics", FileSystemRadicaleTests.event("same"))
        try folder.write("alice/cal/garbage.ics", "this is not iCalendar\n")
        try folder.write("alice/cal/twouids.ics",
                         FileSystemRadicaleTests.event("x").replacingOccurrences("END:VCALENDAR", "BEGIN:VTODO\r\nUID:y\r\nEND:VTODO\r\nEND:VCALENDAR"))
        try folder.write("alice/book/.Radicale.props", #"{"tag": "VADDRESSBOOK"}"#)
        try folder.write("alice/book/nouid.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No UID\r\nEND:VCARD\r\n")
        try folder.write("alice/broken/.Radicale.props", "{not json")

        // Let the storage index the calendar, then change a file behind its back.
        let storage = try FileSystemStorage(folder: folder.path, logger: Logger(label: "test"))
        _ = try await storage.members(of: path("/alice/cal"))
        try folder.write("alice/cal/one.ics", FileSystemRadicaleTests.event("same", "edited"))

        let report = try StorageVerifier(folder: folder.path).verify()
        func problems(_ relative: String) -> [String] {
            report.problems.filter { $0.path == folder.item(relative) }.map(\.message)
        }
        #expect(problems("alice/cal/two.ics").contains { $0.contains("UID same") }, "\(report.problems)")
        #expect(problems("alice/cal/garbage.ics").contains { $0.contains("not a valid VCALENDAR") })
        #expect(problems("alice/cal/twouids.ics").contains { $0.contains("2 different UIDs") })
        #expect(problems("alice/book/nouid.vcf").contains { $0.contains("no UID") })
        #expect(problems("alice/broken/.Radicale.props").contains { $0.contains("JSON") })
        #expect(problems("alice/cal/one.ics").contains { $0.contains("etag") })
        #expect(!report.isClean)
        #expect(report.unindexedCollections >= 2)
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
