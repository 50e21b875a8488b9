import NIOCore
import NIOHTTPTypes

/// One connection's requests in progress and idle time, shared by its `FastLaneHandler` and
/// `HTTPConnectionStateTracker`, which both run on the connection's event loop.
///
/// Why our own: Hummingbird's `HTTPConnectionStateHandler` sees only the requests NIO's decoder
/// reads, so it would take a connection busy with GETs that the fast lane answers for an idle one
/// and close it. The rules are Hummingbird's: a connection is idle when it has read no request part
/// and ended no response for `idleTimeout`, except while a request it has read is still being
/// answered; after graceful shutdown is asked it closes once no response is outstanding.
final class HTTPConnectionState {
    let idleTimeout: TimeAmount?
    /// Requests NIO's decoder read whose response has not ended yet.
    private(set) var requestsInProgress = 0
    private var isRequestBeingRead = false
    private var lastActive = NIODeadline.uptimeNanoseconds(0)
    /// Graceful shutdown was asked: close when no response is outstanding. (The fast lane answers
    /// only when none is, and the connection is then closed already.)
    private var isClosing = false

    init(idleTimeout: TimeAmount?) {
        self.idleTimeout = idleTimeout
    }

    /// The connection became active at `now`; when to first check it for idleness.
    func activated(at now: NIODeadline) -> NIODeadline? {
        lastActive = now
        return idleTimeout.map { now + $0 }
    }

    func read(_ part: HTTPRequestPart, at now: NIODeadline) {
        lastActive = now
        switch part {
        case .head:
            requestsInProgress += 1
            isRequestBeingRead = true
        case .body:
            break
        case .end:
            isRequestBeingRead = false
        }
    }

    /// A response ended; `true` when the connection should now close.
    func responseEnded(at now: NIODeadline) -> Bool {
        lastActive = now
        // Never below zero: Hummingbird also ends the 400 it writes for a request the decoder
        // could not parse, which was never read as a head.
        requestsInProgress = max(0, requestsInProgress - 1)
        return isClosing && requestsInProgress == 0
    }

    /// The fast lane answered a request.
    func answeredImmediately(at now: NIODeadline) {
        lastActive = now
    }

    /// Graceful shutdown; `true` when the connection can close now.
    func quiesce() -> Bool {
        isClosing = true
        return requestsInProgress == 0
    }

    enum IdleCheck: Equatable {
        case close
        case checkAgain(at: NIODeadline)
    }

    /// What to do when the idle timer fires at `now`; `nil` without an idle timeout.
    func idleCheck(now: NIODeadline) -> IdleCheck? {
        guard let idleTimeout else { return nil }
        if requestsInProgress > 0, !isRequestBeingRead { return .checkAgain(at: now + idleTimeout) }
        if now >= lastActive + idleTimeout { return .close }
        return .checkAgain(at: lastActive + idleTimeout)
    }
}

/// Keeps `HTTPConnectionState` up to date with the requests NIO's decoder reads and the responses
/// written for them, and closes the connection after the last one when shutting down.
/// Sits where Hummingbird's `HTTPConnectionStateHandler` would, after the HTTPTypes codec.
final class HTTPConnectionStateTracker: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let state: HTTPConnectionState

    init(state: HTTPConnectionState) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        state.read(unwrapInboundIn(data), at: context.eventLoop.now)
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data), state.responseEnded(at: context.eventLoop.now) else {
            context.write(data, promise: promise)
            return
        }
        context.writeAndFlush(data, promise: promise)
        context.close(promise: nil)
    }
}
