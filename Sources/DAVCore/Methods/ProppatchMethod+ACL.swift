extension ProppatchMethod {
    /// PROPPATCH of `DAV:acl`, the way robur's CalDAV server changes ACLs: the same checks as
    /// the ACL method, so it needs `write-acl`, never just `write-properties`. `DAV:acl` must be
    /// the only property in the request: the ACL and dead properties are stored apart, and a
    /// mix could not be all-or-nothing (RFC 4918 §9.2), so the ACL gets 409 and the rest 424.
    func updateACL(_ acl: XMLElement, in update: PropertyUpdate, control: any AccessControl,
                   context: RequestContext) async throws -> DAVResponse {
        let others = update.names.filter { $0 != .dav("acl") }
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
