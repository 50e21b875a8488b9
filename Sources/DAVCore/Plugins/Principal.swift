/// An authenticated user.
public struct Principal: Sendable, Hashable {
    /// The user name; also the first path segment of the user's space (`/<name>/`).
    public var name: String
    /// Groups the user belongs to (used by rights plugins that grant to groups).
    public var groups: Set<String>

    public init(name: String, groups: Set<String> = []) {
        self.name = name
        self.groups = groups
    }
}
