/// Who may use the admin API: the users named in `[admin] users`, and the members of
/// `[admin] group` when one is set.
///
/// An admin can create and delete any account and read or reset anyone's password, so the list
/// is kept explicit: with no `[admin]` section it is the `ADMIN_USER` account that
/// `HtpasswdSeeding` creates, or `admin`, whoever holds that name.
public struct AdminRole: Sendable, Hashable {
    public var users: Set<String>
    public var group: String?

    public init(users: Set<String>, group: String? = nil) {
        self.users = users
        self.group = group
    }

    /// Whether `principal` is an admin (its groups are filled in by the server already).
    public func includes(_ principal: Principal) -> Bool {
        if users.contains(principal.name) { return true }
        if let group, principal.groups.contains(group) { return true }
        return false
    }
}
