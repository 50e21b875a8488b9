import Logging

/// The one place where errors become HTTP responses.
///
/// Handlers and plugins throw; nothing else builds an error response. 4xx answers carry a short
/// message (and the RFC precondition element in a `DAV:error` body when there is one); 5xx
/// answers carry a generic body, with the details only in the log.
public enum ErrorMapping {
    public static func response(for error: any Error, logger: Logger) -> DAVResponse {
        let dav = davError(for: error)
        if dav.status >= 500 {
            logger.error("internal error", metadata: ["error": "\(error)"])
            var r = DAVResponse(status: dav.status, body: Array("Internal server error\n".utf8),
                                contentType: "text/plain; charset=utf-8")
            r.headers.append(contentsOf: dav.headers)
            return r
        }
        logger.debug("request refused", metadata: ["status": "\(dav.status)", "reason": "\(dav.message)"])
        var response: DAVResponse
        if let condition = dav.condition {
            let body = XMLNode.element(.dav("error"), [condition, .element(QName("http://pocketdav.org/ns", "message"), text: dav.message)])
            response = DAVResponse(status: dav.status, body: XMLWriter.document(body),
                                   contentType: "application/xml; charset=utf-8")
        } else {
            response = DAVResponse(status: dav.status, body: Array((dav.message + "\n").utf8),
                                   contentType: "text/plain; charset=utf-8")
        }
        response.headers.append(contentsOf: dav.headers)
        return response
    }

    /// Classifies any error as a `DAVError`.
    public static func davError(for error: any Error) -> DAVError {
        switch error {
        case let e as DAVError: return e
        case let e as StorageError: return davError(for: e)
        case let e as PathError: return .badRequest("Invalid request path (\(e))")
        case let e as XMLError: return .badRequest("Invalid XML body: \(e)")
        case let e as AccountError: return davError(for: e)
        default: return DAVError(500, "internal error")
        }
    }

    /// Account and group management (the admin API): the name is the client's own input.
    static func davError(for e: AccountError) -> DAVError {
        switch e {
        case .exists: .conflict(e.description)
        case .notFound: .notFound(e.description)
        case .invalidName: .badRequest("\(e.description): use 1 to \(UserName.maxLength) letters, digits, '.', '-' or '_', not starting with '.' or '-'")
        }
    }

    static func davError(for e: StorageError) -> DAVError {
        switch e.code {
        case .notFound: return .notFound(e.message)
        case .alreadyExists: return .methodNotAllowed(e.message)
        case .conflict: return .conflict(e.message)
        case .forbidden: return .forbidden(e.message)
        case .preconditionFailed: return DAVError(412, e.message)
        case .uidConflict:
            // RFC 4791 §5.3.2.1 / RFC 6352 §6.3.2.1: name the resource that already has the UID.
            let href = e.existing.map { XMLNode.href($0.href(collection: false)) }
            return DAVError(409, e.message, condition: .element(.caldav("no-uid-conflict"), href.map { [$0] } ?? []))
        case .invalidSyncToken:
            return .precondition(403, .dav("valid-sync-token"), e.message)  // RFC 6578 §3.2
        case .insufficientStorage: return DAVError(507, e.message)
        case .unavailable: return DAVError(503, e.message, headers: [("Retry-After", "5")])
        default: return DAVError(500, e.message)
        }
    }
}
