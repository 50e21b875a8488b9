/// An authenticated user.
public struct Principal: Sendable, Hashable {
    /// The user name; also the first path segment of the user's space (`/<name>/`).
    public var name: String
    /// Groups the user belongs to (used by rights plugins that grant to groups).
    public var groups: Set<String>
    /// Whether this request may only read, whatever the rights plugin grants (a read-only API
    /// key). `RequestContext.permissions(at:)` intersects every grant with `Permissions.readOnly`,
    /// so no handler and no rights plugin has to remember it.
    public var isReadOnly: Bool
    /// Whether the request proved a key rather than the user's own password (an API key). Such a
    /// principal may not use the admin API: a service key can name any user, administrators
    /// included, and a leaked key should not be able to create accounts or reset passwords.
    public var isDelegated: Bool

    public init(name: String, groups: Set<String> = [], isReadOnly: Bool = false, isDelegated: Bool = false) {
        self.name = name
        self.groups = groups
        self.isReadOnly = isReadOnly
        self.isDelegated = isDelegated
    }
}
