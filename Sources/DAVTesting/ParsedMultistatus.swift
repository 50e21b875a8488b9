import DAVCore

/// A multistatus body as structure: href → status or properties with their statuses. Tests
/// assert on this, never on XML strings.
public struct ParsedMultistatus: Sendable {
    public struct Response: Sendable {
        public let href: String
        /// A response-level status (deleted members in sync-collection).
        public let status: Int?
        /// Each returned property with the status of its propstat.
        public let properties: [QName: (status: Int, element: XMLElement)]

        /// A property found with 200.
        public func ok(_ name: QName) -> XMLElement? {
            properties[name].flatMap { $0.status == 200 ? $0.element : nil }
        }

        public func status(of name: QName) -> Int? { properties[name]?.status }
    }

    public let responses: [Response]
    /// The top-level `DAV:sync-token`.
    public let syncToken: String?

    public init(_ body: [UInt8]) throws {
        let root = try XMLReader.parse(body)
        guard root.name == .dav("multistatus") else { throw TestFailure("not a multistatus: \(root.name)") }
        responses = try root.children(.dav("response")).map { r in
            guard let href = r.child(.dav("href"))?.text else { throw TestFailure("response without href") }
            var properties: [QName: (Int, XMLElement)] = [:]
            for propstat in r.children(.dav("propstat")) {
                let status = Self.code(propstat.child(.dav("status"))?.text ?? "")
                for p in propstat.child(.dav("prop"))?.children ?? [] { properties[p.name] = (status, p) }
            }
            return Response(href: href, status: r.child(.dav("status")).map { Self.code($0.text) }, properties: properties)
        }
        syncToken = root.child(.dav("sync-token"))?.text
    }

    public subscript(href: String) -> Response? { responses.first { $0.href == href } }
    public var hrefs: [String] { responses.map(\.href) }

    static func code(_ line: String) -> Int {
        let parts = line.split(separator: " ")
        return parts.count >= 2 ? Int(parts[1]) ?? 0 : 0
    }
}
