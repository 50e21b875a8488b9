import DAVCore
import FoundationEssentials

/// A collection's identity, kind and dead properties: the `.pocketdav-props.json` file at the top
/// of its tree, which every collection has (so no collection tree is ever empty).
///
/// ```json
/// {
///   "id" : "5be0c6e1a0a2f3b84d1e44c2f2d0e9a1",
///   "kind" : "calendar",
///   "properties" : {
///     "{DAV:}displayname" : "Work",
///     "{urn:ietf:params:xml:ns:caldav}supported-calendar-component-set" : { "xml" : "<comp …/>" }
///   }
/// }
/// ```
/// `id` is random, made at MKCOL and for every collection a COPY creates, kept by MOVE. A sync
/// token is only accepted by the collection whose id it was issued under, so a deleted and
/// re-created or copied collection never accepts another's tokens.
struct CollectionMetadata: Sendable, Equatable {
    static let fileName = ".pocketdav-props.json"

    var id: String
    var kind: CollectionKind
    var properties: [QName: PropertyValue]

    init(id: String = CollectionMetadata.newID(), kind: CollectionKind, properties: [QName: PropertyValue] = [:]) {
        self.id = id
        self.kind = kind
        self.properties = properties
    }

    /// 128 random bits in hex.
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    mutating func apply(_ changes: [QName: PropertyValue?]) {
        for (name, value) in changes { properties[name] = value }
    }

    // MARK: - File format

    private struct File: Codable {
        var id: String
        var kind: String
        var properties: [String: StoredProperties.Value]?
    }

    enum FormatError: Error, CustomStringConvertible {
        case unknownKind(String)
        var description: String {
            switch self {
            case .unknownKind(let kind): "unknown collection kind \"\(kind)\" (calendar, addressbook or plain)"
            }
        }
    }

    func encoded() -> [UInt8] {
        StoredProperties.json(File(id: id, kind: kind.storageName, properties: StoredProperties.encode(properties)))
    }

    static func decode(_ bytes: [UInt8]) throws -> CollectionMetadata {
        let file = try JSONDecoder().decode(File.self, from: Data(bytes))
        guard let kind = CollectionKind(storageName: file.kind) else { throw FormatError.unknownKind(file.kind) }
        return CollectionMetadata(id: file.id, kind: kind, properties: StoredProperties.decode(file.properties ?? [:]))
    }
}
