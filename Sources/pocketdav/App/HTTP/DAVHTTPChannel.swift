import DAVCore
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1.1 child channel with pocketdav's fast lane in front.
///
/// Why not `HTTP1Channel` with `additionalChannelHandlers`: those go after NIO's HTTP/1.1 codec,
/// and `FastLaneHandler` reads the bytes before it. Because the lane answers requests that
/// Hummingbird's `HTTPConnectionStateHandler` would never see, `HTTPConnectionStateTracker` takes
/// its place, with the same idle-timeout and graceful-shutdown rules over both paths. The pipeline
/// is otherwise `HTTP1Channel`'s with its default settings: NIO's HTTP/1.1 codec without
/// pipelining assistance, the HTTPTypes codec, then the async channel that Hummingbird's
/// `handleHTTP` reads.
struct DAVHTTPChannel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let server: DAVServer
    let idleTimeout: Duration?
    let serverName: String

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            // Hummingbird's default decoder limits (`HTTP1Channel.Configuration.DecoderConfiguration`).
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = 80 * 1024
            limits.maxHeaderListSize = 80 * 1024
            limits.maxHeaderFieldCount = 1000
            let pipeline = channel.pipeline.syncOperations
            let state = HTTPConnectionState(idleTimeout: idleTimeout.map { TimeAmount($0) })
            try pipeline.addHandler(FastLaneHandler(answer: server.immediateResponse(to:), state: state,
                                                    serverName: serverName, isSecure: false))
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(ExpectContinueHandler())
            try pipeline.addHandler(HTTPConnectionStateTracker(state: state))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel,
                                       configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}
