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
