import CGit2

/// A tree object read into Swift: its entries in git's order plus a name index. Immutable and
/// content-addressed, so it is cached by id and shared freely.
struct GitTree: Sendable {
    struct Entry: Sendable, Hashable {
        var name: String
        var oid: GitOID
        /// A sub-tree (a collection, or `.pocketdav-meta`); otherwise a blob. Symlinks and
        /// submodules, which pocketdav never writes, are left out when reading.
        var isTree: Bool
    }

    let id: GitOID
    let entries: [Entry]
    private let index: [String: Int]

    init(id: GitOID, entries: [Entry]) {
        self.id = id
        self.entries = entries
        var index: [String: Int] = [:]
        index.reserveCapacity(entries.count)
        for (i, entry) in entries.enumerated() { index[entry.name] = i }
        self.index = index
    }

    func entry(_ name: String) -> Entry? { index[name].map { entries[$0] } }

    /// Entries a client can address: every name not starting with a dot (`ResourcePath` refuses
    /// those, so pocketdav's own files never collide with members).
    var members: [Entry] { entries.filter { !$0.name.hasPrefix(".") } }

    /// The id of `.pocketdav-props.json`, if this tree is a collection pocketdav made.
    var metadataBlob: GitOID? { entry(CollectionMetadata.fileName).map(\.oid) }

    /// The id of the `.pocketdav-meta` sub-tree holding object sidecars, if any.
    var sidecarTree: GitOID? { entry(ObjectMetadata.directoryName).flatMap { $0.isTree ? $0.oid : nil } }
}
