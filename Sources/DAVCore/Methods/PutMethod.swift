/// PUT (RFC 9110 §9.3.4; RFC 4791 §5.3.2; RFC 6352 §6.3.2): validate before touching storage,
/// then one atomic conditional write.
struct PutMethod: MethodHandler {
    func handle(_ context: RequestContext) async throws -> DAVResponse {
        guard let parentPath = context.path.parent, !parentPath.isRoot else {
            throw DAVError.forbidden("Objects live inside a collection of your space, e.g. /<user>/<collection>/<name>")
        }
        if context.hadTrailingSlash { throw DAVError.methodNotAllowed("PUT needs an object path, not a collection") }
        let bytes = context.request.body
        if bytes.count > context.configuration.limits.maxResourceSize {
            throw DAVError.precondition(413, .caldav("max-resource-size"),
                                        "The object exceeds max-resource-size (\(context.configuration.limits.maxResourceSize) bytes)")
        }
        guard let parent = try await context.storage.collection(at: parentPath) else {
            throw DAVError.conflict("The collection \(parentPath.href(collection: true)) does not exist")  // RFC 4918 §9.7.1
        }
        let existing = try await context.storage.resource(at: context.path)
        if case .collection? = existing { throw DAVError.methodNotAllowed("A collection exists at this path") }
        try await context.require(existing == nil ? .bind : .writeContent, at: existing == nil ? parentPath : context.path)

        let contentType = context.request.header("content-type")
        let summary = try ObjectValidation.summary(for: bytes, contentType: contentType, in: parent)
        let storedType = switch parent.kind {
        case .calendar: "text/calendar; charset=utf-8"
        case .addressBook: "text/vcard; charset=utf-8"
        case .plain: contentType ?? "application/octet-stream"
        }
        let condition = try Preconditions.writeCondition(context.request)
        let outcome = try await context.storage.putObject(
            ObjectContent(bytes: bytes, contentType: storedType, summary: summary), at: context.path, condition: condition)
        // The bytes are stored verbatim, so the ETag describes exactly what the client sent and
        // clients may skip re-reading the object (RFC 4791 §5.3.4).
        return DAVResponse(status: outcome.created ? 201 : 204, headers: [("ETag", outcome.etag.quoted)])
    }
}
