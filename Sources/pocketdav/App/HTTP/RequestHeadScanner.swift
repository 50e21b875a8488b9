/// One HTTP/1.1 request head as `RequestHeadScanner` read it.
struct ScannedRequestHead: Equatable {
    /// The method, as sent (methods are case-sensitive, RFC 9110 §9.1).
    var method: String
    /// The request target in origin form (RFC 9112 §3.2.1), query included.
    var target: String
    /// Field names lower-cased; repeated fields joined with ", " (RFC 9110 §5.3). Read for GET and
    /// HEAD only, the requests the fast lane may answer; empty for the others.
    var headers: [String: String]
    /// Bytes of the head, the blank line included.
    var length: Int
    /// The length of the content that follows (RFC 9112 §6.3): 0 without `Content-Length`.
    var contentLength: Int
}

/// A strict reader of HTTP/1.1 request heads, for `FastLaneHandler`.
///
/// Why strict: the fast lane must frame requests exactly as NIO's decoder (llhttp) would, since
/// both read the same byte stream. It accepts only the unambiguous form of RFC 9112: CRLF line
/// ends, `METHOD SP origin-form SP HTTP/1.1`, `name: value` fields with token names and no
/// line folding (§5.2), and at most one `Content-Length` of digits with no `Transfer-Encoding`
/// (§6.1–§6.3). Everything else, including `Upgrade`, which llhttp treats specially, is left to
/// NIO's decoder, and with it the rest of the connection.
enum RequestHeadScanner {
    static let maxHeadLength = 16 * 1024
    static let maxFields = 64

    private static let cr: UInt8 = 13, lf: UInt8 = 10, sp: UInt8 = 32, tab: UInt8 = 9, colon: UInt8 = 58

    /// How far the head at the start of the bytes received so far goes.
    enum HeadEnd: Equatable {
        /// Its blank line ends just before this offset.
        case at(Int)
        /// No blank line yet, and nothing so far outside the strict form: wait for more bytes.
        case notYet
        /// A bare LF, or a head over `maxHeadLength`: NIO's decoder reads it instead, with its
        /// own limits and errors.
        case unsupported
    }

    /// Where the head ends, searching from `start`, which a caller that already searched a
    /// shorter prefix passes to keep a trickled head linear.
    static func headEnd(in bytes: UnsafeRawBufferPointer, from start: Int) -> HeadEnd {
        var i = max(0, start)
        let count = min(bytes.count, maxHeadLength)
        while i < count {
            if bytes[i] == lf {
                guard i > 0, bytes[i - 1] == cr else { return .unsupported }
                if i >= 3, bytes[i - 2] == lf { return .at(i + 1) }
            }
            i += 1
        }
        return bytes.count >= maxHeadLength ? .unsupported : .notYet
    }

    /// Reads a head whose blank line `headEnd` found; `nil` when it is not in the strict form, and
    /// NIO's decoder reads it instead.
    static func parse(_ head: UnsafeRawBufferPointer) -> ScannedRequestHead? {
        var lines = LineReader(bytes: head)
        guard let first = lines.next(), let start = requestLine(first) else { return nil }
        // Only a GET or HEAD may be answered here; of any other request only the framing counts,
        // and building its fields would be wasted work before NIO's decoder reads it again.
        let keepsFields = start.method == "GET" || start.method == "HEAD"
        // Room for a client's usual fields at once, rather than growing the table twice or more.
        // Sized by the initializer: `reserveCapacity` on an empty table is an unspecialized call
        // that looks up generic metadata and then moves the table it just made.
        var headers = keepsFields ? [String: String](minimumCapacity: 12) : [:]
        var contentLength: Int?
        var fields = 0
        while let line = lines.next(), !line.isEmpty {
            fields += 1
            guard fields <= maxFields, let parsed = field(line) else { return nil }
            let (name, value) = parsed
            if equalsIgnoringCase(name, "transfer-encoding") || equalsIgnoringCase(name, "upgrade") { return nil }
            if equalsIgnoringCase(name, "content-length") {
                guard contentLength == nil, let length = decimal(value) else { return nil }
                contentLength = length
            }
            if keepsFields {
                let name = lowercased(name), value = String(decoding: value, as: UTF8.self)
                if let existing = headers[name] { headers[name] = existing + ", " + value } else { headers[name] = value }
            }
        }
        return ScannedRequestHead(method: start.method, target: start.target, headers: headers, length: head.count,
                                  contentLength: contentLength ?? 0)
    }

