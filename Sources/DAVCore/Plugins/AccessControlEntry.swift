/// One entry of a collection's access control list (RFC 3744 §5.5.1): privileges granted to a
/// principal. pocketdav has grants only, so an entry can never take a privilege away
/// (`DAV:acl-restrictions` says `grant-only` and `no-invert`, RFC 3744 §5.6).
public struct AccessControlEntry: Sendable, Hashable {
    /// Who an entry grants to (RFC 3744 §5.5.1 `DAV:principal`).
    public enum Grantee: Sendable, Hashable {
        /// A user or a group by name. Its principal URL is `/<name>/`: users and groups share
        /// the URL space and never share a name, so the name alone says which one it is.
        case principal(String)
        /// Every authenticated principal (`DAV:authenticated`).
        case authenticated
        /// Everyone, anonymous requests included (`DAV:all`): public calendars.
        case all
    }

    public var grantee: Grantee
    public var privileges: Permissions

    public init(_ grantee: Grantee, _ privileges: Permissions) {
        self.grantee = grantee
        self.privileges = privileges
    }

    /// Whether the entry grants to `principal` (`nil` = anonymous): by name, through one of the
    /// principal's groups, or to every (authenticated) principal.
    ///
    /// Names are compared byte for byte, like `ResourcePath` segments, so canonically
    /// equivalent spellings of a name never match each other.
    public func applies(to principal: Principal?) -> Bool {
        switch grantee {
        case .all: return true
        case .authenticated: return principal != nil
        case .principal(let name):
            guard let principal else { return false }
            if principal.name.utf8.elementsEqual(name.utf8) { return true }
            return principal.groups.contains { $0.utf8.elementsEqual(name.utf8) }
        }
    }
}
