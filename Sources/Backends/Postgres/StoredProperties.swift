import DAVCore
import PostgresNIO

/// Dead properties as stored in a `jsonb` column: an object from Clark names (`{DAV:}displayname`)
/// to the value's XML fragment. The namespace ends at the last `}`, since local names cannot hold
/// one, so any namespace round-trips.
struct StoredProperties: Sendable, Hashable, Codable, PostgresCodable {
    var values: [QName: PropertyValue]

    init(_ values: [QName: PropertyValue] = [:]) { self.values = values }

    static func key(_ name: QName) -> String { name.description }

    /// PostgresNIO's decoding for `Codable` values, except that the common case, an object with no
    /// dead property (`{}`), skips the JSON decoder: it was about 5 % of the CPU of a
    /// calendar-query answered from PostgreSQL, most rows being plain objects.
    init<JSONDecoder: PostgresJSONDecoder>(from buffer: inout ByteBuffer, type: PostgresDataType,
                                           format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>) throws {
        switch (format, type) {
        case (.binary, .jsonb):
            guard buffer.readInteger(as: UInt8.self) == 1 else { throw PostgresDecodingError.Code.failure }  // jsonb version
        case (.binary, .json), (.text, .jsonb), (.text, .json):
            break
        default:
            throw PostgresDecodingError.Code.typeMismatch
        }
        if buffer.readableBytesView.elementsEqual("{}".utf8) {
            self.init()
        } else {
            self = try context.jsonDecoder.decode(Self.self, from: buffer)
        }
    }

    init(from decoder: any Decoder) throws {
        let object = try decoder.singleValueContainer().decode([String: String].self)
        var values: [QName: PropertyValue] = [:]
        for (key, xml) in object {
            if let name = QName(clark: key) { values[name] = PropertyValue(xml: xml) }
        }
        self.values = values
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        var object: [String: String] = [:]
        for (name, value) in values { object[Self.key(name)] = value.xml }
        try container.encode(object)
    }
}
