import DAVCore
import NIOCore

/// The first handler of a connection: it answers a GET or HEAD of an item straight from the bytes
/// received, on the event loop that read them, when the core can answer without waiting
/// (`DAVServer.immediateResponse(to:)`: a cached login, a file in memory), and hands every other
/// request to NIO's HTTP/1.1 decoder and Hummingbird, byte for byte.
///
/// Why below NIO's decoder: for a small GET, parsing into NIO's and then HTTPTypes' request types
/// and encoding the response back through both costs several times the work of the answer itself
/// (Benchmarks/RESULTS.md, "The fast lane").
///
/// Both readers see one byte stream, so the lane frames every request it hands on itself
/// (`RequestHeadScanner`, strict RFC 9112) and answers only at a request boundary. At the first
/// request it cannot frame it hands the rest of the connection to the decoder. It answers only
/// while no request it handed on awaits its response, so responses stay in request order
/// (RFC 9112 §9.3.2), and only while the channel is writable, so a client that pipelines without
/// reading meets Hummingbird's back-pressure. It owns the idle timeout and graceful shutdown of
/// the connection (`HTTPConnectionState`), which count the requests answered here too.
final class FastLaneHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let answer: (DAVRequest) -> DAVResponse?
    private let state: HTTPConnectionState
    private let isSecure: Bool
    private var encoder: ImmediateResponseEncoder
    private var remoteAddress: String?
    /// Bytes received and neither answered nor handed on: the start of a head not complete yet.
    private var received = ByteBuffer()
    /// How much of `received` was already searched for the end of the head.
    private var searched = 0
    /// Content of a request handed on that is still to come and to be handed on too.
    private var contentToHandOn = 0
    /// A request the lane could not frame: every byte from it on goes to the decoder.
    private var handsEverythingOn = false
    private var needsFlush = false
    /// Whether bytes went down the pipeline since the last read completed: only then do the
    /// handlers behind the lane hear of the read completing (five of them, for every GET otherwise).
    private var handedOnSinceReadComplete = false
    private var idleTimer: Scheduled<Void>?

    /// `answer` is `DAVServer.immediateResponse(to:)` (a stand-in in tests).
    init(answer: @escaping (DAVRequest) -> DAVResponse?, state: HTTPConnectionState, serverName: String, isSecure: Bool) {
        self.answer = answer
        self.state = state
        self.isSecure = isSecure
        self.encoder = ImmediateResponseEncoder(serverName: serverName)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        remoteAddress = context.channel.remoteAddress?.ipAddress
        if context.channel.isActive { startIdleTimer(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        if remoteAddress == nil { remoteAddress = context.channel.remoteAddress?.ipAddress }
        startIdleTimer(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if handsEverythingOn {
            handOn(unwrapInboundIn(data), context: context)
            return
        }
        var bytes = unwrapInboundIn(data)
        if received.readableBytes == 0 { received = bytes } else { received.writeBuffer(&bytes) }
        while received.readableBytes > 0, !handsEverythingOn {
            if contentToHandOn > 0 {
                let length = min(contentToHandOn, received.readableBytes)
                contentToHandOn -= length
                handOn(received.readSlice(length: length)!, context: context)
                continue
            }
            switch received.withUnsafeReadableBytes({ RequestHeadScanner.headEnd(in: $0, from: searched) }) {
            case .notYet:
                searched = received.readableBytes
                return
            case .unsupported:
                handOnEverything(context: context)
            case .at(let length):
                searched = 0
                let head = received.withUnsafeReadableBytes {
                    RequestHeadScanner.parse(UnsafeRawBufferPointer(rebasing: $0[..<length]))
                }
                guard let head else {
                    handOnEverything(context: context)
                    break
                }
                if let response = immediateResponse(to: head, context: context) {
                    received.moveReaderIndex(forwardBy: length)
                    context.write(wrapOutboundOut(response), promise: nil)
                    needsFlush = true
                    state.answeredImmediately(at: context.eventLoop.now)
                } else {
                    contentToHandOn = head.contentLength
                    handOn(received.readSlice(length: length)!, context: context)
                }
            }
        }
        // Holding no bytes, hold no buffer: NIO reads into the same buffer again only when no one
        // else keeps it, and allocates a new one for every read otherwise.
        if received.readableBytes == 0 { received = ByteBuffer() }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        if handedOnSinceReadComplete {
            handedOnSinceReadComplete = false
            context.fireChannelReadComplete()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if state.quiesce() { context.close(promise: nil) }
    }

    /// The bytes of the answer to `head`, when it is a request the core answers at once.
    private func immediateResponse(to head: ScannedRequestHead, context: ChannelHandlerContext) -> ByteBuffer? {
        guard head.method == "GET" || head.method == "HEAD", head.contentLength == 0,
              state.requestsInProgress == 0, context.channel.isWritable,
              head.headers["expect"] == nil,
              // Hummingbird closes the connection after such a request; leave that to it.
              head.headers["connection"].map({ $0.lowercased().contains("close") }) != true,
              // Built as HummingbirdAdapter builds it: the target still percent-encoded, names
              // lower-cased, repeated fields joined (`RequestHeadScanner`).
              let response = answer(DAVRequest(
                method: head.method, path: head.target, headers: head.headers, remoteAddress: remoteAddress, isSecure: isSecure))
        else { return nil }
        return encoder.encode(response, allocator: context.channel.allocator)
    }

    private func handOnEverything(context: ChannelHandlerContext) {
        handsEverythingOn = true
        let rest = received
        received = ByteBuffer()
        handOn(rest, context: context)
    }

    /// Passes `bytes` to NIO's decoder, which then hears of the read completing too.
    private func handOn(_ bytes: ByteBuffer, context: ChannelHandlerContext) {
        handedOnSinceReadComplete = true
        context.fireChannelRead(wrapInboundOut(bytes))
    }

    private func startIdleTimer(context: ChannelHandlerContext) {
        guard idleTimer == nil, let deadline = state.activated(at: context.eventLoop.now) else { return }
        scheduleIdleCheck(at: deadline, context: context)
    }

    private func scheduleIdleCheck(at deadline: NIODeadline, context: ChannelHandlerContext) {
        idleTimer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: deadline) {
            self.idleTimer = nil
            switch self.state.idleCheck(now: context.eventLoop.now) {
            case .close: context.close(promise: nil)
            case .checkAgain(let deadline): self.scheduleIdleCheck(at: deadline, context: context)
            case nil: break
            }
        }
    }
}
