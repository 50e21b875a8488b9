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
            + DataProperties.all + ACLProperties.all)

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
            for (name, property) in live {
                do {
                    if try await property.value(target, context) != nil { names.append(.empty(name)) }
                } catch is PropertyAccessDenied {
                    names.append(.empty(name))  // it exists; only its value is withheld
                }
            }
            for name in target.storedProperties.keys where isDead(name) { names.append(.empty(name)) }
            return [(200, names)]
        case .allprop(let include):
            var found: [XMLNode] = []
            for (name, property) in live where property.inAllprop || include.contains(name) {
                do {
                    if let v = try await property.value(target, context) { found.append(.element(name, v)) }
                } catch is PropertyAccessDenied {
                    continue  // RFC 4918 §9.1: allprop leaves out what the caller may not see
                }
            }
            for (name, value) in target.storedProperties where isDead(name) {
                found.append(.element(name, [.raw(value.xml)]))
            }
            return [(200, found)]
        case .names(let names):
            var found: [XMLNode] = []
            var missing: [XMLNode] = []
            var denied: [XMLNode] = []
            for name in names {
                do {
                    if let v = try await value(of: name, for: target, context: context) {
                        found.append(.element(name, v))
                    } else {
                        missing.append(.empty(name))
                    }
                } catch is PropertyAccessDenied {
                    denied.append(.empty(name))  // RFC 3744 §5.5: DAV:acl without read-acl
                }
            }
            return denied.isEmpty ? [(200, found), (404, missing)] : [(200, found), (403, denied), (404, missing)]
        }
    }

    /// One property's content, live first, then stored; `nil` when absent.
    public func value(of name: QName, for target: PropertyTarget, context: RequestContext) async throws -> [XMLNode]? {
        if let property = live[name] { return try await property.value(target, context) }
        guard isDead(name) else { return nil }
        return target.storedProperties[name].map { [.raw($0.xml)] }
    }

    /// Whether PROPPATCH may set or remove `name`.
    public func isWritable(_ name: QName) -> Bool {
        if Self.isInternal(name) { return false }
        return live[name].map { !$0.isProtected } ?? true
    }

    /// Whether `name` is pocketdav's own bookkeeping (`Namespace.pocketdavInternal`), which no
    /// client may read or write: it holds the ACLs.
    public static func isInternal(_ name: QName) -> Bool { name.namespace == Namespace.pocketdavInternal }

    /// A stored property that is shown as a dead property: not live, not internal.
    private func isDead(_ name: QName) -> Bool { live[name] == nil && !Self.isInternal(name) }

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
