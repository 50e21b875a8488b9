/// DELETE (RFC 4918 §9.6): an object with its precondition, or a collection with its members.
struct DeleteMethod: MethodHandler {
    func handle(_ context: RequestContext) async throws -> DAVResponse {
        guard let parent = context.path.parent else { throw DAVError.forbidden("The root cannot be deleted") }
        guard let resource = try await context.storage.resource(at: context.path) else { throw DAVError.notFound() }
        try await context.require(.unbind, at: parent.isRoot ? context.path : parent)
        switch resource {
        case .object:
            try await context.storage.deleteObject(at: context.path, condition: try Preconditions.writeCondition(context.request))
        case .collection(let collection):
            if !(try Preconditions.writeCondition(context.request).isSatisfied(by: ETag(collection.ctag))) {
                throw DAVError(412, "The collection has changed")
            }
            try await context.storage.deleteCollection(at: context.path)
            if parent.isRoot, let name = context.path.name { context.server.provisioned.remove(name) }
        }
        context.server.accessControl?.forget(below: context.path)
        return DAVResponse(status: 204)
    }
}
