/// The privileges pocketdav supports (RFC 3744 §3, RFC 4791 §6.1.1), as element names and as
/// `Permissions`: parsing ACL requests, writing `DAV:acl`, `supported-privilege-set` and the
/// stored form of ACLs all go through this one table.
public enum SupportedPrivileges {
    /// Privilege element → what it grants. `read` includes `CALDAV:read-free-busy` (RFC 4791
    /// §6.1.1) and `write` includes bind and unbind, as DAVx5 and iOS expect (a writable
    /// calendar must accept new events).
    static let table: [(name: QName, permissions: Permissions)] = [
        (.dav("all"), .all),
        (.dav("read"), .readOnly),
        (.dav("write"), .write),
        (.dav("write-properties"), .writeProperties),
        (.dav("write-content"), .writeContent),
        (.dav("bind"), .bind),
        (.dav("unbind"), .unbind),
        (.dav("read-acl"), .readACL),
        (.dav("write-acl"), .writeACL),
        (.caldav("read-free-busy"), .readFreeBusy),
    ]

    /// Each permission bit with the element that names it, in bit order. A bit's element is the
    /// narrowest one granting it: the last in `table`, which lists aggregates before their members
    /// (`read` for `.read`, since `read-free-busy` has its own).
    static let bits: [(name: QName, permission: Permissions)] = (0..<Permissions.RawValue.bitWidth).compactMap { shift in
        let bit = Permissions(rawValue: 1 << shift)
        return table.last { $0.permissions.contains(bit) }.map { ($0.name, bit) }
    }

    /// The elements that name no single bit: `all` and `write`.
    static let aggregates = table.filter { entry in !bits.contains { $0.name == entry.name } }

    /// What granting the privilege element `name` grants; `nil` when pocketdav does not support
    /// it (`DAV:not-supported-privilege`, RFC 3744 §8.1.1): `unlock` (no locking) and
    /// `read-current-user-privilege-set` (readable by whoever can read the resource).
    public static func permissions(for name: QName) -> Permissions? {
        table.first { $0.name == name }?.permissions
    }

    /// The fewest privilege elements that grant exactly `permissions`: aggregates first, so
    /// a read-write share shows as `read` + `write`, not six elements.
    public static func elements(for permissions: Permissions) -> [QName] {
        var rest = permissions
        var names: [QName] = []
        for (name, granted) in table where !granted.isEmpty && rest.isSuperset(of: granted) {
            names.append(name)
            rest.subtract(granted)
        }
        if rest.contains(.read) { names.append(.dav("read")) }  // read without free/busy: no element of its own
        return names
    }

    /// `current-user-privilege-set` content (RFC 3744 §5.4): the aggregates held in full first,
    /// so clients that only look for `DAV:write` or `DAV:all` (DAVx5, Evolution, iOS) see them,
    /// then the element of every bit held.
    static func held(_ granted: Permissions) -> [QName] {
        aggregates.filter { granted.isSuperset(of: $0.permissions) }.map(\.name)
            + bits.filter { granted.contains($0.permission) }.map(\.name)
    }

    /// The privilege `DAV:need-privileges` names (RFC 3744 §7.1.1) when `missing` is not held:
    /// the element of its lowest bit. A missing `CALDAV:read-free-busy` has always been reported
    /// as `DAV:all`; that answer is kept.
    static func needed(_ missing: Permissions) -> QName {
        bits.first { missing.contains($0.permission) && $0.name.namespace == Namespace.dav }?.name ?? .dav("all")
    }

    /// `DAV:supported-privilege-set` (RFC 3744 §5.3): the aggregation tree. No privilege is
    /// abstract, since every one of them can be granted on its own.
    static var tree: XMLNode {
        func node(_ name: QName, _ description: String, _ children: [XMLNode] = []) -> XMLNode {
            let head: [XMLNode] = [
                .element(.dav("privilege"), [.empty(name)]),
                .element(.dav("description"), attributes: [("xml:lang", "en")], children: [.text(description)]),
            ]
            return .element(.dav("supported-privilege"), head + children)
        }
        return node(.dav("all"), "Any operation", [
            node(.dav("read"), "Read the resource and its properties", [
                node(.caldav("read-free-busy"), "Read free/busy time only")
            ]),
            node(.dav("write"), "Change the resource, its properties and its members", [
                node(.dav("write-properties"), "Change properties"),
                node(.dav("write-content"), "Change the content of existing objects"),
                node(.dav("bind"), "Add members"),
                node(.dav("unbind"), "Remove members"),
            ]),
            node(.dav("read-acl"), "Read the access control list"),
            node(.dav("write-acl"), "Change the access control list"),
        ])
    }
}
