/// PROPPATCH (RFC 4918 §9.2): all instructions succeed together or none is applied.
struct ProppatchMethod: MethodHandler {
    func handle(_ context: RequestContext) async throws -> DAVResponse {
        guard let body = try context.xmlBody(), body.name == .dav("propertyupdate") else {
            throw DAVError.badRequest("Expected a DAV:propertyupdate body")
        }
        if context.path.isRoot { throw DAVError.forbidden("The root has no writable properties") }
        let update = PropertyUpdate(body)
        if let control = context.server.accessControl, let acl = update.acl {
            return try await updateACL(acl, in: update, control: control, context: context)
        }
        try await context.require(.writeProperties, at: context.path)
        guard let resource = try await context.storage.resource(at: context.path) else { throw DAVError.notFound() }

        let order = update.names
        let registry = PropertyRegistry.standard
        let refused = order.filter { !registry.isWritable($0) }
        let href = resource.path.href(collection: PropertyTarget(resource: resource).isCollection)
        if !refused.isEmpty {
            let failed = order.filter { !refused.contains($0) }.map { XMLNode.empty($0) }
            return .multistatus(Multistatus.document([Multistatus.response(href: href, propstats: [
                (403, refused.map { .empty($0) }), (424, failed),
            ])]))
        }
        try await context.storage.setProperties(update.changes, at: context.path)
        return .multistatus(Multistatus.document([
            Multistatus.response(href: href, propstats: [(200, order.map { .empty($0) })])
        ]))
    }
}
