import Logging

/// Everything a handler needs for one request.
public struct RequestContext: Sendable {
    public let server: DAVServer
    public let request: DAVRequest
    /// The decoded target path.
    public let path: ResourcePath
    /// Whether the request target ended with `/`.
    public let hadTrailingSlash: Bool
    /// `nil` for an anonymous request.
    public let principal: Principal?
    public let logger: Logger

    public var storage: any Storage { server.storage }
    public var configuration: ServerConfiguration { server.configuration }

    /// What the principal may do at `path`: the rights plugin's answer, cut down to reading for
    /// a read-only principal.
    public func permissions(at path: ResourcePath) async throws -> Permissions {
        let granted = try await server.rights.permissions(for: principal, at: path)
        return principal?.isReadOnly == true ? granted.intersection(.readOnly) : granted
    }

    /// Throws unless the principal holds every permission in `needed` at `path`: 401 for an
    /// anonymous request (so clients send credentials), 403 `DAV:need-privileges` otherwise
    /// (RFC 3744 §7.1.1).
    public func require(_ needed: Permissions, at path: ResourcePath) async throws {
        let granted = try await permissions(at: path)
        if granted.isSuperset(of: needed) { return }
        if principal == nil { throw server.authenticationChallenge() }
        let privilege = SupportedPrivileges.needed(needed.subtracting(granted))
        throw DAVError(403, "You may not do this at \(path.href(collection: false))",
                       condition: .element(.dav("need-privileges"), [
                           .element(.dav("resource"), [
                               .href(path.href(collection: false)),
                               .element(.dav("privilege"), [.empty(privilege)]),
                           ])
                       ]))
    }

    /// The body parsed as XML within the configured limits; `nil` when the body is empty.
    public func xmlBody() throws -> XMLElement? {
        if request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        var limits = XMLLimits()
        limits.maxBytes = configuration.limits.maxXMLBody
        return try XMLReader.parse(request.body, limits: limits)
    }
}
