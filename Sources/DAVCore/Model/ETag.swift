/// A strong entity tag, stored without quotes (RFC 9110 §8.8.3).
public struct ETag: Hashable, Sendable, CustomStringConvertible {
    /// The opaque tag, without quotes.
    public let value: String

    public init(_ value: String) { self.value = value }

    /// The header form, `"value"`.
    public var quoted: String { "\"\(value)\"" }
    public var description: String { quoted }

    /// Parses one entity tag from a header list element; weak tags (`W/"x"`) are returned as their
    /// opaque part because If-Match on a PUT uses the strong comparison and we only issue strong tags.
    public init?(header: some StringProtocol) {
        var s = Substring(header).trimmingWhitespace()
        if s.hasPrefix("W/") { s = s.dropFirst(2) }
        guard s.count >= 2, s.first == "\"", s.last == "\"" else { return nil }
        self.value = String(s.dropFirst().dropLast())
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (HTTP's OWS, RFC 9110 §5.6.3). By byte, not
    /// by Character: every authenticated request's Authorization header comes here.
    func trimmingWhitespace() -> Substring {
        let bytes = utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        while start < end, isSpace(bytes[start]) { start = bytes.index(after: start) }
        while start < end, isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return self[start..<end]
    }
}
