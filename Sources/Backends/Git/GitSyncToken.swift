/// pocketdav's sync tokens for the git backend (RFC 6578 §3.2 wants a URI; the same string
/// serves as the ctag):
///
/// - `urn:x-pocketdav:git:<tree>`: the client has the collection exactly as the tree object
///   `<tree>` (the collection's sub-tree in some commit) holds it. Tree ids are content
///   addresses, so the token changes exactly when the collection's content does, is the same in
///   every clone and survives restarts and pushes.
/// - `urn:x-pocketdav:git:<tree>:<commit>`: a page cut short by `limit`: the client has the
///   changes up to `<commit>`, where the collection's tree was `<tree>`.
struct GitSyncToken: Sendable, Hashable {
    static let prefix = "urn:x-pocketdav:git:"

    var tree: GitOID
    var commit: GitOID?

    var string: String {
        guard let commit else { return Self.prefix + tree.hex }
        return Self.prefix + tree.hex + ":" + commit.hex
    }

    init(tree: GitOID, commit: GitOID? = nil) {
        self.tree = tree
        self.commit = commit
    }

    init?(parsing token: String) {
        guard token.hasPrefix(Self.prefix) else { return nil }
        let parts = token.dropFirst(Self.prefix.count).split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let tree = GitOID(hex: parts[0]) else { return nil }
        self.tree = tree
        if parts.count == 2 {
            guard let commit = GitOID(hex: parts[1]) else { return nil }
            self.commit = commit
        }
    }
}
