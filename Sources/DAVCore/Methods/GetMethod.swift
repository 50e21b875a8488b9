/// GET and HEAD (RFC 9110 §9.3.1-2). A calendar or address book answers with the whole
/// collection as one iCalendar/vCard stream (export).
struct GetMethod: MethodHandler {
    let includeBody: Bool

    func handle(_ context: RequestContext) async throws -> DAVResponse {
        try await context.require(.read, at: context.path)
        if context.path.isRoot { return listing(title: "/", names: []) }
        // One storage call for the common case, an object: a miss falls back to a lookup.
        if let parent = context.path.parent, !parent.isRoot, let name = context.path.name,
           let object = try await context.storage.objects(in: parent, named: [name]).first {
            return try Self.objectResponse(object, to: context.request, includeBody: includeBody)
        }
        guard let resource = try await context.storage.resource(at: context.path) else { throw DAVError.notFound() }
        switch resource {
        case .object:
            throw DAVError.notFound()  // deleted between the two lookups
        case .collection(let collection):
            let members = try await context.storage.members(of: collection.path)
            let names = members.compactMap { m -> String? in if case .object = m { m.path.name } else { nil } }
            switch collection.kind {
            case .plain:
                return listing(title: collection.path.href(collection: true), names: members.compactMap(\.path.name))
            case .calendar:
                let objects = try await context.storage.objects(in: collection.path, named: names)
                let body = CollectionExport.calendar(objects.map(\.bytes), name: collection.properties[.dav("displayname")]?.text)
                return respond(body, contentType: "text/calendar; charset=utf-8", headers: [("ETag", ETag(collection.ctag).quoted)])
            case .addressBook:
                let objects = try await context.storage.objects(in: collection.path, named: names)
                return respond(CollectionExport.addressBook(objects.map(\.bytes)), contentType: "text/vcard; charset=utf-8",
                               headers: [("ETag", ETag(collection.ctag).quoted)])
            }
        }
    }

    /// The answer to GET or HEAD of one object: also used by `DAVServer.immediateResponse(to:)`,
    /// so both paths answer alike.
    static func objectResponse(_ object: StoredObject, to request: DAVRequest, includeBody: Bool) throws -> DAVResponse {
        let info = object.info
        // RFC 9110 §13.2.2: a failed If-None-Match on GET is 304, a failed If-Match 412.
        if !(try Preconditions.writeCondition(request).isSatisfied(by: info.etag)) {
            if request.header("if-match") != nil { throw DAVError(412, "The object has changed") }
            return DAVResponse(status: 304, headers: [("ETag", info.etag.quoted)])
        }
        // Built in one array with room for the fields still to come (Content-Length for HEAD, the
        // server's DAV): every GET of an item comes here, often on the event loop.
        var headers: [(String, String)] = []
        headers.reserveCapacity(5)
        headers.append(("Content-Type", info.contentType))
        headers.append(("ETag", info.etag.quoted))
        headers.append(("Last-Modified", HTTPDate.format(info.lastModified)))
        return respond(object.bytes, includeBody: includeBody, headers: headers)
    }

    private func respond(_ body: [UInt8], contentType: String, headers: [(String, String)]) -> DAVResponse {
        Self.respond(body, includeBody: includeBody, headers: [("Content-Type", contentType)] + headers)
    }

    /// A 200 with `headers`; a HEAD gets no body but the length the GET's would have.
    private static func respond(_ body: [UInt8], includeBody: Bool, headers: [(String, String)]) -> DAVResponse {
        var r = DAVResponse(status: 200, headers: headers, body: includeBody ? body : [])
        if !includeBody { r.headers.append(("Content-Length", String(body.count))) }
        return r
    }

    private func listing(title: String, names: [String]) -> DAVResponse {
        let text = "Index of \(title)\n" + names.sorted().map { "  \($0)\n" }.joined()
        return respond(Array(text.utf8), contentType: "text/plain; charset=utf-8", headers: [])
    }
}
