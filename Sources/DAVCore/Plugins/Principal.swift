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

    public init(name: String, groups: Set<String> = [], isReadOnly: Bool = false) {
        self.name = name
        self.groups = groups
        self.isReadOnly = isReadOnly
    }
}
