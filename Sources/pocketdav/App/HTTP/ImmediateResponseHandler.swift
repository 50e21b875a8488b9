import DAVCore
import FoundationEssentials
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers a request on the event loop that read it when the core can answer it without waiting
/// (`DAVServer.immediateResponse(to:)`: a GET of an item, a cached login, a file in memory), and
/// passes every other request on to Hummingbird unchanged.
///
/// Why: for a small GET, Hummingbird's hand-over to Swift concurrency (an async sequence per
/// connection, a task hop each way) costs several times the work of the answer itself
/// (Benchmarks/RESULTS.md, "GET on the event loop").
///
/// It sits last before Hummingbird's async channel, after `HTTPConnectionStateHandler`, so the
/// idle timeout and graceful shutdown see every request and response. Responses stay in request
/// order (RFC 9112 §9.3.2): it answers only while no request it passed on is still waiting for
/// its response, and only while the channel is writable, so a client that pipelines without
/// reading meets Hummingbird's back-pressure instead of a growing buffer.
final class ImmediateResponseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let server: DAVServer
    private let serverName: String
    private let isSecure: Bool
    /// A GET or HEAD head held back until its end arrives (a body sends it on).
    private var held: HTTPRequest?
    /// Requests passed on to Hummingbird whose response has not ended yet.
    private var passedOn = 0
    private var needsFlush = false
    private var remoteAddress: String?
    private var date = (second: Int64.min, text: "")

    init(server: DAVServer, serverName: String, isSecure: Bool) {
        self.server = server
        self.serverName = serverName
        self.isSecure = isSecure
    }

    func handlerAdded(context: ChannelHandlerContext) {
        remoteAddress = context.channel.remoteAddress?.ipAddress
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if passedOn == 0, head.method == .get || head.method == .head, !Self.asksToClose(head) {
                held = head
                return
            }
            passOn(head, context: context)
        case .body:
            if let head = held { passOn(head, context: context) }
            context.fireChannelRead(data)
        case .end:
            if let head = held {
                held = nil
                if context.channel.isWritable, let response = server.immediateResponse(to: HTTPMessages.request(
                    head, body: [], remoteAddress: remoteAddress, isSecure: isSecure))
                {
                    write(response, context: context)
                    return
                }
                passOn(head, context: context)
            }
            context.fireChannelRead(data)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Never below zero: Hummingbird also ends the 400 it writes for a request it could not
        // parse, which never reached this handler as a head.
        if case .end = unwrapOutboundIn(data) { passedOn = max(0, passedOn - 1) }
        context.write(data, promise: promise)
    }

    private func passOn(_ head: HTTPRequest, context: ChannelHandlerContext) {
        held = nil
        passedOn += 1
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// Hummingbird closes the connection after such a request; leave that to it.
    private static func asksToClose(_ head: HTTPRequest) -> Bool {
        head.headerFields[values: .connection].contains { $0.lowercased().contains("close") }
    }

    private func write(_ response: DAVResponse, context: ChannelHandlerContext) {
        var fields = HTTPMessages.fields(response)
        // What Hummingbird adds to every response it writes.
        fields[.date] = currentDate()
        fields[.server] = serverName
        if fields[.contentLength] == nil { fields[.contentLength] = String(response.body.count) }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .init(code: response.status), headerFields: fields))),
                      promise: nil)
        if !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: response.body))), promise: nil)
        }
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        needsFlush = true
    }

    /// The `Date` header (RFC 9110 §6.6.1), formatted once a second.
    private func currentDate() -> String {
        let now = Date()
        let second = Int64(now.timeIntervalSince1970.rounded(.down))
        if second != date.second { date = (second, HTTPDate.format(now)) }
        return date.text
    }
}
