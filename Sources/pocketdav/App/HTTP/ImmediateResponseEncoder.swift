import DAVCore
import FoundationEssentials
import NIOCore

/// Writes a response the fast lane answers as HTTP/1.1 bytes (RFC 9112 §4, §5), with the `Date`
/// and `Server` fields Hummingbird adds to the responses it writes.
struct ImmediateResponseEncoder {
    let serverName: String
    private var date = (second: Int64.min, text: "")

    init(serverName: String) {
        self.serverName = serverName
    }

    /// The bytes of `response`, or `nil` for a status other than the two the fast lane answers or a
    /// field that cannot be sent as it is (a control character in a value, a name that is not a
    /// token); the full path then answers the request instead.
    mutating func encode(_ response: DAVResponse, allocator: ByteBufferAllocator) -> ByteBuffer? {
        let statusLine: StaticString
        switch response.status {
        case 200: statusLine = "HTTP/1.1 200 OK\r\n"
        case 304: statusLine = "HTTP/1.1 304 Not Modified\r\n"
        default: return nil
        }
        var hasLength = false
        var size = statusLine.utf8CodeUnitCount + 2 + response.body.count
        for (name, value) in response.headers {
            guard Self.isToken(name), Self.isFieldValue(value) else { return nil }
            hasLength = hasLength || name.utf8.count == 14 && name.lowercased() == "content-length"
            size += Self.fieldSize(name, value)
        }
        // RFC 9110 §8.6: a 304 carries no Content-Length unless it equals the 200's.
        let length = !hasLength && response.status != 304 ? String(response.body.count) : nil
        let date = currentDate()
        if let length { size += Self.fieldSize("Content-Length", length) }
        size += Self.fieldSize("Date", date) + Self.fieldSize("Server", serverName)
        // Written through one pointer into a buffer sized for the whole response: each of
        // ByteBuffer's writes checks and grows the buffer, and a response has two dozen parts.
        var out = allocator.buffer(capacity: size)
        out.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { buffer in
            var writer = Writer(base: buffer.baseAddress!)
            writer.append(statusLine)
            for (name, value) in response.headers { writer.appendField(name, value) }
            if let length { writer.appendField("Content-Length", length) }
            writer.appendField("Date", date)
            writer.appendField("Server", serverName)
            writer.append("\r\n")
            response.body.withUnsafeBytes { writer.append($0) }
            return writer.count
        }
        return out
    }

    private static func fieldSize(_ name: String, _ value: String) -> Int { name.utf8.count + value.utf8.count + 4 }

    /// Appends bytes at a pointer the caller sized for all of them.
    private struct Writer {
        let base: UnsafeMutableRawPointer
        var count = 0

        mutating func append(_ bytes: UnsafeRawBufferPointer) {
            guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
            (base + count).copyMemory(from: source, byteCount: bytes.count)
            count += bytes.count
        }

        mutating func append(_ text: StaticString) {
            append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        mutating func append(_ text: String) {
            var text = text
            text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
        }

        mutating func appendField(_ name: String, _ value: String) {
            append(name)
            append(": ")
            append(value)
            append("\r\n")
        }
    }

    /// The `Date` field (RFC 9110 §6.6.1), formatted once a second.
    private mutating func currentDate() -> String {
        let now = Date()
        let second = Int64(now.timeIntervalSince1970.rounded(.down))
        if second != date.second { date = (second, HTTPDate.format(now)) }
        return date.text
    }

    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(RequestHeadScanner.isTokenByte)
    }

    private static func isFieldValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
    }
}
