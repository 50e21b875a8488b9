/// Property responses for sets of members, shared by the reports.
enum ReportResponses {
    /// Whether the requested properties include the object data, so bytes must be loaded.
    static func needsData(_ request: PropertyRegistry.Request) -> Bool {
        guard case .names(let names) = request else { return false }
        return names.contains(.caldav("calendar-data")) || names.contains(.carddav("address-data"))
    }

    /// Rewrites an object's bytes for `calendar-data`/`address-data` (partial retrieval,
    /// expansion); `nil` keeps them verbatim.
    typealias DataTransform = @Sendable (StoredObject) throws -> [UInt8]

    /// Above this many names, metadata comes from one listing of the collection.
    static let memberListingThreshold = 32

    /// One `<response>` per object of `names` in `collection`, loading bytes only when needed.
    /// Names that vanished meanwhile are reported as 404. Objects already loaded by the caller
    /// (a query that had to parse them) can be passed in `loaded` to avoid a second read.
    static func responses(for names: [String], in collection: ResourcePath, request: PropertyRegistry.Request,
                          context: RequestContext, transform: DataTransform? = nil,
                          loaded: [String: StoredObject] = [:]) async throws -> [XMLNode] {
        var targets: [String: PropertyTarget] = [:]
        if needsData(request) {
            let missing = names.filter { loaded[$0] == nil }
            var objects = Array(loaded.values)
            if !missing.isEmpty { objects += try await context.storage.objects(in: collection, named: missing) }
            for object in objects {
                let bytes = try transform?(object) ?? object.bytes
                targets[object.info.path.name ?? ""] = PropertyTarget(resource: .object(object.info), bytes: bytes)
            }
        } else if names.count > memberListingThreshold {
            // One listing instead of a lookup per name: an initial sync of 10 000 items would
            // otherwise be 10 000 round trips on a database backend.
            let wanted = Set(names)
            for resource in try await context.storage.members(of: collection) {
                if let name = resource.path.name, wanted.contains(name) { targets[name] = PropertyTarget(resource: resource) }
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
