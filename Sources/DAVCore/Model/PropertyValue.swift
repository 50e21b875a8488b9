/// The value of a dead (client-set) property: the element's content as an XML fragment.
///
/// Most values are plain text (`displayname`, `calendar-color`); some clients store markup
/// (litmus sets namespaced child elements). `xml` is the serialized content with every namespace
/// it uses declared on the elements themselves, so it can be embedded anywhere.
public struct PropertyValue: Hashable, Sendable {
    /// The element content as a self-contained XML fragment (text escaped, namespaces declared).
    public let xml: String

    public init(xml: String) { self.xml = xml }

    /// A text-only value.
    public init(text: String) { self.xml = XMLEscaping.escapeText(text) }

    /// The text of the value when it has no child elements, else `nil`.
    public var text: String? {
        xml.contains("<") ? nil : XMLEscaping.unescapeText(xml)
    }
}

/// Minimal XML text escaping, shared by the writer and property storage.
public enum XMLEscaping {
    public static func escapeText(_ s: String) -> String {
        // Work on scalars: in Swift "\r\n" is one Character, so a Character test would miss the CR.
        guard s.unicodeScalars.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || $0 == "\r" }) else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            default: out.append(c)
            }
        }
        return String(out)
    }

    public static func escapeAttribute(_ s: String) -> String {
        var out = escapeText(s)
        if out.contains("\"") { out = out.replacing("\"", with: "&quot;") }
        return out
    }

    /// Reverses `escapeText` (and the five predefined entities and numeric references).
    public static func unescapeText(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "&", let semi = s[i...].firstIndex(of: ";") {
                let entity = s[s.index(after: i)..<semi]
                var replacement: String?
                switch entity {
                case "amp": replacement = "&"
                case "lt": replacement = "<"
                case "gt": replacement = ">"
                case "quot": replacement = "\""
                case "apos": replacement = "'"
                default:
                    if entity.hasPrefix("#x"), let v = UInt32(entity.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) {
                        replacement = String(Character(u))
                    } else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let u = Unicode.Scalar(v) {
                        replacement = String(Character(u))
                    }
                }
                if let replacement {
                    out += replacement
                    i = s.index(after: semi)
                    continue
                }
            }
            out.append(s[i])
            i = s.index(after: i)
        }
        return out
    }
}
