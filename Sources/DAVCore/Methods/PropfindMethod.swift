/// PROPFIND (RFC 4918 §9.1). Depth 0 and 1; infinity is refused (§9.1,
/// `propfind-finite-depth`), which no client needs.
struct PropfindMethod: MethodHandler {
    func handle(_ context: RequestContext) async throws -> DAVResponse {
        let depth = try Preconditions.depth(context.request, missing: .infinity)
        if depth == .infinity {
            throw DAVError.precondition(403, .dav("propfind-finite-depth"), "PROPFIND with Depth: infinity is not supported")
        }
        let body = try context.xmlBody()
        if let body, body.name != .dav("propfind") { throw DAVError.badRequest("Expected a DAV:propfind body") }
        let request = try PropertyRegistry.request(from: body)
        try await context.require(.read, at: context.path)

        let target: PropertyTarget
        if context.path.isRoot {
            target = .root
        } else if let resource = try await context.storage.resource(at: context.path) {
            target = PropertyTarget(resource: resource)
        } else {
            throw DAVError.notFound()
        }
        var targets = [target]
        if depth == .one, target.isCollection {
            targets += try await members(of: target, context: context)
        }
        let registry = PropertyRegistry.standard
        let minimal = ReturnMinimal.isRequested(by: context.request)
        var responses: [XMLNode] = []
        responses.reserveCapacity(targets.count)
        for t in targets {
            let propstats = try await registry.propstats(request, for: t, context: context)
            responses.append(Multistatus.response(href: t.href, propstats: minimal ? propstats.filter { $0.status == 200 } : propstats))
        }
        return .multistatus(Multistatus.document(responses))
    }

    /// The members a principal may see. The root lists only the caller's own principal, so user
    /// names are not disclosed to other users.
    private func members(of target: PropertyTarget, context: RequestContext) async throws -> [PropertyTarget] {
        if target.isRoot {
            guard let principal = context.principal, let home = try? ResourcePath(segments: [principal.name]),
                  let resource = try await context.storage.resource(at: home) else { return [] }
            return [PropertyTarget(resource: resource)]
        }
        let members = try await context.storage.members(of: target.path).map { PropertyTarget(resource: $0) }
        return target.isPrincipal ? members + (try await SharedCollections.targets(in: target, context: context)) : members
    }
}

/// RFC 8144 `Prefer: return=minimal` (and Apple's `Brief: t`): leave out 404 propstats.
enum ReturnMinimal {
    static func isRequested(by request: DAVRequest) -> Bool {
        let prefer = request.header("prefer")?.lowercased() ?? ""
        return prefer.contains("return=minimal") || prefer.contains("return-minimal")
            || request.header("brief")?.lowercased() == "t"
    }
}
