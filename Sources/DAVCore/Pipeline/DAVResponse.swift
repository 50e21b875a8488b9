/// A response, independent of the HTTP framework.
public struct DAVResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: Int, body: [UInt8], contentType: String) {
        self.init(status: status, headers: [("Content-Type", contentType)], body: body)
    }

    /// A 207 Multi-Status with the given document.
    public static func multistatus(_ root: XMLNode) -> DAVResponse {
        multistatus(encoded: XMLWriter.document(root))
    }

    /// A 207 Multi-Status whose document is already serialised.
    public static func multistatus(encoded document: [UInt8]) -> DAVResponse {
        DAVResponse(status: 207, body: document, contentType: "application/xml; charset=utf-8")
    }

    /// The first value of a header, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}
