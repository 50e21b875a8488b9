/// `sync-collection` (RFC 6578 §3). Any Depth is accepted (Thunderbird and Apple send 1, DAVx5
/// and Evolution 0), a missing `sync-level` is tolerated (older macOS), and deletions are
/// response-level 404s.
struct SyncCollectionReport: ReportHandler {
    func run(_ body: XMLElement, on target: PropertyTarget, context: RequestContext) async throws -> DAVResponse {
        guard let collection = target.collection, collection.kind != .plain else {
            throw DAVError.precondition(403, .dav("supported-report"), "sync-collection works on calendars and address books")
        }
        let token = body.child(.dav("sync-token"))?.text.trimmingCharacters() ?? ""
        let limit = try Self.limit(body)
        let request = try PropertyRegistry.request(from: body)
        let changes = try await context.storage.changes(in: collection.path, since: token.isEmpty ? nil : token, limit: limit)

        var responses = try await ReportResponses.responses(for: changes.changed, in: collection.path, request: request, context: context)
        for name in changes.deleted {
            responses.append(Multistatus.response(href: try collection.path.appending(name).href(collection: false), status: 404))
        }
        if changes.truncated {
            // RFC 6578 §3.6: the collection itself answers 507 and the token lets the client go on.
            responses.append(Multistatus.response(href: target.href, status: 507))
        }
        return .multistatus(Multistatus.document(responses, extra: [.element(.dav("sync-token"), text: changes.newToken)]))
    }

    /// `<DAV:limit><DAV:nresults>n</DAV:nresults></DAV:limit>` (RFC 5323 §5.17).
    static func limit(_ body: XMLElement) throws -> Int? {
        guard let limit = body.child(.dav("limit")) else { return nil }
        guard let text = limit.child(.dav("nresults"))?.text.trimmingCharacters(), let n = Int(text), n > 0 else {
            throw DAVError.badRequest("DAV:limit needs a positive DAV:nresults")
        }
        return n
    }
}
