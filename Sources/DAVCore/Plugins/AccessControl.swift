/// Per-collection access control lists (RFC 3744): an optional capability a `RightsPolicy` may
/// also conform to. The core's `ACL` method and PROPPATCH of `DAV:acl` validate a request and
/// call `setEntries`; `DAV:acl` shows `entries`; PROPFIND Depth 1 on a user's home appends
/// `sharedCollections`, so clients show shared calendars without a manual URL.
///
/// ## Implementation requirements
/// - **The same policy enforces it.** After `setEntries` returns, `permissions(for:at:)` of this
///   instance reflects the new list; other instances sharing the storage must see it within a
///   few seconds. The hot path (`permissions`) must not hit storage on every call.
/// - **Owner.** The owner of a space (`/<owner>/…`) always has `.all` there; entries never take
///   it away and the core never passes an entry naming the owner.
/// - **Inheritance.** Only collections carry entries. An object has the union of the entries
///   of the collections above it; so does a collection nested in a plain collection.
/// - **setEntries** gets a validated list (recognised principals, no duplicates) for an
///   existing collection below the root, and replaces the whole list atomically; `[]` removes
///   it. A generic PROPPATCH must never be able to write wherever the list is kept (the core
///   hides and refuses every property in `Namespace.pocketdavInternal`).
/// - **forget(below:)** is called by the core after every DELETE, and for the source of a MOVE
///   and the destination of a COPY or MOVE, once storage has done it.
/// - **sharedCollections** may return stale or extra paths (the core lists only those the
///   principal can read), but a collection whose entries name the principal or one of its
///   groups must appear once `setEntries` has returned. Grants to `authenticated` and `all` are
///   not shares: they would put every public calendar into every home.
public protocol AccessControl: Sendable {
    /// The entries set on the collection at `path`; `[]` when it has none, is an object or
    /// does not exist.
    func entries(at path: ResourcePath) async throws -> [AccessControlEntry]

    /// Replaces the entries of the collection at `path`.
    func setEntries(_ entries: [AccessControlEntry], at path: ResourcePath) async throws

    /// Collections (not owned by `principal`) whose entries name the principal or its groups.
    func sharedCollections(with principal: Principal) async throws -> [ResourcePath]

    /// The resources at `path` and below it were deleted, moved away, or replaced by a COPY or
    /// MOVE onto `path`. Forget what this instance remembers about their entries: a collection
    /// made again at `path` must start without the old grants at once, not after a cache's
    /// lifetime. (Other instances may lag by the same few seconds as for `setEntries`.)
    func forget(below path: ResourcePath)

    /// What the policy grants below every home without any entry, beyond the owner's `.all`
    /// (the configured fallback); `DAV:acl` shows them as protected entries.
    var implicitEntries: [AccessControlEntry] { get }
}
