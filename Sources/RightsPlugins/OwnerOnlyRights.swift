import DAVCore

/// Each user sees and changes only their own space. The default policy.
///
/// Grants, and nothing else:
/// - an authenticated principal: `.all` on `/<own name>/` and everything below it;
/// - an authenticated principal: `.read` on the root `/` itself, so clients can discover their
///   principal and home collections with PROPFIND;
/// - nothing on other users' spaces (`/<other>/…`); nothing for anonymous requests.
///
/// Risk: none beyond the root listing, which names the top-level collections (user names) to
/// every authenticated user.
public struct OwnerOnlyRights: SynchronousRightsPolicy {
    public init() {}

    public func grants(for principal: Principal?, at path: ResourcePath) -> Permissions {
        guard let principal else { return [] }
        if path.isRoot { return .read }
        return principal.owns(path) ? .all : []
    }
}
