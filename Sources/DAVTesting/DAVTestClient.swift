import DAVCore
import FoundationEssentials

/// Drives a `DAVServer` in-process, with no sockets: the same requests a client would send.
///
/// Verb helpers check the expected status and throw `TestFailure` otherwise, so a test reads as
/// the conversation it checks.
public struct DAVTestClient: Sendable {
    public let server: DAVServer
    /// Sent as Basic credentials unless a call overrides them; `nil` = anonymous.
    public var credentials: (user: String, password: String)?

    public init(server: DAVServer, user: String? = nil, password: String = "") {
        self.server = server
        self.credentials = user.map { ($0, password) }
    }

    /// The same client acting as another user.
    public func `as`(_ user: String?, password: String = "") -> DAVTestClient {
        DAVTestClient(server: server, user: user, password: password)
    }

    public func request(_ method: String, _ path: String, headers: [String: String] = [:], body: String = "") async -> TestResponse {
        await request(method, path, headers: headers, bytes: Array(body.utf8))
    }

    public func request(_ method: String, _ path: String, headers: [String: String] = [:], bytes: [UInt8]) async -> TestResponse {
        var all = headers
        if let credentials, all["Authorization"] == nil {
            let token = Data("\(credentials.user):\(credentials.password)".utf8).base64EncodedString()
            all["Authorization"] = "Basic \(token)"
        }
        let response = await server.handle(DAVRequest(method: method, path: path, headers: all, body: bytes, remoteAddress: "127.0.0.1"))
        return TestResponse(method: method, path: path, response: response)
    }

    // MARK: Verb helpers

    @discardableResult
    public func put(_ path: String, _ body: String, contentType: String = "text/calendar; charset=utf-8",
                    headers: [String: String] = [:], expect: Int? = 201) async throws -> TestResponse {
        var h = headers
        h["Content-Type"] = contentType
        return try await request("PUT", path, headers: h, body: body).expect(expect)
    }

    @discardableResult
    public func get(_ path: String, expect: Int? = 200) async throws -> TestResponse {
        try await request("GET", path).expect(expect)
    }

    @discardableResult
    public func delete(_ path: String, headers: [String: String] = [:], expect: Int? = 204) async throws -> TestResponse {
        try await request("DELETE", path, headers: headers).expect(expect)
    }

    @discardableResult
    public func propfind(_ path: String, depth: String = "0", props: [QName]? = nil, body: String? = nil,
                         expect: Int? = 207) async throws -> TestResponse {
        let xml = body ?? props.map { Self.propfindBody($0) } ?? ""
        return try await request("PROPFIND", path, headers: ["Depth": depth, "Content-Type": "application/xml"], body: xml)
            .expect(expect)
    }

    @discardableResult
    public func report(_ path: String, _ body: String, depth: String? = nil, expect: Int? = 207) async throws -> TestResponse {
        var h = ["Content-Type": "application/xml"]
        if let depth { h["Depth"] = depth }
        return try await request("REPORT", path, headers: h, body: body).expect(expect)
    }

    @discardableResult
    public func mkcalendar(_ path: String, body: String = "", expect: Int? = 201) async throws -> TestResponse {
        try await request("MKCALENDAR", path, body: body).expect(expect)
    }

    @discardableResult
    public func mkcol(_ path: String, body: String = "", expect: Int? = 201) async throws -> TestResponse {
        try await request("MKCOL", path, headers: body.isEmpty ? [:] : ["Content-Type": "application/xml"], body: body).expect(expect)
    }

    /// An ACL request (RFC 3744 §8.1); `body` is the `DAV:acl` document.
    @discardableResult
    public func acl(_ path: String, _ body: String, expect: Int? = 200) async throws -> TestResponse {
        try await request("ACL", path, headers: ["Content-Type": "application/xml"], body: body).expect(expect)
    }

    /// A PROPFIND body asking for `props`.
    public static func propfindBody(_ props: [QName]) -> String {
        var xml = #"<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop>"#
        for p in props { xml += "<x:\(p.name) xmlns:x=\"\(p.namespace)\"/>" }
        return xml + "</D:prop></D:propfind>"
    }
}

/// A response as a test sees it.
public struct TestResponse: Sendable {
    public let method: String
    public let path: String
    public let response: DAVResponse

    public var status: Int { response.status }
    public var text: String { String(decoding: response.body, as: UTF8.self) }
    public func header(_ name: String) -> String? { response.header(name) }

    /// Throws unless the status is `expected` (`nil` accepts any).
    @discardableResult
    public func expect(_ expected: Int?) throws -> TestResponse {
        if let expected, status != expected {
            throw TestFailure("\(method) \(path): expected \(expected), got \(status): \(text.prefix(600))")
        }
        return self
    }

    /// The body parsed as a multistatus.
    public func multistatus() throws -> ParsedMultistatus { try ParsedMultistatus(response.body) }
}

public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
