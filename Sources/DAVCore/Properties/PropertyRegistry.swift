/// The explicit list of live properties, keyed by name, and the resolution of property
/// requests against live and stored (dead) properties.
public struct PropertyRegistry: Sendable {
    public let live: [QName: LiveProperty]

    public init(_ properties: [LiveProperty]) {
        var byName: [QName: LiveProperty] = [:]
        for p in properties { byName[p.name] = p }
        self.live = byName
    }

    /// Every property pocketdav computes.
    public static let standard = PropertyRegistry(
        DAVProperties.all + CalDAVProperties.all + CardDAVProperties.all + PrincipalProperties.all
            + DataProperties.all)

    /// What a PROPFIND or REPORT asks for (RFC 4918 §14.20).
    public enum Request: Sendable {
        case allprop(include: [QName])
        case propname
        case names([QName])
    }

    /// Resolves `request` for one resource into propstats (200 found, 404 missing).
    public func propstats(_ request: Request, for target: PropertyTarget, context: RequestContext) async throws
        -> [(status: Int, props: [XMLNode])]
    {
        switch request {
        case .propname:
            var names: [XMLNode] = []
            for (name, property) in live where try await property.value(target, context) != nil {
                names.append(.empty(name))
            }
            for name in target.storedProperties.keys where live[name] == nil { names.append(.empty(name)) }
            return [(200, names)]
        case .allprop(let include):
            var found: [XMLNode] = []
            for (name, property) in live where property.inAllprop || include.contains(name) {
                if let v = try await property.value(target, context) { found.append(.element(name, v)) }
            }
            for (name, value) in target.storedProperties where live[name] == nil {
                found.append(.element(name, [.raw(value.xml)]))
            }
            return [(200, found)]
        case .names(let names):
            var found: [XMLNode] = []
            var missing: [XMLNode] = []
            for name in names {
                if let v = try await value(of: name, for: target, context: context) {
                    found.append(.element(name, v))
                } else {
                    missing.append(.empty(name))
                }
            }
            return [(200, found), (404, missing)]
        }
    }

    /// One property's content, live first, then stored; `nil` when absent.
    public func value(of name: QName, for target: PropertyTarget, context: RequestContext) async throws -> [XMLNode]? {
        if let property = live[name] { return try await property.value(target, context) }
        return target.storedProperties[name].map { [.raw($0.xml)] }
    }

    /// Whether PROPPATCH may set or remove `name`.
    public func isWritable(_ name: QName) -> Bool {
        live[name].map { !$0.isProtected } ?? true
    }

    /// Parses the `<prop>`/`<allprop>`/`<propname>` part of a PROPFIND or REPORT body.
    public static func request(from body: XMLElement?) throws -> Request {
        guard let body else { return .allprop(include: []) }  // RFC 4918 §9.1: empty body = allprop
        if body.child(.dav("propname")) != nil { return .propname }
        if body.child(.dav("allprop")) != nil {
            return .allprop(include: body.child(.dav("include"))?.children.map(\.name) ?? [])
        }
        if let prop = body.child(.dav("prop")) { return .names(prop.children.map(\.name)) }
        throw DAVError.badRequest("Expected prop, allprop or propname in \(body.name.name)")
    }
}
