/// The answer to `Storage.changes(in:since:limit:)` (RFC 6578 §3).
public struct ChangeSet: Sendable, Hashable {
    /// Names of members created or modified since the token, oldest change first.
    public var changed: [String]
    /// Names of members deleted since the token (and not re-created).
    public var deleted: [String]
    /// The token for the state this answer describes. When `truncated`, it covers only the
    /// changes returned, so a client continues from it.
    public var newToken: String
    /// Whether `limit` cut the answer short (the report then answers 507 on the collection).
    public var truncated: Bool

    public init(changed: [String], deleted: [String], newToken: String, truncated: Bool = false) {
        self.changed = changed
        self.deleted = deleted
        self.newToken = newToken
        self.truncated = truncated
    }
}
