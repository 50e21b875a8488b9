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
        // Sized for the whole response, so the buffer is never grown and copied while written.
        // 128: the status line, `Date`, `Server: ` and a `Content-Length` the response may lack.
        var size = 128 + serverName.utf8.count + response.body.count
        for (name, value) in response.headers { size += name.utf8.count + value.utf8.count + 4 }
        var out = allocator.buffer(capacity: size)
        out.writeStaticString(statusLine)
        var hasLength = false
        for (name, value) in response.headers {
            guard Self.isToken(name), Self.isFieldValue(value) else { return nil }
            hasLength = hasLength || name.utf8.count == 14 && name.lowercased() == "content-length"
            Self.write(name, value, to: &out)
        }
        // RFC 9110 §8.6: a 304 carries no Content-Length unless it equals the 200's.
        if !hasLength, response.status != 304 { Self.write("Content-Length", String(response.body.count), to: &out) }
        Self.write("Date", currentDate(), to: &out)
        Self.write("Server", serverName, to: &out)
        out.writeStaticString("\r\n")
        out.writeBytes(response.body)
        return out
    }

    private static func write(_ name: String, _ value: String, to out: inout ByteBuffer) {
        out.writeString(name)
        out.writeStaticString(": ")
        out.writeString(value)
        out.writeStaticString("\r\n")
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
