import DAVCore
import Glibc

/// The offline check behind `pocketdav storage verify`: walks every collection and item of a
/// storage folder and reports what a client or Radicale would trip over.
///
/// Checks: `.Radicale.props` parses; calendars hold iCalendar objects with exactly one UID and
/// no sub-folders, address books hold vCards with a UID; UIDs are unique per collection; the
/// journal is readable and agrees with the files (no missing or extra entries, each etag is the
/// SHA-256 of the file). The item check is deliberately light (BEGIN lines and UID values); the
/// full parser runs on PUT. Collections are read under their shared lock, so a running server
/// can stay up.
public struct StorageVerifier: Sendable {
    /// One thing wrong, with the on-disk path it concerns.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// What a run found.
    public struct Report: Sendable {
        public var collections = 0
        public var items = 0
        /// Collections without a pocketdav journal yet (for example a Radicale folder never
        /// served by pocketdav); not a problem, they are indexed on first use.
        public var unindexedCollections = 0
        public var problems: [Problem] = []
        public var isClean: Bool { problems.isEmpty }
    }

    public let folder: String

    public init(folder: String) {
        self.folder = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
    }

    /// Verifies the whole tree on the calling thread (it blocks; the CLI calls it directly).
    /// - Parameter progress: called with (items done, items total) after each item.
    public func verify(progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> Report {
        let root = folder + "/collection-root"
        guard try SystemCall.stat(root)?.isDirectory == true else {
            return Report(problems: [Problem(path: root, message: "missing: this is not a storage folder")])
        }
        var report = Report()
        var collections: [String] = []
        var total = 0
        var pending = [root]
        while let directory = pending.popLast() {
            collections.append(directory)
            let entries = try SystemCall.listDirectory(directory).filter { !$0.name.hasPrefix(".") }
            total += entries.count { $0.type == .file }
            if (try? TreeCopy.kind(of: directory)) ?? .plain == .plain {
                pending += entries.filter { $0.type == .directory }.map { directory + "/" + $0.name }
            }
        }
        var done = 0
        for directory in collections.sorted() {
            report.collections += 1
            try verifyCollection(directory, into: &report) {
                done += 1
                progress?(done, total)
            }
        }
        return report
    }

    private func verifyCollection(_ directory: String, into report: inout Report, itemDone: () -> Void) throws {
        let stateDirectory = directory + "/" + ChangeJournal.directoryName
        if try SystemCall.stat(stateDirectory)?.isDirectory == true {
            let lock = FileLock(path: stateDirectory + "/lock", createsParent: false)
            try lock.withShared { try check(directory, into: &report, itemDone: itemDone) }
        } else {
            try check(directory, into: &report, itemDone: itemDone)
        }
    }

    private func check(_ directory: String, into report: inout Report, itemDone: () -> Void) throws {
        var kind = CollectionKind.plain
        if let bytes = try SystemCall.readFile(directory + "/" + RadicaleProps.fileName) {
            do {
                kind = CollectionProperties(radicale: try RadicaleProps.parse(bytes), sidecar: [:]).kind
            } catch {
                report.problems.append(Problem(path: directory + "/" + RadicaleProps.fileName,
                                               message: "not a JSON object of strings (\(error))"))
            }
        }
        let entries = try SystemCall.listDirectory(directory).filter { !$0.name.hasPrefix(".") }
        if kind != .plain {
            for entry in entries where entry.type == .directory {
                report.problems.append(Problem(path: directory + "/" + entry.name,
                                               message: "a \(kind) must not contain folders"))
            }
        }
        let journal = ChangeJournal(directory: directory + "/" + ChangeJournal.directoryName, fsync: false)
        var index: CollectionIndex?
        if let contents = try journal.read() {
            if contents.damaged || contents.records.first?.kind != .header {
                report.problems.append(Problem(path: journal.path, message: "journal is damaged; pocketdav will rebuild it"))
            } else {
                var replayed = CollectionIndex(id: contents.records[0].id ?? "", version: contents.records[0].version, floor: 0)
                for record in contents.records { replayed.apply(record) }
                index = replayed
            }
        } else {
            report.unindexedCollections += 1
        }

        var uids: [String: String] = [:]
        var files: Set<String> = []
        for entry in entries where entry.type == .file {
            let path = directory + "/" + entry.name
            files.insert(entry.name)
            report.items += 1
            defer { itemDone() }
            guard let bytes = try SystemCall.readFile(path) else { continue }
            if let known = index?.object(entry.name), known.etag != ContentHash.hex(bytes) {
                report.problems.append(Problem(path: path, message: "index etag differs from the file's SHA-256"))
            } else if index != nil && index?.object(entry.name) == nil {
                report.problems.append(Problem(path: path, message: "file is missing from the index"))
            }
            guard kind != .plain else { continue }
            let item = ItemSniffer(bytes)
            let expected = kind == .calendar ? "VCALENDAR" : "VCARD"
            guard item.outer == expected, item.balanced, item.component != nil else {
                report.problems.append(Problem(path: path, message: "not a valid \(expected) (unbalanced or missing BEGIN/END)"))
                continue
            }
            guard let uid = item.uid else {
                let found = Set(item.uids)
                report.problems.append(Problem(path: path, message: found.isEmpty ? "has no UID" : "has \(found.count) different UIDs"))
                continue
            }
            if let other = uids[uid] {
                report.problems.append(Problem(path: path, message: "UID \(uid) is also used by \(other)"))
            } else {
                uids[uid] = entry.name
            }
        }
        for (name, member) in index?.liveMembers ?? [] {
            if case .object = member, !files.contains(name) {
                report.problems.append(Problem(path: directory + "/" + name, message: "indexed but the file is missing"))
            }
        }
    }
}
