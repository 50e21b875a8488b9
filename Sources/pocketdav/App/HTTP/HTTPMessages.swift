import DAVCore
import HTTPTypes
import HummingbirdCore
import NIOCore

/// The conversions between Hummingbird's HTTP messages and the core's `DAVRequest` / `DAVResponse`.
/// (`FastLaneHandler` builds its requests from `RequestHeadScanner`'s heads, with the same rules:
/// the target's path still percent-encoded, lower-case names, repeated fields joined.)
enum HTTPMessages {
    static func request(_ head: HTTPRequest, body: [UInt8], remoteAddress: String?, isSecure: Bool) -> DAVRequest {
        let path = URI(head.path ?? "").path
        return DAVRequest(method: head.method.rawValue, path: path.isEmpty ? "/" : path, headers: headers(head.headerFields),
                          body: body, remoteAddress: remoteAddress, isSecure: isSecure)
    }

    /// Repeated fields joined with ", " (RFC 9110 §5.3), under canonical (lower-case) names.
    static func headers(_ fields: HTTPFields) -> [String: String] {
        var headers: [String: String] = [:]
        for field in fields {
            let name = field.name.canonicalName
            if let existing = headers[name] { headers[name] = existing + ", " + field.value } else { headers[name] = field.value }
        }
        return headers
    }

    static func fields(_ response: DAVResponse) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        return fields
    }
}
