import DAVCore
import FoundationEssentials
import PostgresNIO

/// A `collections` row as the storage reads it.
struct CollectionRow: Sendable {
    var id: Int64
    var path: String
    var kind: CollectionKind
    var properties: StoredProperties
    var version: Int64
    var floor: Int64
    var modified: Date

    /// The select list `init(_:)` decodes, for `collections` aliased or not (`prefix` = `"c."`).
    static func columns(_ prefix: String = "") -> String {
        ["id", "path", "kind", "properties", "version", "floor", "modified_at"].map { prefix + $0 }.joined(separator: ", ")
    }

    init(_ row: PostgresRow) throws {
        let (id, path, kind, properties, version, floor, modified) =
            try row.decode((Int64, String, String, StoredProperties, Int64, Int64, Date).self)
        guard let decodedKind = CollectionKind(storageName: kind) else {
            throw StorageError(.corrupt, "collection \(path) has the unknown kind '\(kind)'")
        }
        self.id = id
        self.path = path
        self.kind = decodedKind
        self.properties = properties
        self.version = version
        self.floor = floor
        self.modified = modified
    }

    /// The last segment of `path` (empty for the root).
    var name: String { path.split(separator: "/").last.map(String.init) ?? "" }

    var syncToken: String { PostgresSyncToken.make(collection: id, version: version) }

    func info(at path: ResourcePath) -> CollectionInfo {
        CollectionInfo(path: path, kind: kind, properties: properties.values, ctag: syncToken, syncToken: syncToken,
                       lastModified: modified)
    }
}
