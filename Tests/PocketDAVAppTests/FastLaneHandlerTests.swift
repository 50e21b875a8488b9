import DAVCore
import Foundation
import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Testing

@testable import PocketDAVApp

/// `FastLaneHandler` in front of NIO's decoder, as in `DAVHTTPChannel`: what it answers itself,
/// what it hands on byte for byte, and that responses keep request order. Its answers come from a
/// stand-in for `DAVServer.immediateResponse` that answers GET and HEAD of `/fast`, and `/bad`
/// with a field that must not be sent (ImmediateResponseTests cover the real one).
@Suite struct FastLaneHandlerTests {
    /// Records what reaches Hummingbird's side of the pipeline, and answers it on demand.
    final class FullPath: ChannelInboundHandler {
        typealias InboundIn = HTTPRequestPart
        typealias OutboundOut = HTTPResponsePart
        var parts: [String] = []
        var readsCompleted = 0
        var context: ChannelHandlerContext?
        /// With `answers` set, the answer to each request once it has ended, as the lane's
        /// stand-in would give it: `fast N` for `/fast`, `slow N CONTENT` otherwise, nothing for
        /// HEAD; sent at once, or kept in `due` until `answerDue()`.
        var answers: (atOnce: Bool, due: [String])?
        private var current = (method: "", path: "", n: "", content: "")

