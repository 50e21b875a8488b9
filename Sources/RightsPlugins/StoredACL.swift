import DAVCore
import FoundationEssentials

/// How `ACLRights` keeps a collection's entries: JSON in one collection property in
/// `Namespace.pocketdavInternal`, which the core never shows to clients nor lets them write.
/// So the ACL moves, copies and replicates with the collection on every backend.
///
/// Privileges are stored by element name (`{DAV:}read`), not as `Permissions` bits, so a
/// reordering of bits can never silently widen a stored grant.
enum StoredACL {
    static let property = QName(Namespace.pocketdavInternal, "acl")

    private struct Entry: Codable {
        /// `principal`, `authenticated` or `all`.
        var grantee: String
        var name: String?
        var privileges: [String]
    }

    /// The property value for `entries`, or `nil` (remove the property) when there are none.
    static func encode(_ entries: [AccessControlEntry]) throws -> PropertyValue? {
        if entries.isEmpty { return nil }
        let stored = entries.map { entry -> Entry in
            let privileges = SupportedPrivileges.elements(for: entry.privileges).map(\.description)
            switch entry.grantee {
            case .principal(let name): return Entry(grantee: "principal", name: name, privileges: privileges)
            case .authenticated: return Entry(grantee: "authenticated", privileges: privileges)
            case .all: return Entry(grantee: "all", privileges: privileges)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return PropertyValue(text: String(decoding: try encoder.encode(stored), as: UTF8.self))
    }

    /// The entries in a stored value. An unreadable value or unknown privilege grants nothing:
    /// a damaged ACL fails closed, leaving only the owner and the fallback.
    static func decode(_ value: PropertyValue?) -> [AccessControlEntry] {
        guard let text = value?.text,
              let stored = try? JSONDecoder().decode([Entry].self, from: Data(text.utf8)) else { return [] }
        return stored.compactMap { entry -> AccessControlEntry? in
            var privileges: Permissions = []
            for clark in entry.privileges {
                guard let name = QName(clark: clark), let p = SupportedPrivileges.permissions(for: name) else { return nil }
                privileges.formUnion(p)
            }
            switch (entry.grantee, entry.name) {
            case ("principal", let name?) where UserName.isValid(name): return AccessControlEntry(.principal(name), privileges)
            case ("authenticated", _): return AccessControlEntry(.authenticated, privileges)
            case ("all", _): return AccessControlEntry(.all, privileges)
            default: return nil
            }
        }
    }
}
