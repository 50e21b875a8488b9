/// A protocol-level refusal thrown by handlers; `ErrorMapping` turns it into the response.
public struct DAVError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// The RFC precondition or postcondition element for the `DAV:error` body, if any
    /// (e.g. `CALDAV:valid-calendar-data`, RFC 4791 §1.3).
    public var condition: XMLNode?
    /// A human-readable explanation, sent to the client in the body (never for 5xx).
    public var message: String
    /// Extra response headers (Allow on 405, Retry-After on 503).
    public var headers: [(String, String)]

    public init(_ status: Int, _ message: String, condition: XMLNode? = nil, headers: [(String, String)] = []) {
        self.status = status
        self.message = message
        self.condition = condition
        self.headers = headers
    }

    /// A 4xx/5xx whose `DAV:error` body names `condition`.
    public static func precondition(_ status: Int, _ condition: QName, _ message: String) -> DAVError {
        DAVError(status, message, condition: .empty(condition))
    }

    public static func badRequest(_ message: String) -> DAVError { DAVError(400, message) }
    public static func forbidden(_ message: String) -> DAVError { DAVError(403, message) }
    public static func notFound(_ message: String = "Not found") -> DAVError { DAVError(404, message) }
    public static func conflict(_ message: String) -> DAVError { DAVError(409, message) }
    public static func methodNotAllowed(_ message: String) -> DAVError { DAVError(405, message) }
    public static func unsupportedMediaType(_ message: String) -> DAVError { DAVError(415, message) }

    public var description: String { "DAVError(\(status)): \(message)" }
}
