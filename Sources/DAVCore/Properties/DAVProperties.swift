/// RFC 4918 §15, RFC 3744 §5, RFC 5397, RFC 6578 §4 and RFC 4331 properties.
enum DAVProperties {
    static let all: [LiveProperty] = [
        LiveProperty(.dav("resourcetype"), allprop: true) { target, _ in
            guard let collection = target.collection else { return [] }
            var types: [XMLNode] = [.empty(.dav("collection"))]
            switch collection.kind {
            case .calendar: types.append(.empty(.caldav("calendar")))
            case .addressBook: types.append(.empty(.carddav("addressbook")))
            case .plain: if target.isPrincipal { types.append(.empty(.dav("principal"))) }
            }
            return types
        },
        LiveProperty(.dav("displayname"), allprop: true, protected: false) { target, _ in
            if let stored = target.storedProperties[.dav("displayname")] { return [.raw(stored.xml)] }
            if target.isPrincipal, let name = target.path.name { return [.text(name)] }
            return nil
        },
        LiveProperty(.dav("getetag"), allprop: true) { target, _ in
            if let object = target.object { return [.text(object.etag.quoted)] }
            if let c = target.collection, c.kind != .plain { return [.text(ETag(c.ctag).quoted)] }
            return nil
        },
        LiveProperty(.dav("getcontenttype"), allprop: true) { target, _ in
            if let object = target.object { return [.text(object.contentType)] }
            switch target.kind {
            case .calendar: return [.text("text/calendar; charset=utf-8")]
            case .addressBook: return [.text("text/vcard; charset=utf-8")]
            default: return nil
            }
        },
        LiveProperty(.dav("getcontentlength"), allprop: true) { target, _ in
            target.object.map { [.text(String($0.size))] }
        },
        LiveProperty(.dav("getlastmodified"), allprop: true) { target, _ in
            if target.isRoot { return nil }
            switch target.resource {
            case .object(let o): return [.text(HTTPDate.format(o.lastModified))]
            case .collection(let c): return [.text(HTTPDate.format(c.lastModified))]
            }
        },
        LiveProperty(.dav("supported-report-set")) { target, _ in
            reports(for: target).map { name in
                .element(.dav("supported-report"), [.element(.dav("report"), [.empty(name)])])
            }
        },
        LiveProperty(.dav("current-user-privilege-set")) { target, context in
            let granted = try await context.permissions(at: target.path)
            return privilegeNodes(granted)
        },
        LiveProperty(.dav("owner")) { target, _ in
            guard let owner = target.path.owner else { return nil }
            return [.href(ResourcePath.ownerHome(owner))]
        },
        LiveProperty(.dav("current-user-principal")) { _, context in
            guard let principal = context.principal else { return [.empty(.dav("unauthenticated"))] }
            return [.href(ResourcePath.ownerHome(principal.name))]
        },
        LiveProperty(.dav("principal-collection-set")) { _, _ in [.href("/")] },
        LiveProperty(.dav("sync-token")) { target, _ in
            guard let c = target.collection, c.kind != .plain else { return nil }
            return [.text(c.syncToken)]
        },
        LiveProperty(.calendarServer("getctag")) { target, _ in
            guard let c = target.collection, c.kind != .plain else { return nil }
            return [.text(c.ctag)]
        },
        LiveProperty(.dav("quota-used-bytes")) { target, context in
            guard let c = target.collection, c.kind != .plain else { return nil }
            let members = try await context.storage.members(of: c.path)
            let used = members.reduce(0) { sum, m in if case .object(let o) = m { sum + o.size } else { sum } }
            return [.text(String(used))]
        },
    ]

    /// The reports a resource supports (RFC 3253 §3.1.5).
    static func reports(for target: PropertyTarget) -> [QName] {
        switch target.kind {
        case .calendar:
            [.caldav("calendar-multiget"), .caldav("calendar-query"), .caldav("free-busy-query"), .dav("sync-collection")]
        case .addressBook:
            [.carddav("addressbook-multiget"), .carddav("addressbook-query"), .dav("sync-collection")]
        case .plain, nil:
            []
        }
    }

    /// `current-user-privilege-set` content, in the order `SupportedPrivileges.held` gives.
    static func privilegeNodes(_ granted: Permissions) -> [XMLNode] {
        SupportedPrivileges.held(granted).map { .element(.dav("privilege"), [.empty($0)]) }
    }
}

extension ResourcePath {
    /// The href of a user's principal and home, `/<user>/`.
    public static func ownerHome(_ user: String) -> String {
        ResourcePath(validated: [user]).href(collection: true)
    }
}
