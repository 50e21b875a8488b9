extension ProppatchMethod {
    /// The `DAV:acl` a PROPPATCH sets (a `remove` is an empty ACL), or `nil` when it does not
    /// touch `DAV:acl`. Later instructions win, as for every property (RFC 4918 §14.19).
    static func aclUpdate(in body: XMLElement) -> XMLElement? {
        var acl: XMLElement?
        for instruction in body.children where instruction.name == .dav("set") || instruction.name == .dav("remove") {
            for prop in instruction.children(.dav("prop")) {
                for element in prop.children where element.name == .dav("acl") {
                    acl = instruction.name == .dav("set") ? element : XMLElement(name: .dav("acl"))
                }
            }
        }
        return acl
    }

    /// PROPPATCH of `DAV:acl`, the way robur's CalDAV server changes ACLs: the same checks as
    /// the ACL method, so it needs `write-acl`, never just `write-properties`. `DAV:acl` must be
    /// the only property in the request: the ACL and dead properties are stored apart, and a
    /// mix could not be all-or-nothing (RFC 4918 §9.2), so the ACL gets 409 and the rest 424.
    func updateACL(_ acl: XMLElement, in body: XMLElement, control: any AccessControl,
                   context: RequestContext) async throws -> DAVResponse {
        var others: [QName] = []
        for instruction in body.children where instruction.name == .dav("set") || instruction.name == .dav("remove") {
            for prop in instruction.children(.dav("prop")) {
                for element in prop.children where element.name != .dav("acl") && !others.contains(element.name) {
                    others.append(element.name)
                }
            }
        }
        if others.isEmpty {
            try await ACLRequest.apply(acl, control: control, context: context)
            return .multistatus(Multistatus.document([
                Multistatus.response(href: context.path.href(collection: true), propstats: [(200, [.empty(.dav("acl"))])])
            ]))
        }
        try await context.require(.writeACL, at: context.path)
        guard let resource = try await context.storage.resource(at: context.path) else { throw DAVError.notFound() }
        let href = resource.path.href(collection: PropertyTarget(resource: resource).isCollection)
        return .multistatus(Multistatus.document([Multistatus.response(href: href, propstats: [
            (409, [.empty(.dav("acl"))]), (424, others.map { .empty($0) }),
        ])]))
    }
}
