import DAVCore
import FoundationEssentials

/// Which collections are shared with which user or group: `AccountStore` records of kind
/// `.share`, one per grantee name (users and groups never share a name), each a JSON list of
/// collection hrefs. A home listing reads one record per name the caller answers to.
///
/// The index is a hint: the core shows a listed collection only while its ACL lets the caller
/// read it, so a stale entry (a crash between the ACL write and the index update, a deleted or
/// moved collection) never exposes anything; at worst a share is missing from a listing until
/// its ACL is set again.
struct ShareIndex: Sendable {
    let store: any AccountStore

    /// Records that `collection` is now shared with `current` names instead of `previous`.
    func update(_ collection: ResourcePath, from previous: Set<String>, to current: Set<String>) async throws {
        let href = collection.href(collection: true)
        for name in previous.subtracting(current).sorted() {
            try await store.update(.share, named: name) { value in
                let hrefs = Self.decode(value).filter { $0 != href }
                if hrefs.isEmpty { return nil }
                return try Self.encode(hrefs)
            }
        }
        for name in current.sorted() {
            try await store.update(.share, named: name) { value in
                let hrefs = Self.decode(value)
                if hrefs.contains(href) { return value }
                return try Self.encode((hrefs + [href]).sorted())
            }
        }
    }

    /// The collections shared with any of `names`, each once.
    func collections(sharedWith names: [String]) async throws -> [ResourcePath] {
        var seen = Set<String>()
        var paths: [ResourcePath] = []
        for name in names {
            for href in Self.decode(try await store.record(.share, named: name)) where seen.insert(href).inserted {
                if let path = try? ResourcePath(decoding: href) { paths.append(path) }
            }
        }
        return paths
    }

    private static func decode(_ value: [UInt8]?) -> [String] {
        guard let value else { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(value))) ?? []
    }

    private static func encode(_ hrefs: [String]) throws -> [UInt8] {
        Array(try JSONEncoder().encode(hrefs))
    }
}
