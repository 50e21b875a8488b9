/// MKCOL (RFC 4918 §9.3) and extended MKCOL (RFC 5689): the resourcetype in the body decides
/// whether a plain collection, a calendar or an address book is made.
struct MkcolMethod: MethodHandler {
    func handle(_ context: RequestContext) async throws -> DAVResponse {
        var kind = CollectionKind.plain
        var properties: [QName: PropertyValue] = [:]
        if !context.request.body.isEmpty {
            // RFC 5689 §3: a body that is not an extended-MKCOL document is 415.
            let body: XMLElement?
            do { body = try context.xmlBody() } catch {
                throw DAVError.unsupportedMediaType("MKCOL accepts only an RFC 5689 DAV:mkcol body")
            }
            if let body {
                guard body.name == .dav("mkcol") else {
                    throw DAVError.unsupportedMediaType("MKCOL accepts only an RFC 5689 DAV:mkcol body")
                }
                (kind, properties) = try CollectionCreation.settings(from: body, defaultKind: .plain)
            }
        }
        try await CollectionCreation.create(kind: kind, properties: properties, context: context)
        return DAVResponse(status: 201, headers: [("Content-Length", "0")])
    }
}

/// MKCALENDAR (RFC 4791 §5.3.1): every property in the body is stored; clients send more than
/// the RFC lists (DAVx5 sends resourcetype, Apple sends calendar-order and schedule-calendar-transp).
struct MkcalendarMethod: MethodHandler {
    func handle(_ context: RequestContext) async throws -> DAVResponse {
        var properties: [QName: PropertyValue] = [:]
        if let body = try context.xmlBody() {
            guard body.name == .caldav("mkcalendar") else { throw DAVError.badRequest("Expected a CALDAV:mkcalendar body") }
            (_, properties) = try CollectionCreation.settings(from: body, defaultKind: .calendar)
        }
        try await CollectionCreation.create(kind: .calendar, properties: properties, context: context)
        return DAVResponse(status: 201, headers: [("Content-Length", "0")])
    }
}

/// What MKCOL and MKCALENDAR share.
enum CollectionCreation {
    static func settings(from body: XMLElement, defaultKind: CollectionKind) throws -> (CollectionKind, [QName: PropertyValue]) {
        var kind = defaultKind
        var properties: [QName: PropertyValue] = [:]
        for set in body.children(.dav("set")) {
            for prop in set.children(.dav("prop")) {
                for element in prop.children {
                    if element.name == .dav("resourcetype") {
                        if element.child(.caldav("calendar")) != nil { kind = .calendar }
                        if element.child(.carddav("addressbook")) != nil { kind = .addressBook }
                        continue
                    }
                    if PropertyRegistry.isInternal(element.name) {  // where ACLs live: never client-set
                        throw DAVError.forbidden("\(element.name) is reserved for pocketdav's own use")
                    }
                    properties[element.name] = PropertyValue(xml: element.innerXML)
                }
            }
        }
        if let components = properties[.caldav("supported-calendar-component-set")] {
            let names = CalendarComponents.names(in: components)
            let known = Set(["VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VAVAILABILITY"])
            guard names.allSatisfy(known.contains) else {
                throw DAVError.precondition(403, .caldav("supported-calendar-component"), "Unknown component in \(names)")
            }
            properties[.caldav("supported-calendar-component-set")] = CalendarComponents.value(names)
        }
        return (kind, properties)
    }

    static func create(kind: CollectionKind, properties: [QName: PropertyValue], context: RequestContext) async throws {
        guard let parent = context.path.parent, !parent.isRoot else {
            throw DAVError.forbidden("Collections are created inside your own space, e.g. /<user>/<name>/")
        }
        try await context.require(.bind, at: parent)
        if try await context.storage.resource(at: context.path) != nil {
            throw DAVError.methodNotAllowed("Something already exists at \(context.path.href(collection: true))")  // RFC 4918 §9.3.1
        }
        guard let parentCollection = try await context.storage.collection(at: parent) else {
            throw DAVError.conflict("The parent collection \(parent.href(collection: true)) does not exist")
        }
        guard parentCollection.kind.mayContainCollections else {  // RFC 4791 §4.2
            throw DAVError.precondition(403, .caldav("calendar-collection-location-ok"),
                                        "Calendars and address books cannot contain collections")
        }
        try await context.storage.createCollection(at: context.path, kind: kind, properties: properties)
    }
}
