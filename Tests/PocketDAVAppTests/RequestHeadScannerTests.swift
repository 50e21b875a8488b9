import NIOCore
import NIOEmbedded
import NIOHTTP1
import Foundation
import Testing

@testable import PocketDAVApp

/// The fast lane frames requests itself, so every head it accepts must be one NIO's decoder would
/// frame alike, and everything else must be left to the decoder (`unsupported`).
@Suite struct RequestHeadScannerTests {
    /// What the lane makes of bytes that start a connection: `headEnd`, then `parse`.
    enum Scan: Equatable {
        case head(ScannedRequestHead)
        case incomplete
        case unsupported
    }

    static func scan(_ bytes: [UInt8]) -> Scan {
        bytes.withUnsafeBytes { raw in
            switch RequestHeadScanner.headEnd(in: raw, from: 0) {
            case .notYet: .incomplete
            case .unsupported: .unsupported
            case .at(let end): RequestHeadScanner.parse(UnsafeRawBufferPointer(rebasing: raw[..<end])).map(Scan.head) ?? .unsupported
            }
        }
    }

    private func scan(_ text: String) -> Scan { Self.scan(Array(text.utf8)) }

    private func scanned(_ text: String) -> ScannedRequestHead? {
        if case .head(let head) = scan(text) { return head }
        return nil
    }

