/// REPORT (RFC 3253 §3.6): the body's root element picks the report from `ReportRegistry`.
/// A missing Depth is never treated as infinity: multiget clients (DAVx5, Apple, Evolution)
/// send none.
struct ReportMethod: MethodHandler {
    func handle(_ context: RequestContext) async throws -> DAVResponse {
        guard let body = try context.xmlBody() else { throw DAVError.badRequest("REPORT needs an XML body") }
        guard let report = ReportRegistry.standard[body.name] else {
            throw DAVError.precondition(403, .dav("supported-report"), "The report \(body.name) is not supported here")
        }
        // RFC 4791 §7.10: free-busy needs only CALDAV:read-free-busy, which DAV:read includes.
        try await context.require(body.name == .caldav("free-busy-query") ? .readFreeBusy : .read, at: context.path)
        guard !context.path.isRoot, let resource = try await context.storage.resource(at: context.path) else {
            throw DAVError.notFound()
        }
        let target = PropertyTarget(resource: resource)
        guard report.answersFromCollectionState, case .collection(let collection) = resource,
              let request = try? PropertyRegistry.request(from: body), ReportCache.mayCache(request) else {
            return try await report.run(body, on: target, context: context)
        }
        let key = ReportCache.Key(user: context.principal?.name, path: context.path.href(collection: true),
                                  version: collection.ctag, depth: context.request.header("depth"),
                                  minimal: ReturnMinimal.isRequested(by: context.request), body: context.request.body)
        return try await context.server.reportCache.answer(for: key) {
            try await report.run(body, on: target, context: context)
        }
    }
}
