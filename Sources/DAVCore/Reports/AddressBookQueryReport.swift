/// `addressbook-query` (RFC 6352 §8.6): the vCards of an address book that pass a
/// `CARDDAV:filter`, with the requested properties and, optionally, part of each card
/// (`address-data` with `CARDDAV:prop`, §10.4).
///
/// It runs on an address book collection and searches its members whatever the Depth header
/// says: an address book has no sub-collections, and Depth 0 on the collection would only ever
/// answer nothing. Any other target is 403 `DAV:supported-report` (RFC 3253 §3.6). A missing
/// filter is read as an empty one (every card), as lenient as the RFC's empty filter.
struct AddressBookQueryReport: ReportHandler {
    var answersFromCollectionState: Bool { true }

    func run(_ body: XMLElement, on target: PropertyTarget, context: RequestContext) async throws -> DAVResponse {
        guard let collection = target.collection, collection.kind == .addressBook else {
            throw DAVError.precondition(403, .dav("supported-report"),
                                        "addressbook-query runs on an address book collection, and \(target.href) is not one")
        }
        let filter = try body.child(.carddav("filter")).map(AddressBookFilter.init(element:)) ?? AddressBookFilter()
        let limit = try Self.limit(body)
        let request = try Self.propertyRequest(body)
        let addressData = try AddressDataRequest.from(report: body)

        let search = AddressBookSearch(filter: filter, limit: limit, keepsObjects: ReportResponses.needsData(request))
        let found = try await search.run(in: collection.path, context: context)
        var responses = try await ReportResponses.responses(for: found.names, in: collection.path, request: request, context: context,
                                                            transform: addressData?.transform, loaded: found.loaded)
        if found.truncated, let limit {
            // RFC 6352 §8.6.1: the request-URI answers 507 with the postcondition; the RFC's
            // example (§8.6.5) puts it first.
            responses.insert(Self.truncationResponse(href: target.href, limit: limit), at: 0)
        }
        return .multistatus(Multistatus.document(responses))
    }

    /// `<C:limit><C:nresults>n</C:nresults></C:limit>` (RFC 6352 §10.6): an unsigned integer.
    static func limit(_ body: XMLElement) throws -> Int? {
        guard let limit = body.child(.carddav("limit")) else { return nil }
        guard let text = limit.child(.carddav("nresults"))?.text.trimmingCharacters(),
              text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(text) else {
            throw DAVError.badRequest("CARDDAV:limit needs a CARDDAV:nresults holding an unsigned integer")
        }
        return n
    }

    /// The body's DAV:prop, allprop or propname; the RFC 6352 §8.6 DTD makes all three optional,
    /// and without one each match is answered with its href only.
    static func propertyRequest(_ body: XMLElement) throws -> PropertyRegistry.Request {
        let selectors: [QName] = [.dav("prop"), .dav("allprop"), .dav("propname")]
        guard body.children.contains(where: { selectors.contains($0.name) }) else { return .names([]) }
        return try PropertyRegistry.request(from: body)
    }

    static func truncationResponse(href: String, limit: Int) -> XMLNode {
        .element(.dav("response"), [
            .href(href),
            .element(.dav("status"), text: Multistatus.statusLine(507)),
            .element(.dav("error"), [.empty(.dav("number-of-matches-within-limits"))]),
            .element(.dav("responsedescription"), text: "Only the first \(limit) matching vCards were returned"),
        ])
    }
}
