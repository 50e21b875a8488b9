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
    func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
