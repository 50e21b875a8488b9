import DAVCore

/// Per-collection WebDAV ACLs (RFC 3744): owners share calendars and address books with users,
/// groups, every authenticated user, or everyone (public calendars, subscriptions by URL).
///
/// Grants, and nothing else:
/// - an authenticated principal: `.all` on `/<own name>/` and everything below it;
/// - an authenticated principal: `.read` on the root `/` itself;
/// - anyone else: the union of the entries that name them (by user name, by one of their
///   groups, `authenticated`, or `all` for anonymous requests too) on the collection and on
///   every collection above it, plus the `fallback` (default: nothing), which applies where no
///   entry grants anything and everywhere else too, since entries only add.
///
/// The ACL method and PROPPATCH of `DAV:acl` change entries; both need `write-acl`, which only
/// the owner has unless they grant it.
///
/// Risk: an entry for `all` makes a collection readable without a password by anyone who can
/// guess or is given its URL, and `write` for `all` would let anyone change or delete its
/// content. pocketdav refuses neither, as both are what the owner asked for; anonymous writes
/// still need the grant, and the default for every collection is private.
public struct ACLRights: RightsPolicy, AccessControl {
    /// What non-owners get where no entry grants them more (`[rights.acl] owner_fallback`).
    public enum Fallback: String, Sendable, CaseIterable {
        /// Nothing: only entries open a space to others. The default.
        case ownerOnly = "owner_only"
        /// Every authenticated user reads every space (like `owner_write`).
        case ownerWrite = "owner_write"
        /// Every authenticated user reads and writes every space (like `authenticated`).
        case authenticated

        var entries: [AccessControlEntry] {
            switch self {
            case .ownerOnly: []
            case .ownerWrite: [AccessControlEntry(.authenticated, .readOnly)]
            case .authenticated: [AccessControlEntry(.authenticated, Permissions.readOnly.union(.write))]
            }
        }
    }

    let storage: any Storage
    let shares: ShareIndex?
    let cache: ACLCache
    public let implicitEntries: [AccessControlEntry]

    /// - Parameters:
    ///   - storage: where collections and their ACL property live.
    ///   - shares: where the share index is kept; `nil` disables the listing of shared
    ///     collections in homes (ACLs are still enforced).
    ///   - fallback: what non-owners get without entries.
    ///   - cacheTTL: how long an ACL read from storage is trusted (default 5 s): the delay before
    ///     a change made by another instance on the same database takes effect here.
    public init(storage: any Storage, shares: (any AccountStore)?, fallback: Fallback = .ownerOnly,
                cacheTTL: Duration = .seconds(5)) {
        self.storage = storage
        self.shares = shares.map { ShareIndex(store: $0) }
        self.cache = ACLCache(ttl: cacheTTL)
        self.implicitEntries = fallback.entries
    }

    public func permissions(for principal: Principal?, at path: ResourcePath) async throws -> Permissions {
        if path.isRoot { return principal == nil ? [] : .read }
        if let principal, principal.owns(path) { return .all }
        var granted: Permissions = []
        for entry in implicitEntries where entry.applies(to: principal) { granted.formUnion(entry.privileges) }
        // Home first, then down to `path`: a grant on a collection covers everything below it.
        for collection in path.ancestry {
            let node = try await node(at: collection)
            for entry in node.entries where entry.applies(to: principal) { granted.formUnion(entry.privileges) }
            if !node.mayHoldCollections { break }
        }
        return granted
    }

    public func entries(at path: ResourcePath) async throws -> [AccessControlEntry] {
        try await node(at: path).entries
    }

    public func setEntries(_ entries: [AccessControlEntry], at path: ResourcePath) async throws {
        let previous = StoredACL.decode(try await storage.collection(at: path)?.properties[StoredACL.property])
        try await storage.setProperties([StoredACL.property: try StoredACL.encode(entries)], at: path)
        cache.invalidate(path)
        try await shares?.update(path, from: Self.sharedNames(previous), to: Self.sharedNames(entries))
    }

    public func forget(below path: ResourcePath) {
        cache.invalidate(below: path)
    }

    public func sharedCollections(with principal: Principal) async throws -> [ResourcePath] {
        guard let shares else { return [] }
        return try await shares.collections(sharedWith: [principal.name] + principal.groups.sorted())
    }

    private func node(at path: ResourcePath) async throws -> ACLNode {
        try await cache.node(at: path) {
            switch try await storage.resource(at: path) {
            case .collection(let c):
                return ACLNode(entries: StoredACL.decode(c.properties[StoredACL.property]),
                               mayHoldCollections: c.kind.mayContainCollections)
            case .object: return .leaf
            // Nothing yet: keep looking below, so a collection created here within the TTL
            // cannot hide the entries of collections later made inside it.
            case nil: return ACLNode(entries: [], mayHoldCollections: true)
            }
        }
    }

    /// Names the share index lists a collection under: users and groups, not `authenticated`
    /// or `all` (a public calendar is not a share, or it would appear in every home).
    static func sharedNames(_ entries: [AccessControlEntry]) -> Set<String> {
        Set(entries.compactMap { entry -> String? in
            guard case .principal(let name) = entry.grantee, entry.privileges.contains(.read) else { return nil }
            return name
        })
    }
}
