/// Thrown by a live property whose value the caller may not see (`DAV:acl` without
/// `read-acl`, RFC 3744 §5.5): `PropertyRegistry` answers it with a 403 propstat instead of
/// failing the whole PROPFIND.
public struct PropertyAccessDenied: Error, Sendable {
    public init() {}
}
