import DAVCore

/// Every authenticated user reads and writes everything, except the root itself.
///
/// Grants, and nothing else:
/// - an authenticated principal: `.all` on `/<own name>/` and everything below it;
/// - an authenticated principal: read, free/busy and write (`.readOnly ∪ .write`, but not the
///   ACL privileges) on every other user's space;
/// - an authenticated principal: `.read` on the root `/` itself, so nobody can create or delete
///   top-level (user) collections;
/// - nothing for anonymous requests.
///
/// Risk: any account can change or delete any other user's data, so one leaked password
/// exposes everyone. Only for a single person with several accounts, or a group that trusts
/// each other completely.
public struct AuthenticatedRights: SynchronousRightsPolicy {
    public init() {}

    public func grants(for principal: Principal?, at path: ResourcePath) -> Permissions {
        guard let principal else { return [] }
        if path.isRoot { return .read }
        return principal.owns(path) ? .all : Permissions.readOnly.union(.write)
    }
}
