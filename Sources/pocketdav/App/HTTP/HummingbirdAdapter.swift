import DAVCore
import HTTPTypes
import Hummingbird
import NIOCore

/// The only place where Hummingbird meets the DAV core: HTTP request → `DAVRequest`,
/// `DAVResponse` → HTTP response.
struct HummingbirdAdapter: HTTPResponder {
    typealias Context = DAVRequestContext
    let server: DAVServer
    let maxRequestBody: Int
    let isSecure: Bool

    func respond(to request: Request, context: DAVRequestContext) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxRequestBody)
        } catch {
            return Response(status: .contentTooLarge, headers: [.contentType: "text/plain; charset=utf-8", .connection: "close"],
                            body: .init(byteBuffer: ByteBuffer(string: "Request body larger than \(maxRequestBody) bytes\n")))
        }
        let davRequest = HTTPMessages.request(request.head, body: Array(buffer: body), remoteAddress: context.remoteAddress,
                                              isSecure: isSecure)
        let response = await server.handle(davRequest)
        let fields = HTTPMessages.fields(response)
        let status = HTTPResponse.Status(code: response.status)
        if response.body.isEmpty {
            return Response(status: status, headers: fields)
        }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}

/// Hummingbird's per-request context, plus the peer address that auth plugins may use.
struct DAVRequestContext: Hummingbird.RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: String?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}
