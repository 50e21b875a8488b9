import DAVCore
import FoundationEssentials

/// Reading and writing Radicale 3's `.Radicale.props`: a JSON object of string → string, sorted
/// keys, with human namespace prefixes (`D:displayname`) or Clark notation (`{ns}name`) for other
/// namespaces, and `tag` naming the collection kind.
///
/// Only text values fit: Radicale keeps just an element's text. `supported-calendar-component-set`
/// is the exception Radicale itself makes: it is stored as a comma list ("VEVENT,VTODO") and
/// rebuilt as `<comp name="…"/>` elements.
enum RadicaleProps {
    static let fileName = ".Radicale.props"
    static let tagKey = "tag"

    /// Radicale's prefixes (`xmlutils.NAMESPACES`).
    static let prefixes: [(prefix: String, namespace: String)] = [
        ("C", Namespace.caldav), ("CR", Namespace.carddav), ("CS", Namespace.calendarServer),
        ("D", Namespace.dav), ("ICAL", Namespace.appleICal), ("ME", "http://me.com/_namespace/"),
        ("RADICALE", "http://radicale.org/ns/"),
    ]

    static let componentSet = QName.caldav("supported-calendar-component-set")

    // MARK: - Keys

    static func key(for name: QName) -> String {
        if let known = prefixes.first(where: { $0.namespace == name.namespace }) { return "\(known.prefix):\(name.name)" }
        return name.description
    }

    /// The property a key names; `nil` for `tag` and for keys in neither form.
    static func name(forKey key: String) -> QName? {
        if key == tagKey { return nil }
        if key.hasPrefix("{") { return QName(clark: key) }
        guard let colon = key.firstIndex(of: ":"),
            let known = prefixes.first(where: { $0.prefix == key[..<colon] })
        else { return nil }
        return QName(known.namespace, String(key[key.index(after: colon)...]))
    }

    /// The sidecar (`.pocketdav/props.json`) keys every property in Clark notation; `QName` owns the format.
    static func clark(_ name: QName) -> String { name.description }

    static func parseClark(_ key: String) -> QName? { QName(clark: key) }

    // MARK: - Values

    /// The string Radicale would store for this value, or `nil` when the value has markup that
    /// text cannot carry without loss.
    static func text(for name: QName, _ value: PropertyValue) -> String? {
        if name == componentSet {
            guard let components = componentNames(value.xml) else { return nil }
            return components.joined(separator: ",")
        }
        guard let text = value.text, PropertyValue(text: text) == value else { return nil }
        return text
    }

    static func value(for name: QName, text: String) -> PropertyValue {
        guard name == componentSet else { return PropertyValue(text: text) }
        let components = text.split(separator: ",").map { $0.filter { !$0.isWhitespace } }.filter { !$0.isEmpty }
        return PropertyValue(xml: components.map { #"<comp xmlns="\#(Namespace.caldav)" name="\#($0)"/>"# }.joined())
    }

    /// The `name` attributes of a sequence of empty `comp` elements, or `nil` when the fragment is
    /// anything else.
    static func componentNames(_ xml: String) -> [String]? {
        var names: [String] = []
        var rest = Substring(xml)
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.isEmpty { return names }
            guard rest.first == "<", let end = rest.firstIndex(of: ">") else { return nil }
            let element = rest[rest.index(after: rest.startIndex)..<end]
            guard element.hasSuffix("/") else { return nil }
            let tag = element.prefix { !$0.isWhitespace && $0 != "/" }
            guard tag == "comp" || tag.hasSuffix(":comp"), let range = element.firstRange(of: "name=\"") else { return nil }
            let value = element[range.upperBound...].prefix { $0 != "\"" }
            guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return nil }
            names.append(String(value))
            rest = rest[rest.index(after: end)...]
        }
    }

    // MARK: - File format

    /// Parses a props file; `null` values are dropped, as Radicale does.
    static func parse(_ bytes: [UInt8]) throws -> [String: String] {
        let decoded = try JSONDecoder().decode([String: String?].self, from: Data(bytes))
        return decoded.compactMapValues { $0 }
    }

    /// Serialises like Python's `json.dumps(props, sort_keys=True)`: keys in code-point order,
    /// `", "` and `": "` separators, non-ASCII escaped as `\uXXXX`.
    static func serialize(_ props: [String: String]) -> [UInt8] {
        let keys = props.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        var out = "{"
        for (i, key) in keys.enumerated() {
            if i > 0 { out += ", " }
            out += quoted(key) + ": " + quoted(props[key] ?? "")
        }
        return Array((out + "}").utf8)
    }

    private static func quoted(_ s: String) -> String {
        var out = "\""
        for unit in s.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out + "\""
    }
}
