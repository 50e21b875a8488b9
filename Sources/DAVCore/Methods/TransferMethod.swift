/// COPY and MOVE (RFC 4918 §9.8-9.9) of objects and whole collections, within what the
/// principal may write. The destination's rights are checked like the source's, so nothing can
/// be copied into or out of another user's space without grants.
struct TransferMethod: MethodHandler {
    let isMove: Bool

    func handle(_ context: RequestContext) async throws -> DAVResponse {
        let source = context.path
        guard let sourceParent = source.parent, !sourceParent.isRoot else {
            throw DAVError.forbidden("Principals and the root cannot be copied or moved")
        }
        let (destination, _) = try Preconditions.destination(context.request)
        let overwrite = try Preconditions.overwrite(context.request)
        let depth = try Preconditions.depth(context.request, missing: .infinity)
        if isMove ? depth != .infinity : depth == .one {
            throw DAVError.badRequest("\(isMove ? "MOVE" : "COPY") does not accept Depth: \(depth)")  // RFC 4918 §9.8.3, §9.9.2
        }
        guard let resource = try await context.storage.resource(at: source) else { throw DAVError.notFound() }
        guard destination != source else { throw DAVError.forbidden("Source and destination are the same") }
        if destination.isWithin(source) { throw DAVError.forbidden("Cannot copy or move a collection into itself") }
        guard let destinationParent = destination.parent, !destinationParent.isRoot else {
            throw DAVError.forbidden("The destination must lie inside a collection of a user's space")
        }

        try await context.require(.read, at: source)
        if isMove { try await context.require(.unbind, at: sourceParent) }
        try await context.require(.bind, at: destinationParent)
        let existing = try await context.storage.resource(at: destination)
        if existing != nil {
            guard overwrite else { throw DAVError(412, "The destination exists and Overwrite is F") }
            try await context.require(.unbind, at: destinationParent)
        }
        guard let target = try await context.storage.collection(at: destinationParent) else {
            throw DAVError.conflict("The destination collection \(destinationParent.href(collection: true)) does not exist")
        }
        let response = try await transfer(resource, from: source, in: sourceParent, to: destination, into: target,
                                          replacing: existing != nil, overwrite: overwrite, depth: depth, context: context)
        // Entries cached for the replaced destination or the moved-away source are stale now.
        context.server.accessControl?.forget(below: destination)
        if isMove { context.server.accessControl?.forget(below: source) }
        return response
    }

    private func transfer(_ resource: Resource, from source: ResourcePath, in sourceParent: ResourcePath,
                          to destination: ResourcePath, into target: CollectionInfo, replacing existing: Bool,
                          overwrite: Bool, depth: Depth, context: RequestContext) async throws -> DAVResponse {
        switch resource {
        case .collection(let collection):
            guard target.kind.mayContainCollections else {
                throw DAVError.forbidden("Calendars and address books cannot contain collections")
            }
            if !isMove, depth == .zero {
                if existing { try await context.storage.deleteCollection(at: destination) }
                try await context.storage.createCollection(at: destination, kind: collection.kind, properties: collection.properties)
                return DAVResponse(status: existing ? 204 : 201)
            }
            let replaced = try await context.storage.transfer(from: source, to: destination, overwrite: overwrite, keepSource: !isMove)
            return DAVResponse(status: replaced ? 204 : 201)
        case .object(let info):
            let sourceKind = try await context.storage.collection(at: sourceParent)?.kind
            if sourceKind != target.kind, target.kind != .plain {
                return try await transferAcrossKinds(info, into: target, destination: destination, context: context)
            }
            let replaced = try await context.storage.transfer(from: source, to: destination, overwrite: overwrite, keepSource: !isMove)
            return DAVResponse(status: replaced ? 204 : 201)
        }
    }

    /// A file moving into a calendar or address book must pass the same checks as a PUT there.
    private func transferAcrossKinds(_ info: ObjectInfo, into target: CollectionInfo, destination: ResourcePath,
                                     context: RequestContext) async throws -> DAVResponse {
        guard let parent = info.path.parent, let name = info.path.name,
              let object = try await context.storage.objects(in: parent, named: [name]).first else {
            throw DAVError.notFound()
        }
        let summary = try ObjectValidation.summary(for: object.bytes, contentType: nil, in: target)
        let contentType = target.kind == .calendar ? "text/calendar; charset=utf-8" : "text/vcard; charset=utf-8"
        let outcome = try await context.storage.putObject(
            ObjectContent(bytes: object.bytes, contentType: contentType, summary: summary), at: destination, condition: .none)
        if isMove { try await context.storage.deleteObject(at: info.path, condition: .etagMatches([info.etag])) }
        return DAVResponse(status: outcome.created ? 201 : 204)
    }
}
