/// One unfolded content line of iCalendar (RFC 5545 §3.1) or vCard (RFC 6350 §3.3):
/// `[group.]NAME;PARAM=value,value:VALUE`.
///
/// The value is kept exactly as sent (still escaped); `textValue` and the typed accessors in
/// `ContentValues` interpret it. Names are upper-cased because both RFCs make them
/// case-insensitive.
public struct ContentLine: Sendable, Hashable {
    /// vCard property group (`item1` in `item1.EMAIL`), RFC 6350 §3.3.
    public var group: String?
    public var name: String
    public var parameters: [ContentParameter]
    public var value: String

    public init(group: String? = nil, name: String, parameters: [ContentParameter] = [], value: String) {
        self.group = group
        self.name = name.asciiUppercased
        self.parameters = parameters
        self.value = value
    }

    /// The first value of parameter `name` (case-insensitive), unquoted.
    public func parameter(_ name: String) -> String? {
        let wanted = name.asciiUppercased
        return parameters.first { $0.name == wanted }?.values.first
    }

    /// Every value of every occurrence of parameter `name` (`TYPE=home,work;TYPE=pref`).
    public func parameterValues(_ name: String) -> [String] {
        let wanted = name.asciiUppercased
        return parameters.filter { $0.name == wanted }.flatMap(\.values)
    }

    public func hasParameter(_ name: String) -> Bool {
        let wanted = name.asciiUppercased
        return parameters.contains { $0.name == wanted }
    }

    /// The value as TEXT (RFC 5545 §3.3.11, RFC 6350 §3.4): `\n`, `\,`, `\;` and `\\` unescaped.
    public var textValue: String { ContentEscaping.unescapeText(value) }

    /// The value split on unescaped commas, each unescaped: multi-valued TEXT (CATEGORIES,
    /// NICKNAME) and lists of dates (EXDATE, RDATE).
    public var listValues: [String] { ContentEscaping.splitUnescaped(value, on: ",").map(ContentEscaping.unescapeText) }
}

/// A parameter with its values, unquoted and with RFC 6868 caret escapes decoded.
public struct ContentParameter: Sendable, Hashable {
    public var name: String
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name.asciiUppercased
        self.values = values
    }
}

/// TEXT escaping shared by both formats.
public enum ContentEscaping {
    public static func unescapeText(_ raw: String) -> String {
        guard raw.utf8.contains(UInt8(ascii: "\\")) else { return raw }
        var out = ""
        out.reserveCapacity(raw.utf8.count)
        var escaped = false
        for ch in raw {
            if escaped {
                switch ch {
                case "n", "N": out.append("\n")
                default: out.append(ch)  // \\ \, \; and, leniently, anything else
                }
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        if escaped { out.append("\\") }
        return out
    }

    public static func escapeText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "\\": out.append("\\\\")
            case ";": out.append("\\;")
            case ",": out.append("\\,")
            case "\n", "\r\n": out.append("\\n")
            default: out.append(ch)
            }
        }
        return out
    }

    /// Splits on `separator` where it is not backslash-escaped; parts stay escaped.
    public static func splitUnescaped(_ raw: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for ch in raw {
            if escaped {
                current.append(ch)
                escaped = false
            } else if ch == "\\" {
                current.append(ch)
                escaped = true
            } else if ch == separator {
                parts.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        parts.append(current)
        return parts
    }

    /// RFC 6868: `^n` newline, `^'` double quote, `^^` caret.
    static func decodeParameterValue(_ raw: Substring) -> String {
        guard raw.contains("^") else { return String(raw) }
        var out = ""
        var caret = false
        for ch in raw {
            if caret {
                switch ch {
                case "n": out.append("\n")
                case "'": out.append("\"")
                case "^": out.append("^")
                default: out.append("^"); out.append(ch)
                }
                caret = false
            } else if ch == "^" {
                caret = true
            } else {
                out.append(ch)
            }
        }
        if caret { out.append("^") }
        return out
    }

    static func encodeParameterValue(_ value: String) -> String {
        var out = ""
        var needsQuotes = false
        for ch in value {
            switch ch {
            case "^": out.append("^^")
            case "\"": out.append("^'")
            case "\n": out.append("^n")
            case ":", ";", ",": needsQuotes = true; out.append(ch)
            default: out.append(ch)
            }
        }
        return needsQuotes ? "\"\(out)\"" : out
    }
}

extension String {
    /// Upper-cased ASCII letters; names in both formats are ASCII (RFC 5545 §3.1), and almost
    /// always arrive upper-case already, so that case costs no allocation.
    var asciiUppercased: String {
        guard utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) else { return self }
        return String(decoding: utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
    }
}
