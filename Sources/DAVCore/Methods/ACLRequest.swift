import Logging

/// A new access control list from an `ACL` request body or a PROPPATCH of `DAV:acl` (RFC 3744
/// §8.1): parsed, checked against what pocketdav supports, and handed to the rights plugin.
/// Both ways of changing an ACL run through `apply`, so both need `write-acl`.
enum ACLRequest {
    /// More entries than any sharing dialog produces; a bound on work per request
    /// (`DAV:limited-number-of-aces`, RFC 3744 §8.1.1).
    static let maxEntries = 256

    /// Replaces the ACL of the collection at `context.path` with the entries in `acl`.
    static func apply(_ acl: XMLElement, control: any AccessControl, context: RequestContext) async throws {
        let path = context.path
        guard let owner = path.owner else {
            throw DAVError.forbidden("The root has no ACL of its own; set one on a collection, e.g. /<user>/<calendar>/")
        }
        let parsed = try entries(in: acl)
        // Rights first, so that nobody learns what exists where they may not change the ACL.
        try await context.require(.writeACL, at: path)
        guard let resource = try await context.storage.resource(at: path) else { throw DAVError.notFound() }
        // Objects inherit their collection's ACL (RFC 3744 §5.5 `DAV:inherited`). 403, not 409:
        // no change to the object could make the request succeed (RFC 9110 §15.5.10).
        guard case .collection = resource else {
            let collection = path.parent?.href(collection: true) ?? "/"
            throw DAVError.forbidden("Objects have no ACL of their own; they inherit the ACL of \(collection)")
        }
        var merged: [AccessControlEntry.Grantee: Permissions] = [:]
        var order: [AccessControlEntry.Grantee] = []
        for entry in parsed {
            if case .principal(let name) = entry.grantee {
                // The owner's `all` is a protected entry; clients that echo it back change nothing.
                if name.utf8.elementsEqual(owner.utf8) { continue }
                try await requireRecognized(name, context: context)
            }
            if merged[entry.grantee] == nil { order.append(entry.grantee) }
            merged[entry.grantee, default: []].formUnion(entry.privileges)
        }
        try await control.setEntries(order.map { AccessControlEntry($0, merged[$0]!) }, at: path)
        context.logger.notice("acl changed", metadata: ["collection": "\(path)", "entries": "\(order.count)"])
    }

    /// The entries of a `DAV:acl` element, or the precondition it violates.
    static func entries(in acl: XMLElement) throws -> [AccessControlEntry] {
        guard acl.name == .dav("acl") else { throw DAVError.badRequest("Expected a DAV:acl body (RFC 3744 §8.1)") }
        let aces = acl.children(.dav("ace"))
        if aces.count > maxEntries {
            throw DAVError.precondition(403, .dav("limited-number-of-aces"), "At most \(maxEntries) ACEs per ACL")
        }
        var entries: [AccessControlEntry] = []
        for ace in aces {
            // Protected and inherited entries cannot be set (RFC 3744 §5.5); clients that read an
            // ACL and send it back include them, so they are skipped rather than refused.
            if ace.child(.dav("protected")) != nil || ace.child(.dav("inherited")) != nil { continue }
            if ace.child(.dav("invert")) != nil {
                throw DAVError.precondition(403, .dav("no-invert"), "pocketdav does not support DAV:invert")
            }
            if ace.child(.dav("deny")) != nil {
                throw DAVError.precondition(403, .dav("grant-only"), "pocketdav supports grants only, not DAV:deny")
            }
            guard let principal = ace.child(.dav("principal")) else { throw DAVError.badRequest("An ACE needs a DAV:principal") }
            guard let grant = ace.child(.dav("grant")) else { throw DAVError.badRequest("An ACE needs a DAV:grant") }
            entries.append(AccessControlEntry(try grantee(principal), try privileges(grant)))
        }
        return entries
    }

    /// `DAV:principal` (RFC 3744 §5.5.1): an href to `/<name>/`, `all` or `authenticated`.
    static func grantee(_ principal: XMLElement) throws -> AccessControlEntry.Grantee {
        guard let element = principal.children.first else { throw DAVError.badRequest("Empty DAV:principal") }
        switch element.name {
        case .dav("all"): return .all
        case .dav("authenticated"): return .authenticated
        case .dav("href"):
            let text = element.text.trimmingCharacters()
            guard let path = try? ResourcePath(decoding: Preconditions.pathPart(ofURI: text)),
                  path.segments.count == 1, let name = path.name, UserName.isValid(name) else {
                throw DAVError.precondition(403, .dav("recognized-principal"),
                                            "'\(text)' is not a principal URL; users and groups are /<name>/")
            }
            return .principal(name)
        default:
            // `self`, `unauthenticated` and `property` have no use on a collection here: `all`
            // covers anonymous readers, and the owner always has every privilege.
            throw DAVError.precondition(403, .dav("allowed-principal"),
                                        "\(element.name) is not allowed; use an href, DAV:all or DAV:authenticated")
        }
    }

    /// `DAV:grant`: the union of its privileges.
    static func privileges(_ grant: XMLElement) throws -> Permissions {
        var granted: Permissions = []
        for privilege in grant.children(.dav("privilege")) {
            guard let name = privilege.children.first?.name else { throw DAVError.badRequest("Empty DAV:privilege") }
            guard let permissions = SupportedPrivileges.permissions(for: name) else {
                throw DAVError.precondition(403, .dav("not-supported-privilege"),
                                            "\(name) is not supported; see DAV:supported-privilege-set")
            }
            granted.formUnion(permissions)
        }
        if granted.isEmpty { throw DAVError.badRequest("A DAV:grant needs at least one DAV:privilege") }
        return granted
    }

    /// A grantee must be a user whose home exists or a known group (RFC 3744 §8.1.1
    /// `DAV:recognized-principal`). Checked after `write-acl`, so only someone allowed to
    /// change the ACL learns which names exist.
    static func requireRecognized(_ name: String, context: RequestContext) async throws {
        if let home = try? ResourcePath(segments: [name]), try await context.storage.collection(at: home) != nil { return }
        if let groups = context.server.groups, try await groups.members(of: name) != nil { return }
        throw DAVError.precondition(403, .dav("recognized-principal"),
                                    "No user or group '\(name)' (a user is known once their home /\(name)/ exists)")
    }
}
