extension DAVServer {
    /// The rights plugin's ACL support, when it has any (`[rights] type = "acl"`).
    public var accessControl: (any AccessControl)? { rights as? any AccessControl }

    /// The `DAV` header: `access-control` only when ACLs can actually be read and set
    /// (RFC 3744 §7.2), so clients do not offer sharing that would fail.
    var davClasses: String {
        accessControl == nil ? OptionsMethod.davClasses : OptionsMethod.davClasses + ", access-control"
    }

    /// The `Allow` header, with `ACL` when the rights plugin supports it.
    var allowHeader: String {
        accessControl == nil ? Self.allowedMethods : Self.allowedMethods + ", ACL"
    }
}