        func handlerAdded(context: ChannelHandlerContext) { self.context = context }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                parts.append("head \(head.method.rawValue) \(head.path ?? "")")
                current = (head.method.rawValue, head.path ?? "", head.headerFields[HTTPField.Name("X-N")!] ?? "", "")
            case .body(let body):
                parts.append("body \(String(buffer: body))")
                current.content += String(buffer: body)
            case .end:
                parts.append("end")
                guard var answers else { return }
                answers.due.append(current.method == "HEAD" ? "" : current.path == "/fast" ? "fast \(current.n)"
                                   : "slow \(current.n) \(current.content)")
                self.answers = answers
                if answers.atOnce { answerDue() }
            }
        }

        func channelReadComplete(context: ChannelHandlerContext) {
            readsCompleted += 1
            context.fireChannelReadComplete()
        }

        func answerDue() {
            guard let due = answers?.due else { return }
            answers?.due = []
            for text in due { respond(text) }
        }

        func respond(_ text: String) {
            guard let context else { return }
            var fields = HTTPFields()
            fields[.contentLength] = String(text.utf8.count)
            context.write(wrapOutboundOut(.head(HTTPResponse(status: .ok, headerFields: fields))), promise: nil)
            context.write(wrapOutboundOut(.body(ByteBuffer(string: text))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    struct Lane {
        let channel = EmbeddedChannel()
        let fullPath = FullPath()
        let state: HTTPConnectionState

        init(idleTimeout: TimeAmount? = nil) throws {
            state = HTTPConnectionState(idleTimeout: idleTimeout)
            let answer: @Sendable (DAVRequest) -> DAVResponse? = { request in
                if request.rawPath == "/bad" { return DAVResponse(status: 200, headers: [("X-Bad", "a\r\nInjected: 1")]) }
                guard request.rawPath == "/fast" else { return nil }
                let body = Array("fast \(request.header("x-n") ?? "")".utf8)
                return DAVResponse(status: 200, headers: [("Content-Type", "text/plain")],
                                   body: request.method == "HEAD" ? [] : body)
            }
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(FastLaneHandler(answer: answer, state: state, serverName: "pocketdav", isSecure: false))
            try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false)
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(HTTPConnectionStateTracker(state: state))
            try pipeline.addHandler(fullPath)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5232)).wait()
        }

        func send(_ text: String) throws {
            try channel.writeInbound(ByteBuffer(string: text))
        }

        /// Everything written to the socket so far.
        func written() throws -> String {
            var out = ""
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) { out += String(buffer: buffer) }
            return out
        }
    }

    static func get(_ path: String, _ n: Int, extra: String = "") -> String {
        "GET \(path) HTTP/1.1\r\nHost: a\r\nX-N: \(n)\r\n\(extra)\r\n"
    }

    @Test func answersAGetFromTheBytesAndHandsNothingOn() throws {
        let lane = try Lane()
        try lane.send(Self.get("/fast", 1) + Self.get("/fast", 2))
        let out = try lane.written()
        #expect(lane.fullPath.parts.isEmpty)
        let responses = out.components(separatedBy: "HTTP/1.1 200 OK\r\n").dropFirst()
        #expect(responses.count == 2)
        #expect(responses.first?.hasSuffix("\r\n\r\nfast 1") == true)
        #expect(responses.last?.hasSuffix("\r\n\r\nfast 2") == true)
        for field in ["Content-Type: text/plain\r\n", "Content-Length: 6\r\n", "Server: pocketdav\r\n", "Date: "] {
            #expect(out.components(separatedBy: field).count == 3, "\(field)")
        }
    }

    /// The handlers behind the lane hear of a read completing only when the read gave them bytes.
    @Test func onlyReadsThatWereHandedOnAreCompletedBehindTheLane() throws {
        let lane = try Lane()
        try lane.send(Self.get("/fast", 1))
        #expect(lane.fullPath.readsCompleted == 0)
        try lane.send("PUT /a HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nab")
        #expect(lane.fullPath.readsCompleted == 1)
        try lane.send("c")
        #expect(lane.fullPath.readsCompleted == 2)
        lane.fullPath.respond("put")
        try lane.send(Self.get("/fast", 2))
        #expect(lane.fullPath.readsCompleted == 2)
        #expect(try lane.written().hasSuffix("fast 2"))
    }

    @Test func aHeadArrivingByteByByteIsAnsweredOnceWhole() throws {
        let lane = try Lane()
        for byte in Self.get("/fast", 7).utf8 {
            #expect(try lane.written().isEmpty)
            try lane.channel.writeInbound(ByteBuffer(bytes: [byte]))
        }
        #expect(try lane.written().hasSuffix("fast 7"))
        #expect(lane.fullPath.parts.isEmpty)
    }

    @Test func aRequestWithContentIsHandedOnWholeAndLaterAnswersWaitForItsResponse() throws {
        let lane = try Lane()
        // A PUT whose content arrives in two reads, the second with a GET pipelined behind it.
        try lane.send("PUT /a HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nGET /f")
        try lane.send("ast " + Self.get("/fast", 1))
        // The content is the PUT's ten bytes, however much they look like a request; the GET
        // behind it goes the same way, as the PUT's response is not written yet.
        #expect(lane.fullPath.parts == ["head PUT /a", "body GET /f", "body ast ", "end", "head GET /fast", "end"])
        #expect(try lane.written().isEmpty)
        lane.fullPath.respond("put")
        lane.fullPath.respond("get")
        // Nothing is awaited any more: the lane answers again, after both.
        try lane.send(Self.get("/fast", 2))
        let out = try lane.written()
        let put = try #require(out.range(of: "put")), get = try #require(out.range(of: "get")),
            fast = try #require(out.range(of: "fast 2"))
        #expect(put.upperBound <= get.lowerBound && get.upperBound <= fast.lowerBound)
        #expect(lane.fullPath.parts.count == 6)
    }

    /// Any mix of requests, cut into reads anywhere, gets one answer per request in request
    /// order with its content intact, whichever path answers each.
    @Test func anyStreamOfRequestsSplitAnywhereIsAnsweredInOrder() throws {
        var generator = SystemRandomNumberGenerator()
        for trial in 0..<300 {
            let lane = try Lane()
            lane.fullPath.answers = (atOnce: trial % 2 == 0, due: [])
            var stream = "", expected: [String] = []
            for n in 0..<Int.random(in: 1...10, using: &generator) {
                switch Int.random(in: 0..<6, using: &generator) {
                case 0, 1:
                    stream += Self.get("/fast", n)
                    expected.append("fast \(n)")
                case 2:
                    stream += Self.get("/slow", n)
                    expected.append("slow \(n) ")
                case 3:
                    stream += "HEAD /fast HTTP/1.1\r\nHost: a\r\nX-N: \(n)\r\n\r\n"
                    expected.append("")
                default:
                    // Content that looks like requests must stay content.
                    let content = String(repeating: Self.get("/fast", 99), count: Int.random(in: 0...2, using: &generator)) + "."
                    stream += "PUT /a HTTP/1.1\r\nHost: a\r\nX-N: \(n)\r\nContent-Length: \(content.utf8.count)\r\n\r\n" + content
                    expected.append("slow \(n) \(content)")
                }
            }
            var bytes = Array(stream.utf8)[...]
            while !bytes.isEmpty {
                let length = min(bytes.count, Int.random(in: 1...120, using: &generator))
                try lane.channel.writeInbound(ByteBuffer(bytes: bytes.prefix(length)))
                bytes = bytes.dropFirst(length)
                lane.fullPath.answerDue()
            }
            #expect(try Self.bodies(of: lane.written()) == expected, "trial \(trial): \(stream.debugDescription)")
        }
    }

    /// The bodies of a run of responses, framed by their `Content-Length`.
    static func bodies(of text: String) -> [String] {
        var rest = Substring(text), bodies: [String] = []
        while let end = rest.range(of: "\r\n\r\n") {
            let head = rest[..<end.lowerBound]
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            let body = rest[end.upperBound...].utf8.prefix(length)
            bodies.append(String(decoding: body, as: UTF8.self))
            rest = Substring(rest[end.upperBound...].utf8.dropFirst(length))
        }
        return bodies
    }

    @Test func aRequestItCannotFrameHandsTheRestOfTheConnectionOn() throws {
        let lane = try Lane()
        try lane.send("POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        lane.fullPath.respond("posted")
        try lane.send(Self.get("/fast", 1))
        #expect(lane.fullPath.parts == ["head POST /a", "body abc", "end", "head GET /fast", "end"])
        #expect(!(try lane.written().contains("fast 1")))
    }

    @Test(arguments: [
        "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n",                         // the core has no answer
        "GET /bad HTTP/1.1\r\nHost: a\r\n\r\n",                          // a field it cannot send as it is
        "GET /fast HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",    // Hummingbird closes
        "GET /fast HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n",
        "GET /fast HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nab",
        "GET http://a/fast HTTP/1.1\r\nHost: a\r\n\r\n",                 // absolute form
        "GET /fast#top HTTP/1.1\r\nHost: a\r\n\r\n",
        "PROPFIND /fast HTTP/1.1\r\nHost: a\r\n\r\n",
    ])
    func leavesEverythingElseToTheFullPath(request: String) throws {
        let lane = try Lane()
        try lane.send(request)
        let method = String(request.prefix { $0 != " " })
        #expect(lane.fullPath.parts.first?.hasPrefix("head \(method) ") == true)
        #expect(lane.fullPath.parts.last == "end")
        #expect(try lane.written().isEmpty)
    }

    @Test func gracefulShutdownWaitsForTheResponseInProgress() throws {
        let lane = try Lane()
        try lane.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
        lane.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(lane.channel.isActive)
        // No more answers from the lane while closing.
        try lane.send(Self.get("/fast", 1))
        lane.fullPath.respond("slow")
        #expect(lane.channel.isActive)
        lane.fullPath.respond("fast")
        #expect(!lane.channel.isActive)
        #expect(try lane.written().contains("slow"))
    }

    @Test func gracefulShutdownClosesAnIdleConnectionAtOnce() throws {
        let lane = try Lane()
        try lane.send(Self.get("/fast", 1))
        lane.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(!lane.channel.isActive)
    }

    @Test func theIdleTimeoutCountsTheLanesAnswers() throws {
        let lane = try Lane(idleTimeout: .seconds(10))
        for _ in 0..<3 {
            lane.channel.embeddedEventLoop.advanceTime(by: .seconds(6))
            try lane.send(Self.get("/fast", 1))
        }
        #expect(lane.channel.isActive)
        lane.channel.embeddedEventLoop.advanceTime(by: .seconds(11))
        #expect(!lane.channel.isActive)
    }

    @Test func theIdleTimeoutSparesAResponseBeingPrepared() throws {
        let lane = try Lane(idleTimeout: .seconds(10))
        try lane.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
        lane.channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(lane.channel.isActive)
        lane.fullPath.respond("slow")
        lane.channel.embeddedEventLoop.advanceTime(by: .seconds(11))
        #expect(!lane.channel.isActive)
    }
}
