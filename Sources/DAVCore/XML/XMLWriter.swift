/// Serialises `XMLNode` trees with the conventional DAV prefixes declared once on the root.
///
/// Thunderbird and older clients match `D:` prefixed names loosely, so the well-known
/// namespaces always get their usual prefixes; any other namespace is declared on the element
/// that uses it.
public struct XMLWriter {
    static let knownPrefixes: [(prefix: String, namespace: String)] = [
        ("D", Namespace.dav), ("C", Namespace.caldav), ("CR", Namespace.carddav),
        ("CS", Namespace.calendarServer), ("ICAL", Namespace.appleICal),
    ]
    private static let prefixByNamespace: [String: String] = Dictionary(
        uniqueKeysWithValues: knownPrefixes.map { ($0.namespace, $0.prefix) })

    private var out: [UInt8] = []
    private var generated = 0

    public init() {
        out.reserveCapacity(4096)
    }

    /// A whole document: the XML declaration and `root`, with the known namespaces declared.
    public static func document(_ root: XMLNode) -> [UInt8] {
        var w = XMLWriter()
        w.append(#"<?xml version="1.0" encoding="utf-8"?>"#)
        w.append("\n")
        w.write(root, isRoot: true)
        return w.out
    }

    private mutating func append(_ s: String) { out.append(contentsOf: s.utf8) }

    /// Text content escaped straight into the output bytes: calendar and address data are most
    /// of a REPORT answer, and building an escaped String first doubled the work.
    private mutating func appendEscaped(_ s: String) {
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                let replacement: StaticString
                switch bytes[i] {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\r"): replacement = "&#13;"  // a literal CR would be normalised away by parsers
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    private mutating func write(_ node: XMLNode, isRoot: Bool = false) {
        switch node {
        case .text(let t): appendEscaped(t)
        case .raw(let r): append(r)
        case .element(let name, let attributes, let children):
            let (tag, declaration) = qualified(name)
            append("<")
            append(tag)
            if isRoot {
                for (prefix, ns) in Self.knownPrefixes { append(" xmlns:\(prefix)=\"\(ns)\"") }
            }
            if let declaration { append(declaration) }
            for (key, value) in attributes {
                append(" \(key)=\"\(XMLEscaping.escapeAttribute(value))\"")
            }
            if children.isEmpty {
                append("/>")
                return
            }
            append(">")
            for child in children { write(child) }
            append("</")
            append(tag)
            append(">")
        }
    }

    private mutating func qualified(_ name: QName) -> (String, String?) {
        if let prefix = Self.prefixByNamespace[name.namespace] { return ("\(prefix):\(name.name)", nil) }
        if name.namespace.isEmpty { return (name.name, " xmlns=\"\"") }
        generated += 1
        let prefix = "x\(generated)"
        return ("\(prefix):\(name.name)", " xmlns:\(prefix)=\"\(XMLEscaping.escapeAttribute(name.namespace))\"")
    }
}
