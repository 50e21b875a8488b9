import DAVCore
import FoundationEssentials

/// What an object has besides its bytes: its media type when it differs from the collection's
/// default, and its dead properties. Stored as `.pocketdav-meta/<name>.json` beside the objects,
/// and only when there is something to say, so most calendar objects have none.
///
/// ```json
/// {
///   "contentType" : "text/plain",
///   "properties" : { "{http://example.com/ns/}author" : "Jane" }
/// }
/// ```
/// Kept apart from the object so that a PROPPATCH never changes the object's blob id (its ETag).
struct ObjectMetadata: Sendable, Equatable {
    static let directoryName = ".pocketdav-meta"
    static let suffix = ".json"

    var contentType: String?
    var properties: [QName: PropertyValue] = [:]

    var isEmpty: Bool { contentType == nil && properties.isEmpty }

    /// The sidecar's name inside `.pocketdav-meta`.
    static func fileName(for object: String) -> String { object + suffix }

    /// The object a sidecar describes.
    static func objectName(forFile file: String) -> String? {
        file.hasSuffix(suffix) ? String(file.dropLast(suffix.count)) : nil
    }

    /// The media type of objects without one of their own: what the core stores for calendars and
    /// address books, and the generic type for files.
    static func defaultContentType(in kind: CollectionKind) -> String {
        switch kind {
        case .calendar: "text/calendar; charset=utf-8"
        case .addressBook: "text/vcard; charset=utf-8"
        case .plain: "application/octet-stream"
        }
    }

    /// The metadata for an object of `contentType` in a collection of `kind`, dropping a type
    /// that the collection implies anyway.
    init(contentType: String, in kind: CollectionKind, properties: [QName: PropertyValue]) {
        self.contentType = contentType == Self.defaultContentType(in: kind) ? nil : contentType
        self.properties = properties
    }

    init() {}

    // MARK: - File format

    private struct File: Codable {
        var contentType: String?
        var properties: [String: StoredProperties.Value]?
    }

    func encoded() -> [UInt8] {
        StoredProperties.json(File(contentType: contentType,
                                   properties: properties.isEmpty ? nil : StoredProperties.encode(properties)))
    }

    static func decode(_ bytes: [UInt8]) throws -> ObjectMetadata {
        let file = try JSONDecoder().decode(File.self, from: Data(bytes))
        var meta = ObjectMetadata()
        meta.contentType = file.contentType
        meta.properties = StoredProperties.decode(file.properties ?? [:])
        return meta
    }
}
