import DAVCore
import Glibc
import Logging
import Synchronization

/// Makes a collection's index agree with its files again: files added, changed or removed behind
/// pocketdav's back (an existing Radicale folder, a text editor, a sync tool), an item renamed
/// into place just before a crash, or temporary files left by one.
///
/// A file counts as unchanged when inode, size and mtime match its entry (every pocketdav write
/// renames a new inode into place, so its own writes always differ); anything else is hashed
/// again. Each difference is journaled as a new version, so clients see it through sync.
enum CollectionReconciler {
    static func reconcile(_ transaction: CollectionTransaction) throws {
        let directory = transaction.directory
        guard var before = try SystemCall.stat(directory) else { return }
        transaction.context.counters.directoryScans.add(1, ordering: .relaxed)
        var entries = try SystemCall.listDirectory(directory)
        if try removeTemporaries(entries, in: directory) {
            before = try SystemCall.stat(directory) ?? before
            entries = try SystemCall.listDirectory(directory)
        }
        _ = try removeTemporaries(try SystemCall.listDirectory(transaction.handle.journal.directory),
                                  in: transaction.handle.journal.directory)
        try removeOldStagedFiles(in: transaction.handle.stagingDirectory)

        let index = transaction.index
        let kind = index.properties.kind
        var changes: [(name: String, member: CollectionIndex.Member)] = []
        var seen: Set<String> = []
        for (name, type) in entries where !name.hasPrefix(".") {
            switch type {
            case .directory where kind.mayContainCollections:
                seen.insert(name)
                if index.member(name) != .collection { changes.append((name, .collection)) }
            case .file:
                seen.insert(name)
                if let entry = try reconcileFile(name, in: directory, kind: kind, known: index.object(name)) {
                    changes.append((name, .object(entry)))
                }
            default:
                continue
            }
        }
        for (name, _) in index.liveMembers where !seen.contains(name) { changes.append((name, .removed)) }

        transaction.cached.index.directoryMtime = before.mtime
        guard !changes.isEmpty else { return }
        transaction.context.logger.notice(
            "reconciled files changed outside pocketdav",
            metadata: ["collection": "\(transaction.handle.path)", "changes": "\(changes.count)"])
        let base = transaction.nextVersion
        let records = changes.enumerated().map { i, change -> JournalRecord in
            let version = base + UInt64(i)
            let dm = i == changes.count - 1 ? before.mtime : nil
            switch change.member {
            case .object(let entry): return .object(change.name, entry, version: version, directoryMtime: dm)
            case .collection: return .collection(change.name, version: version, directoryMtime: dm)
            case .removed: return .removed(change.name, version: version, directoryMtime: dm)
            }
        }
        try transaction.commit(records)
    }

    /// A new entry for `name` when the file differs from `known`, else `nil`.
    static func reconcileFile(_ name: String, in directory: String, kind: CollectionKind, known: ObjectEntry?) throws
        -> ObjectEntry?
    {
        let path = directory + "/" + name
        guard let stat = try SystemCall.stat(path), stat.isRegularFile else { return nil }
        if let known, known.inode == stat.inode, known.size == stat.size, known.mtime == stat.mtime { return nil }
        guard let bytes = try SystemCall.readFile(path) else { return nil }
        let etag = ContentHash.hex(bytes)
        let sniffed = kind == .plain ? nil : ItemSniffer(bytes)
        let sameBytes = known?.etag == etag
        return ObjectEntry(
            etag: etag, size: Int64(bytes.count),
            contentType: known?.contentType ?? defaultContentType(name: name, kind: kind),
            uid: sameBytes ? known?.uid : sniffed?.uid, component: sameBytes ? known?.component : sniffed?.component,
            firstStart: sameBytes ? known?.firstStart : nil, lastEnd: sameBytes ? known?.lastEnd : nil,
            fixedStart: sameBytes ? known?.fixedStart : nil, fixedEnd: sameBytes ? known?.fixedEnd : nil,
            inode: stat.inode, mtime: stat.mtime, properties: known?.properties)
    }

    static func defaultContentType(name: String, kind: CollectionKind) -> String {
        switch kind {
        case .calendar: return "text/calendar; charset=utf-8"
        case .addressBook: return "text/vcard; charset=utf-8"
        case .plain:
            let lower = name.lowercased()
            if lower.hasSuffix(".ics") { return "text/calendar; charset=utf-8" }
            if lower.hasSuffix(".vcf") { return "text/vcard; charset=utf-8" }
            if lower.hasSuffix(".txt") { return "text/plain; charset=utf-8" }
            return "application/octet-stream"
        }
    }

    /// Deletes `.pocketdav.tmp-*` leftovers. Safe because only a holder of this collection's
    /// exclusive lock creates them, and the caller holds it now.
    private static func removeTemporaries(_ entries: [(name: String, type: SystemCall.EntryType)], in directory: String)
        throws -> Bool
    {
        var removed = false
        for (name, _) in entries where name.hasPrefix(AtomicWrite.temporaryPrefix) {
            try SystemCall.removeTree(directory + "/" + name)
            removed = true
        }
        return removed
    }

    /// Deletes staged PUT files older than an hour: crash litter. A younger one may belong to a
    /// writer still waiting for the lock.
    private static func removeOldStagedFiles(in directory: String) throws {
        let now = Int64(time(nil)) * 1_000_000_000
        let entries: [(name: String, type: SystemCall.EntryType)]
        do { entries = try SystemCall.listDirectory(directory) } catch let error as SystemCallError where error.isNotFound { return }
        for (name, _) in entries {
            let path = directory + "/" + name
            if let stat = try SystemCall.lstat(path), now - stat.mtime > AtomicWrite.stagedLifetime {
                try SystemCall.unlink(path)
            }
        }
    }
}
