import DAVCore

/// Every user reads every space; each user writes only their own.
///
/// Grants, and nothing else:
/// - an authenticated principal: `.all` on `/<own name>/` and everything below it;
/// - an authenticated principal: `.readOnly` (read and free/busy) on every other user's space;
/// - an authenticated principal: `.read` on the root `/` itself;
/// - nothing for anonymous requests.
///
/// Risk: every account can read every calendar and address book on the server, including
/// private events and contacts. Use it for a household or a small team that already shares
/// everything, not for unrelated users.
public struct OwnerWriteRights: SynchronousRightsPolicy {
    public init() {}

    public func grants(for principal: Principal?, at path: ResourcePath) -> Permissions {
        guard let principal else { return [] }
        if path.isRoot { return .read }
        return principal.owns(path) ? .all : .readOnly
    }
}
