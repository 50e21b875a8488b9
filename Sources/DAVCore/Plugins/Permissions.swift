/// What a principal may do to a resource (the RFC 3744 §3 privileges pocketdav enforces).
public struct Permissions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// GET, PROPFIND, REPORT (`DAV:read`).
    public static let read = Permissions(rawValue: 1 << 0)
    /// Change an existing object's bytes (`DAV:write-content`).
    public static let writeContent = Permissions(rawValue: 1 << 1)
    /// PROPPATCH (`DAV:write-properties`).
    public static let writeProperties = Permissions(rawValue: 1 << 2)
    /// Add members to a collection: PUT of a new object, MKCOL, MOVE/COPY into it (`DAV:bind`).
    public static let bind = Permissions(rawValue: 1 << 3)
    /// Remove members: DELETE, MOVE out of it (`DAV:unbind`).
    public static let unbind = Permissions(rawValue: 1 << 4)
    /// Read the ACL (`DAV:read-acl`).
    public static let readACL = Permissions(rawValue: 1 << 5)
    /// Change the ACL (`DAV:write-acl`).
    public static let writeACL = Permissions(rawValue: 1 << 6)
    /// Read free/busy only (`CALDAV:read-free-busy`, RFC 4791 §6.1.1).
    public static let readFreeBusy = Permissions(rawValue: 1 << 7)

    /// `DAV:write`: content, properties, bind and unbind.
    public static let write: Permissions = [.writeContent, .writeProperties, .bind, .unbind]
    public static let readOnly: Permissions = [.read, .readFreeBusy]
    /// `DAV:all`.
    public static let all: Permissions = [.read, .readFreeBusy, .write, .readACL, .writeACL]
}
