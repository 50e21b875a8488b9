import Testing

@testable import PocketDAVApp

/// The fast lane frames requests itself, so every head it accepts must be one NIO's decoder would
/// frame alike, and everything else must be left to the decoder (`unsupported`).
@Suite struct RequestHeadScannerTests {
    private func scan(_ text: String) -> RequestHeadScan {
        Array(text.utf8).withUnsafeBytes { RequestHeadScanner.scan($0) }
    }

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
        #expect((try? whole?.get()) == 27)
        // Fed one byte at a time, resuming where the previous search stopped.
        var searched = 0
        var found: Int?
        for count in 1...bytes.count where found == nil {
            switch bytes[..<count].withUnsafeBytes({ RequestHeadScanner.headEnd(in: $0, from: searched) }) {
            case nil: searched = count
            case .success(let end): found = end
            case .failure: Issue.record("refused at \(count) bytes")
            }
        }
        #expect(found == 27)
    }
}
