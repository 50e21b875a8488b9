import DAVCore

/// One line of a collection's change journal (`.pocketdav/journal`): a JSON object per line.
///
/// The journal is both the index and the change log. Replaying it yields, for every member name
/// ever seen, its latest state and the version at which it last changed; that is all RFC 6578
/// needs, so compaction keeps only the latest record per name (tombstones included) and old sync
/// tokens stay valid.
///
/// Format, by `k` (kind):
/// - `header`: always the first line. `id` (random collection id, part of every sync token),
///   `v` (the version when this file was written), `floor` (tokens older than this are refused),
///   `format` (1).
/// - `object`: member `n` was created or replaced at version `v`; `o` is its `ObjectEntry`.
/// - `collection`: sub-collection `n` appeared (plain collections only).
/// - `removed`: member `n` was deleted at version `v` (a tombstone).
/// - `properties`: the collection's properties became `p` at version `v`. Written *before* the
///   property files, so a crash in between is rolled forward on the next load.
/// - `propertiesWritten`: the property files now match the last `properties` record and have
///   fingerprint `f`. No version change.
/// Write records may carry `dm`: the collection directory's mtime right after the write, so a
/// reader can tell whether anything else has touched the directory since.
struct JournalRecord: Codable, Equatable, Sendable {
    enum Kind: String, Codable, Sendable {
        case header, object, collection, removed, properties, propertiesWritten
    }

    var kind: Kind
    var version: UInt64
    var name: String?
    var object: ObjectEntry?
    var properties: CollectionProperties?
    var fingerprint: PropertiesFingerprint?
    var directoryMtime: Int64?
    var id: String?
    var floor: UInt64?
    var format: Int?

    enum CodingKeys: String, CodingKey {
        case kind = "k", version = "v", name = "n", object = "o", properties = "p", fingerprint = "f"
        case directoryMtime = "dm", id, floor, format
    }

    static let currentFormat = 1

    static func header(id: String, version: UInt64, floor: UInt64) -> JournalRecord {
        JournalRecord(kind: .header, version: version, id: id, floor: floor, format: currentFormat)
    }

    static func object(_ name: String, _ entry: ObjectEntry, version: UInt64, directoryMtime: Int64?) -> JournalRecord {
        JournalRecord(kind: .object, version: version, name: name, object: entry, directoryMtime: directoryMtime)
    }

    static func collection(_ name: String, version: UInt64, directoryMtime: Int64?) -> JournalRecord {
        JournalRecord(kind: .collection, version: version, name: name, directoryMtime: directoryMtime)
    }

    static func removed(_ name: String, version: UInt64, directoryMtime: Int64?) -> JournalRecord {
        JournalRecord(kind: .removed, version: version, name: name, directoryMtime: directoryMtime)
    }

    static func properties(_ properties: CollectionProperties, version: UInt64) -> JournalRecord {
        JournalRecord(kind: .properties, version: version, properties: properties)
    }

    static func propertiesWritten(_ fingerprint: PropertiesFingerprint, version: UInt64, directoryMtime: Int64?)
        -> JournalRecord
    {
        JournalRecord(kind: .propertiesWritten, version: version, fingerprint: fingerprint, directoryMtime: directoryMtime)
    }

    init(kind: Kind, version: UInt64, name: String? = nil, object: ObjectEntry? = nil,
         properties: CollectionProperties? = nil, fingerprint: PropertiesFingerprint? = nil,
         directoryMtime: Int64? = nil, id: String? = nil, floor: UInt64? = nil, format: Int? = nil)
    {
        self.kind = kind
        self.version = version
        self.name = name
        self.object = object
        self.properties = properties
        self.fingerprint = fingerprint
        self.directoryMtime = directoryMtime
        self.id = id
        self.floor = floor
        self.format = format
    }
}

/// What the index knows about one stored object: enough to answer PROPFIND, sync and the query
/// hook without opening the file.
struct ObjectEntry: Codable, Equatable, Sendable {
    /// Hex SHA-256 of the file's bytes.
    var etag: String
    var size: Int64
    var contentType: String
    var uid: String?
    var component: String?
    var firstStart: Int64?
    var lastEnd: Int64?
    /// `ObjectSummary.fixedInstance`, when the object has one (absent from indexes written
    /// before it existed: those objects are simply parsed by the query).
    var fixedStart: Int64?
    var fixedEnd: Int64?
    /// The file's inode and mtime when the entry was written: a cheap "has it changed behind our
    /// back" hint for reconciliation. Never part of an etag or token.
    var inode: UInt64
    var mtime: Int64
    /// Dead properties, Clark name → XML value.
    var properties: [String: String]?

    enum CodingKeys: String, CodingKey {
        case etag = "e", size = "s", contentType = "t", uid = "u", component = "c", firstStart = "fs", lastEnd = "le"
        case fixedStart = "xs", fixedEnd = "xe"
        case inode = "i", mtime = "m", properties = "p"
    }
}

extension ObjectEntry {
    var fixedInstance: ObjectSummary.FixedInstance? { ObjectSummary.FixedInstance(start: fixedStart, end: fixedEnd) }
}

/// The stat of both property files, to notice when someone else (Radicale, an editor) rewrote them.
struct PropertiesFingerprint: Codable, Equatable, Sendable {
    var radicale: FileStat?
    var sidecar: FileStat?
}
