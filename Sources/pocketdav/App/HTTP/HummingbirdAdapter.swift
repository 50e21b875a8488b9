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
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            if let existing = headers[name] { headers[name] = existing + ", " + field.value } else { headers[name] = field.value }
        }
        let davRequest = DAVRequest(
            method: request.method.rawValue, path: request.uri.path.isEmpty ? "/" : request.uri.path, headers: headers,
            body: Array(buffer: body), remoteAddress: context.remoteAddress, isSecure: isSecure)
        let response = await server.handle(davRequest)
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
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