    /// `METHOD SP origin-form SP HTTP/1.1` (RFC 9112 §3, §3.2.1); the other target forms
    /// (absolute, authority, asterisk) are left to NIO's decoder.
    private static func requestLine(_ line: UnsafeRawBufferPointer) -> (method: String, target: String)? {
        guard let firstSpace = line.firstIndex(of: sp), firstSpace > 0, firstSpace <= 20,
              line[..<firstSpace].allSatisfy(isTokenByte) else { return nil }
        let rest = line[(firstSpace + 1)...]
        let version = "HTTP/1.1".utf8
        guard rest.count > version.count + 1, rest.suffix(version.count).elementsEqual(version) else { return nil }
        let target = rest.dropLast(version.count + 1)
        guard rest[rest.endIndex - version.count - 1] == sp, target.first == UInt8(ascii: "/"),
              target.allSatisfy(isTargetByte) else { return nil }
        return (String(decoding: line[..<firstSpace], as: UTF8.self), String(decoding: target, as: UTF8.self))
    }

    /// `name: OWS value OWS` (RFC 9112 §5); field values may carry obs-text but no control
    /// characters other than HTAB (RFC 9110 §5.5).
    private static func field(_ line: UnsafeRawBufferPointer) -> (Slice<UnsafeRawBufferPointer>, Slice<UnsafeRawBufferPointer>)? {
        guard let colonIndex = line.firstIndex(of: colon), colonIndex > 0,
              line[..<colonIndex].allSatisfy(isTokenByte) else { return nil }
        var value = line[(colonIndex + 1)...]
        while let first = value.first, first == sp || first == tab { value = value.dropFirst() }
        while let last = value.last, last == sp || last == tab { value = value.dropLast() }
        guard value.allSatisfy({ $0 == tab || ($0 >= sp && $0 != 127) }) else { return nil }
        return (line[..<colonIndex], value)
    }

    private static func lowercased(_ name: Slice<UnsafeRawBufferPointer>) -> String {
        String(unsafeUninitializedCapacity: name.count) { (out: UnsafeMutableBufferPointer<UInt8>) -> Int in
            for (i, b) in name.enumerated() { out[i] = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b }
            return name.count
        }
    }

    /// ASCII case-insensitive comparison with a lower-case `name`.
    private static func equalsIgnoringCase(_ bytes: Slice<UnsafeRawBufferPointer>, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { $0 | 0x20 == $1 || $0 == $1 }
    }

    /// 1*DIGIT (RFC 9110 §8.6), short enough not to overflow.
    private static func decimal(_ digits: Slice<UnsafeRawBufferPointer>) -> Int? {
        guard !digits.isEmpty, digits.count <= 15 else { return nil }
        var value = 0
        for b in digits {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(b - UInt8(ascii: "0"))
        }
        return value
    }

    /// The characters of a path and query (RFC 3986 §3.3, §3.4: unreserved, sub-delims, `:`, `@`,
    /// `/`, `?` and `%` escapes). Others, which llhttp refuses in part, and `#`, which no
    /// request target carries (RFC 9112 §3.2), leave the request to NIO's decoder.
    private static func isTargetByte(_ b: UInt8) -> Bool { isAlphanumeric(b, or: "-._~!$&'()*+,;=:@/?%") }

    /// tchar (RFC 9110 §5.6.2): also what `ImmediateResponseEncoder` sends as a field name.
    static func isTokenByte(_ b: UInt8) -> Bool { isAlphanumeric(b, or: "!#$%&'*+-.^_`|~") }

    private static func isAlphanumeric(_ b: UInt8, or others: StaticString) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return UnsafeBufferPointer(start: others.utf8Start, count: others.utf8CodeUnitCount).contains(b)
        }
    }

    /// The lines of a head, each without its CRLF (`headEnd` already refused bare LFs).
    private struct LineReader {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        mutating func next() -> UnsafeRawBufferPointer? {
            guard position < bytes.count, let lfIndex = bytes[position...].firstIndex(of: RequestHeadScanner.lf) else {
                return nil
            }
            let line = UnsafeRawBufferPointer(rebasing: bytes[position..<(lfIndex - 1)])
            position = lfIndex + 1
            return line
        }
    }
}
