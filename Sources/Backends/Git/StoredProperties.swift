import DAVCore
import FoundationEssentials

/// How dead properties look in pocketdav's JSON files: keyed by Clark notation
/// (`{DAV:}displayname`), a text value as a JSON string, a value with markup as `{"xml": "…"}`.
/// Text stays readable in `git log -p`; markup round-trips exactly.
enum StoredProperties {
    enum Value: Codable, Equatable, Sendable {
        case text(String)
        case xml(String)

        private enum Keys: String, CodingKey { case xml }

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                self = .text(text)
                return
            }
            self = .xml(try decoder.container(keyedBy: Keys.self).decode(String.self, forKey: .xml))
        }

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .text(let text):
                var container = encoder.singleValueContainer()
                try container.encode(text)
            case .xml(let xml):
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(xml, forKey: .xml)
            }
        }
    }

    static func encode(_ properties: [QName: PropertyValue]) -> [String: Value] {
        var out: [String: Value] = [:]
        for (name, value) in properties {
            if let text = value.text, PropertyValue(text: text) == value {
                out[name.description] = .text(text)
            } else {
                out[name.description] = .xml(value.xml)
            }
        }
        return out
    }

    /// Keys that are not Clark names are skipped (a hand edit gone wrong loses one property, not
    /// the collection); `GitVerifier` reports them.
    static func decode(_ stored: [String: Value]) -> [QName: PropertyValue] {
        var out: [QName: PropertyValue] = [:]
        for (key, value) in stored {
            guard let name = QName(clark: key) else { continue }
            switch value {
            case .text(let text): out[name] = PropertyValue(text: text)
            case .xml(let xml): out[name] = PropertyValue(xml: xml)
            }
        }
        return out
    }

    /// Sorted, indented JSON with a final newline: stable bytes (so unchanged properties keep their
    /// blob id) and readable diffs.
    static func json<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and dictionaries cannot fail.
        guard let data = try? encoder.encode(value) else { return Array("{}\n".utf8) }
        return Array(data) + [UInt8(ascii: "\n")]
    }
}