    @Test func readsAClientsGet() throws {
        // What DAVx5 (okhttp) sends for a GET of an item.
        let text = "GET /alice/cal/a%20b.ics?x=1 HTTP/1.1\r\nAuthorization: Basic YWxpY2U6cHc=\r\nHost: 127.0.0.1:5232\r\n"
            + "Connection: Keep-Alive\r\nAccept-Encoding: gzip\r\nUser-Agent: DAVx5/4.4 (okhttp/4.12.0) Android/14\r\n\r\n"
        let head = try #require(scanned(text + "PROPFIND / HTTP/1.1\r\n"))
        #expect(head.method == "GET")
        #expect(head.target == "/alice/cal/a%20b.ics?x=1")
        #expect(head.length == text.utf8.count)
        #expect(head.contentLength == 0)
        #expect(head.headers == [
            "authorization": "Basic YWxpY2U6cHc=", "host": "127.0.0.1:5232", "connection": "Keep-Alive",
            "accept-encoding": "gzip", "user-agent": "DAVx5/4.4 (okhttp/4.12.0) Android/14",
        ])
    }

    @Test func joinsRepeatedFieldsAndTrimsWhitespace() throws {
        let head = try #require(scanned("HEAD /a HTTP/1.1\r\nIf-None-Match: \"1\"\r\nif-none-match:\t\"2\" \r\nX-Empty:\r\n\r\n"))
        #expect(head.headers["if-none-match"] == "\"1\", \"2\"")
        #expect(head.headers["x-empty"] == "")
    }

    @Test func readsOnlyTheFramingOfRequestsOtherThanGetAndHead() throws {
        let put = try #require(scanned("PUT /a HTTP/1.1\r\nIf-Match: \"1\"\r\nCONTENT-length: 12\r\n\r\n"))
        #expect(put.method == "PUT" && put.contentLength == 12 && put.headers.isEmpty)
        #expect(scanned("PROPFIND / HTTP/1.1\r\nTransfer-ENCODING: chunked\r\n\r\n") == nil)
    }

    @Test func waitsForTheBlankLine() {
        #expect(scan("") == .incomplete)
        #expect(scan("GET / HTTP/1.1\r\nHost: a\r\n") == .incomplete)
        #expect(scan("GET / HTTP/1.1\r\nHost: a\r\n\r") == .incomplete)
    }

    @Test(arguments: [
        "GET / HTTP/1.1\nHost: a\n\n",                                         // bare LF line ends
        "GET / HTTP/1.1\r\nHost: a\n\r\n",
        "GET / HTTP/1.0\r\nHost: a\r\n\r\n",                                   // not HTTP/1.1
        "GET / HTTP/1.1 \r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",                                             // two spaces
        "GET /a b HTTP/1.1\r\n\r\n",
        "GET /a\"b HTTP/1.1\r\n\r\n",                                       // not a URI character
        "GET /a#b HTTP/1.1\r\n\r\n",
        "GET http://a/b HTTP/1.1\r\n\r\n",                                  // absolute form
        "OPTIONS * HTTP/1.1\r\n\r\n",                                        // asterisk form
        "\r\nGET / HTTP/1.1\r\n\r\n",                                          // leading empty line
        "G(T / HTTP/1.1\r\n\r\n",                                              // method not a token
        "GET / HTTP/1.1\r\nHost : a\r\n\r\n",                                  // space before the colon
        "GET / HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n",                         // obs-fold (RFC 9112 §5.2)
        "GET / HTTP/1.1\r\nNo colon\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: a\u{01}b\r\n\r\n",                             // control character
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",               // framing left to the decoder
        "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
        "GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
    ])
    func leavesAnythingOutsideTheStrictFormToTheDecoder(_ text: String) {
        #expect(scan(text) == .unsupported)
    }

    @Test func refusesHeadsOverTheLimitsInsteadOfWaiting() {
        let long = "GET / HTTP/1.1\r\nX-Long: " + String(repeating: "a", count: RequestHeadScanner.maxHeadLength)
        #expect(scan(long) == .unsupported)
        let many = "GET / HTTP/1.1\r\n" + String(repeating: "X-A: 1\r\n", count: RequestHeadScanner.maxFields + 1) + "\r\n"
        #expect(scan(many) == .unsupported)
        let enough = "GET / HTTP/1.1\r\n" + String(repeating: "X-A: 1\r\n", count: RequestHeadScanner.maxFields) + "\r\n"
        #expect(scanned(enough) != nil)
    }

    @Test func aSearchResumedWhereItStoppedFindsTheSameEnd() {
        let bytes = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\nrest".utf8)
        let whole = bytes.withUnsafeBytes { RequestHeadScanner.headEnd(in: $0, from: 0) }
        #expect(whole == .at(27))
        // Fed one byte at a time, resuming where the previous search stopped.
        var searched = 0
        var found: Int?
        for count in 1...bytes.count where found == nil {
            switch bytes[..<count].withUnsafeBytes({ RequestHeadScanner.headEnd(in: $0, from: searched) }) {
            case .notYet: searched = count
            case .at(let end): found = end
            case .unsupported: Issue.record("refused at \(count) bytes")
            }
        }
        #expect(found == 27)
    }

    /// The property the fast lane's framing rests on: whatever head the scanner accepts, NIO's
    /// decoder reads with the same method, target and fields, and ends where the scanner says,
    /// after `Content-Length` bytes (or refuses, for a method llhttp does not know). Checked on
    /// damaged copies of real heads.
    @Test func whateverItAcceptsNIOsDecoderFramesAlike() throws {
        let seeds = [
            "GET /alice/cal/e.ics HTTP/1.1\r\nHost: 127.0.0.1:5232\r\nAuthorization: Basic YWxpY2U6cHc=\r\nIf-None-Match: \"1\"\r\n\r\n",
            "PUT /alice/cal/e.ics HTTP/1.1\r\nHost: a\r\nContent-Type: text/calendar\r\nContent-Length: 12\r\nIf-Match: \"1\"\r\n\r\n",
            "HEAD /a HTTP/1.1\r\nhost: a\r\nX-A:  spaced value\t\r\nx-a: again\r\n\r\n",
        ]
        let alphabet = Array(" \t\r\n:,;\"aA0-/%\u{7F}".utf8) + [0, 0x80, 0xC3]
        var generator = SystemRandomNumberGenerator()
        var accepted = 0
        for _ in 0..<3000 {
            var bytes = Array(seeds.randomElement(using: &generator)!.utf8)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                let byte = alphabet.randomElement(using: &generator)!
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[at] = byte
                case 1: bytes.insert(byte, at: at)
                default: bytes.remove(at: at)
                }
            }
            guard case .head(let head) = Self.scan(bytes) else { continue }
            accepted += 1
            let sentinel = "GET /next HTTP/1.1\r\n\r\n"
            let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder()))
            let text = String(decoding: bytes, as: UTF8.self).debugDescription
            do {
                try channel.writeInbound(ByteBuffer(bytes: bytes[..<head.length]))
            } catch {
                // llhttp knows a fixed set of methods; a request it refuses is handed to it and
                // gets its 400, but one the lane may answer must never be such a request.
                #expect(head.method != "GET" && head.method != "HEAD", "the decoder refused \(text): \(error)")
                continue
            }
            // Then the content and the next request: a decoder that framed the request otherwise
            // would read the next request's bytes as content, or content as a request.
            let rest = Array(repeating: UInt8(ascii: "x"), count: head.contentLength) + Array(sentinel.utf8)
            do {
                try channel.writeInbound(ByteBuffer(bytes: rest))
            } catch {
                Issue.record("the decoder framed \(text) otherwise: \(error)")
                continue
            }
            var parts: [HTTPServerRequestPart] = []
            while let part = try channel.readInbound(as: HTTPServerRequestPart.self) { parts.append(part) }
            guard case .head(let decoded)? = parts.first else {
                Issue.record("the decoder read no head from \(text)")
                continue
            }
            #expect(decoded.method.rawValue == head.method && decoded.uri == head.target, "\(text)")
            if head.method == "GET" || head.method == "HEAD" {
                var fields: [String: String] = [:]
                for (name, value) in decoded.headers {
                    // llhttp keeps a trailing HTAB; a field value has none (RFC 9110 §5.5).
                    let name = name.lowercased(), value = value.trimmingCharacters(in: .whitespaces)
                    fields[name] = fields[name].map { $0 + ", " + value } ?? value
                }
                #expect(fields == head.headers, "\(text)")
            }
            let content = parts.reduce(0) { if case .body(let b) = $1 { $0 + b.readableBytes } else { $0 } }
            #expect(content == head.contentLength, "\(text)")
            guard case .head(let next)? = parts.last(where: { if case .head = $0 { true } else { false } }), parts.count >= 3 else {
                Issue.record("the decoder did not reach the next request after \(text)")
                continue
            }
            #expect(next.uri == "/next", "\(text)")
        }
        #expect(accepted > 100)
    }
}
