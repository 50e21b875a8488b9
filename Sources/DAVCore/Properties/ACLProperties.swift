/// RFC 3744 §5 access control properties that depend on the rights plugin's ACL support.
/// (`current-user-privilege-set`, `owner` and `principal-collection-set` are in
/// `DAVProperties`: they are true for every rights plugin.)
enum ACLProperties {
    static let all: [LiveProperty] = [
        // RFC 3744 §5.5: the owner's protected entry, the plugin's fallback as protected
        // entries, the collection's own entries, then those inherited from collections above.
        LiveProperty(.dav("acl")) { target, context in
            guard let control = context.server.accessControl, let owner = target.path.owner else { return nil }
            guard try await context.permissions(at: target.path).contains(.readACL) else { throw PropertyAccessDenied() }
            var aces: [XMLNode] = [ace(principalHref(owner), .all, protected: true)]
            aces += control.implicitEntries.map { ace(grantee($0.grantee), $0.privileges, protected: true) }
            // An object has no entries of its own (the `AccessControl` contract): start at its collection.
            let own = target.isCollection ? target.path : target.path.parent
            for collection in (own?.ancestry ?? []).reversed() {
                let inherited = collection == target.path ? nil : collection.href(collection: true)
                for entry in try await control.entries(at: collection) {
                    aces.append(ace(grantee(entry.grantee), entry.privileges, inheritedFrom: inherited))
                }
            }
            return aces
        },
        // RFC 3744 §5.6: what an ACL request may contain.
        LiveProperty(.dav("acl-restrictions")) { target, context in
            guard context.server.accessControl != nil, !target.isRoot else { return nil }
            return [.empty(.dav("grant-only")), .empty(.dav("no-invert"))]
        },
        LiveProperty(.dav("supported-privilege-set")) { target, _ in
            target.isRoot ? nil : [SupportedPrivileges.tree]
        },
    ]

    static func principalHref(_ name: String) -> XMLNode { .href(ResourcePath.ownerHome(name)) }

    static func grantee(_ grantee: AccessControlEntry.Grantee) -> XMLNode {
        switch grantee {
        case .principal(let name): principalHref(name)
        case .authenticated: .empty(.dav("authenticated"))
        case .all: .empty(.dav("all"))
        }
    }

    static func ace(_ principal: XMLNode, _ privileges: Permissions, protected: Bool = false,
                    inheritedFrom: String? = nil) -> XMLNode {
        var children: [XMLNode] = [
            .element(.dav("principal"), [principal]),
            .element(.dav("grant"), SupportedPrivileges.elements(for: privileges).map {
                .element(.dav("privilege"), [.empty($0)])
            }),
        ]
        if protected { children.append(.empty(.dav("protected"))) }
        if let inheritedFrom { children.append(.element(.dav("inherited"), [.href(inheritedFrom)])) }
        return .element(.dav("ace"), children)
    }
}
