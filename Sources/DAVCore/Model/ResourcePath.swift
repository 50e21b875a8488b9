/// A request path, percent-decoded and normalised once at the edge.
///
/// Constructing one is the only traversal check in pocketdav: every segment is a safe single file
/// name, so backends can map segments to files or keys without re-validating. Rejected: `.` and
/// `..`, names starting with a dot (these are storage-private, e.g. `.Radicale.props`), encoded
/// slashes, NUL and other control characters, invalid percent escapes, invalid UTF-8, and names
/// longer than 255 bytes.
public struct ResourcePath: Hashable, Sendable, CustomStringConvertible {
    /// The decoded segments; empty for the root `/`.
    public let segments: [String]

    /// The root, `/`.
    public static let root = ResourcePath(validated: [])

    init(validated segments: [String]) { self.segments = segments }

    /// Builds a path from already-decoded segments, validating each.
    public init(segments: [String]) throws(PathError) {
        for s in segments { try Self.validate(segment: s) }
        self.segments = segments
    }

    /// Decodes the path part of a request target (`/alice/cal%20one/x.ics`).
    /// Empty segments (`//`) are folded; a query string must already be removed.
    public init(decoding raw: some StringProtocol) throws(PathError) {
        guard raw.first == "/" else { throw .notAbsolute }
        var segments: [String] = []
        segments.reserveCapacity(raw.utf8.count(where: { $0 == UInt8(ascii: "/") }))
        // Walked by index rather than `split`, which builds an array of the parts first (every
        // request comes here).
        let utf8 = raw.utf8
        var start = utf8.startIndex
        while start != utf8.endIndex {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: "/")) ?? utf8.endIndex
            if start != end {
                let part = utf8[start..<end]
                // A segment without escapes is already valid UTF-8 (a slice of a String at a `/`).
                let decoded = part.contains(UInt8(ascii: "%")) ? try Self.percentDecode(part) : String(decoding: part, as: UTF8.self)
                try Self.validate(segment: decoded)
                segments.append(decoded)
            }
            start = end == utf8.endIndex ? end : utf8.index(after: end)
        }
        self.segments = segments
    }

    public var isRoot: Bool { segments.isEmpty }
    /// The last segment, `nil` for the root.
    public var name: String? { segments.last }
    /// The parent path, `nil` for the root.
    public var parent: ResourcePath? {
        segments.isEmpty ? nil : ResourcePath(validated: Array(segments.dropLast()))
    }
    /// The first segment: the principal (user) name in pocketdav's URL space.
    public var owner: String? { segments.first }

    public func appending(_ segment: String) throws(PathError) -> ResourcePath {
        try Self.validate(segment: segment)
        var extended = segments
        extended.append(segment)
        return ResourcePath(validated: extended)
    }

    /// `/a`, `/a/b`, … `self`: every path from the first segment down to this one (the root
    /// excluded), outermost first.
    public var ancestry: [ResourcePath] {
        segments.indices.map { ResourcePath(validated: Array(segments[...$0])) }
    }

    /// Whether `self` is `other` or lies below it.
    public func isWithin(_ other: ResourcePath) -> Bool {
        segments.count >= other.segments.count && Array(segments.prefix(other.segments.count)) == other.segments
    }

    /// The percent-encoded href; collections end with `/` (RFC 4918 §5.2).
    public func href(collection: Bool) -> String {
        if segments.isEmpty { return "/" }
        var out = ""
        for s in segments {
            out += "/"
            out += Self.percentEncode(s)
        }
        if collection { out += "/" }
        return out
    }

    public var description: String { href(collection: false) }

    // MARK: - Validation

    public static func validate(segment s: String) throws(PathError) {
        if s.isEmpty || s == "." || s == ".." { throw .invalidSegment(s) }
        if s.hasPrefix(".") { throw .invalidSegment(s) }
        if s.utf8.count > 255 { throw .segmentTooLong }
        for b in s.utf8 where b < 0x20 || b == 0x7F || b == UInt8(ascii: "/") || b == UInt8(ascii: "\\") {
            throw .invalidCharacter
        }
    }

    /// `%XX` escapes decoded; the result must be UTF-8 (shared with other URL parts, e.g. a
    /// database URL's user and host).
    public static func percentDecode(_ bytes: some Collection<UInt8>) throws(PathError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var it = bytes.makeIterator()
        while let b = it.next() {
            if b == UInt8(ascii: "%") {
                guard let h = it.next(), let l = it.next(), let hv = h.hexDigitValue, let lv = l.hexDigitValue else {
                    throw .invalidEscape
                }
                out.append(hv << 4 | lv)
            } else {
                out.append(b)
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw .invalidUTF8 }
        return s
    }

    /// Encodes everything but RFC 3986 unreserved characters and the sub-delimiters that are
    /// safe in a path segment and in XML without escaping.
    static func percentEncode(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "@"), UInt8(ascii: ":"),
                UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: "!"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(b >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(b & 0xF)]))
            }
        }
        return out
    }
}

/// Why a request path was refused; every case becomes a 400.
public enum PathError: Error, Sendable, Equatable {
    case notAbsolute
    case invalidEscape
    case invalidUTF8
    case invalidSegment(String)
    case invalidCharacter
    case segmentTooLong
}
