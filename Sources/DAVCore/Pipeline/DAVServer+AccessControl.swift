extension DAVServer {
    /// The `DAV` header: `access-control` only when ACLs can actually be read and set
    /// (RFC 3744 §7.2), so clients do not offer sharing that would fail.
    static func davClasses(accessControl: Bool) -> String {
        accessControl ? OptionsMethod.davClasses + ", access-control" : OptionsMethod.davClasses
    }

    /// The `Allow` header, with `ACL` when the rights plugin supports it.
    static func allowHeader(accessControl: Bool) -> String {
        accessControl ? allowedMethods + ", ACL" : allowedMethods
    }
}
