/// Property responses for sets of members, shared by the reports.
enum ReportResponses {
    /// Whether the requested properties include the object data, so bytes must be loaded.
    static func needsData(_ request: PropertyRegistry.Request) -> Bool {
        guard case .names(let names) = request else { return false }
        return names.contains(.caldav("calendar-data")) || names.contains(.carddav("address-data"))
    }

    /// One `<response>` per object of `names` in `collection`, loading bytes only when needed.
    /// Names that vanished meanwhile are reported as 404.
    static func responses(for names: [String], in collection: ResourcePath, request: PropertyRegistry.Request,
                          context: RequestContext) async throws -> [XMLNode] {
        var targets: [String: PropertyTarget] = [:]
        if needsData(request) {
            for object in try await context.storage.objects(in: collection, named: names) {
                targets[object.info.path.name ?? ""] = PropertyTarget(resource: .object(object.info), bytes: object.bytes)
            }
        } else {
            for name in names {
                let path = try collection.appending(name)
                if let resource = try await context.storage.resource(at: path) { targets[name] = PropertyTarget(resource: resource) }
            }
        }
        let minimal = ReturnMinimal.isRequested(by: context.request)
        var out: [XMLNode] = []
        out.reserveCapacity(names.count)
        for name in names {
            if let target = targets[name] {
                let propstats = try await PropertyRegistry.standard.propstats(request, for: target, context: context)
                out.append(Multistatus.response(href: target.href, propstats: minimal ? propstats.filter { $0.status == 200 } : propstats))
            } else {
                let path = try collection.appending(name)
                out.append(Multistatus.response(href: path.href(collection: false), status: 404))
            }
        }
        return out
    }
}
