/// `calendar-multiget` (RFC 4791 §7.9) and `addressbook-multiget` (RFC 6352 §8.7). Each href is
/// authorised on its own: one the principal may not read is answered 403, never its data.
struct MultigetReport: ReportHandler {
    let kind: CollectionKind

    func run(_ body: XMLElement, on target: PropertyTarget, context: RequestContext) async throws -> DAVResponse {
        let request = try PropertyRegistry.request(from: body)
        let transform = kind == .addressBook ? try AddressDataRequest.from(report: body)?.transform : nil
        let calendarData = kind == .calendar ? try CalendarDataRequest.from(body: body, limits: context.configuration.limits.recurrence) : nil
        let hrefs = body.children(.dav("href")).map { $0.text.trimmingCharacters() }
        if hrefs.count > context.configuration.limits.maxMultigetHrefs {
            throw DAVError.badRequest("Too many hrefs (at most \(context.configuration.limits.maxMultigetHrefs))")
        }
        // Group by collection so each collection is read once, keeping the request's order.
        var responses: [String: XMLNode] = [:]
        var byCollection: [ResourcePath: [(href: String, name: String)]] = [:]
        for href in hrefs {
            guard let path = try? ResourcePath(decoding: Preconditions.pathPart(ofURI: href)),
                  let parent = path.parent, let name = path.name else {
                responses[href] = Multistatus.response(href: href, status: 404)
                continue
            }
            byCollection[parent, default: []].append((href, name))
        }
        for (collection, entries) in byCollection {
            guard try await context.permissions(at: collection).contains(.read) else {
                for e in entries { responses[e.href] = Multistatus.response(href: e.href, status: 403) }
                continue
            }
            let names = entries.map(\.name)
            var collectionTransform = transform
            if let calendarData, let info = try await context.storage.collection(at: collection) {
                // Floating times expand in this calendar's own calendar-timezone (RFC 4791 §9.6.5).
                let floating = try CalendarTimeZone.floatingZone(request: nil, collection: info)
                collectionTransform = CalendarDataRequest.transform(calendarData, floating: floating)
            }
            let found = try await ReportResponses.responses(for: names, in: collection, request: request, context: context,
                                                            transform: collectionTransform)
            for (entry, node) in zip(entries, found) { responses[entry.href] = node }
        }
        return .multistatus(Multistatus.document(hrefs.compactMap { responses[$0] }))
    }

}
