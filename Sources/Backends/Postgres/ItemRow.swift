import DAVCore
import FoundationEssentials
import PostgresNIO

/// An `items` row without its bytes.
struct ItemRow: Sendable {
    var name: String
    var etag: String
    var contentType: String
    var size: Int64
    var uid: String?
    var component: String?
    var properties: StoredProperties
    var modified: Date

    private static let columnNames = ["name", "etag", "content_type", "size", "uid", "component", "properties", "modified_at"]
    /// How many columns `init(_:)` reads; anything selected after them is the caller's.
    static let columnCount = columnNames.count

    /// The select list `init(_:)` decodes, for `items` aliased or not (`prefix` = `"i."`).
    static func columns(_ prefix: String = "") -> String {
        columnNames.map { prefix + $0 }.joined(separator: ", ")
    }

    init(_ row: PostgresRow) throws {
        (name, etag, contentType, size, uid, component, properties, modified) =
            try row.decode((String, String, String, Int64, String?, String?, StoredProperties, Date).self)
    }

    func info(at path: ResourcePath) -> ObjectInfo {
        ObjectInfo(path: path, etag: ETag(etag), contentType: contentType, size: Int(size), lastModified: modified,
                   properties: properties.values)
    }
}
