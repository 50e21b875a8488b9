import FoundationEssentials
import Glibc

/// The append-only journal file of one collection (`<collection>/.pocketdav/journal`), one
/// `JournalRecord` per line. See `JournalRecord` for the format.
///
/// Appends are one `write` of whole lines followed by `fsync`, so a crash can only leave a torn
/// *last* line, which readers ignore and the next writer truncates. Compaction replaces the file
/// atomically (`rewrite`), which changes its inode; that is how other processes notice.
struct ChangeJournal: Sendable {
    /// The collection's `.pocketdav` directory.
    let directory: String
    let fsync: Bool

    static let directoryName = ".pocketdav"
    static let fileName = "journal"

    var path: String { directory + "/" + Self.fileName }

    /// What a read found: the records, where the last complete line ends, and whether anything
    /// after it was unreadable.
    struct Contents {
        var records: [JournalRecord]
        var end: Int64
        /// A partial or unparsable final line (a crash during an append).
        var tornTail: Bool
        /// An unparsable line followed by readable ones: the file is damaged, not just torn.
        var damaged: Bool
        var stat: FileStat
    }

    /// Reads the records from byte `offset` on; `nil` when the journal does not exist.
    func read(from offset: Int64 = 0) throws -> Contents? {
        let fd: Int32
        do { fd = try SystemCall.open(path, O_RDONLY) } catch let e as SystemCallError where e.isNotFound { return nil }
        defer { SystemCall.close(fd) }
        let stat = try SystemCall.fstat(fd, path: path)
        let bytes = try SystemCall.readAll(fd, path: path, from: offset)
        var contents = Contents(records: [], end: offset, tornTail: false, damaged: false, stat: stat)
        let decoder = JSONDecoder()
        var lineStart = 0
        var badLine = false
        while lineStart < bytes.count {
            guard let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else {
                contents.tornTail = true
                break
            }
            let line = bytes[lineStart..<newline]
            if let record = try? decoder.decode(JournalRecord.self, from: Data(line)) {
                if badLine {
                    contents.damaged = true
                    break
                }
                contents.records.append(record)
                contents.end = offset + Int64(newline + 1)
            } else {
                badLine = true
                contents.tornTail = true
            }
            lineStart = newline + 1
        }
        return contents
    }

    /// Appends whole lines at `end` (dropping any torn tail beyond it) and makes them durable.
    /// - Returns: the journal's stat afterwards, for change detection.
    func append(_ records: [JournalRecord], at end: Int64) throws -> FileStat {
        let fd = try SystemCall.open(path, O_WRONLY)
        defer { SystemCall.close(fd) }
        var stat = try SystemCall.fstat(fd, path: path)
        if stat.size != end { try SystemCall.ftruncate(fd, end, path: path) }
        let bytes = try Self.encode(records)
        let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress!, bytes.count, off_t(end)) }
        if written != bytes.count {
            let code = written < 0 ? errno : EIO
            _ = try? SystemCall.ftruncate(fd, end, path: path)
            throw SystemCallError(call: "write", path: path, errno: code)
        }
        if fsync { try SystemCall.fsync(fd, path: path) }
        stat = try SystemCall.fstat(fd, path: path)
        return stat
    }

    /// Cuts a torn tail off (the exclusive lock must be held).
    func truncate(to end: Int64) throws -> FileStat {
        try SystemCall.withOpen(path, O_WRONLY) { fd in
            try SystemCall.ftruncate(fd, end, path: path)
            if fsync { try SystemCall.fsync(fd, path: path) }
            return try SystemCall.fstat(fd, path: path)
        }
    }

    /// Replaces the whole journal atomically with `records` (the first must be the header).
    func rewrite(_ records: [JournalRecord]) throws -> FileStat {
        try AtomicWrite.write(try Self.encode(records), to: Self.fileName, in: directory, fsync: fsync)
    }

    static func encode(_ records: [JournalRecord]) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var out: [UInt8] = []
        for record in records {
            out.append(contentsOf: try encoder.encode(record))
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }
}
