/// The backend's sync tokens and ctags: `urn:x-pocketdav:pg:<collection id>:<version>` (a URI, as
/// RFC 6578 §3.2 requires). The id is the row's identity, so a collection deleted and created
/// again at the same path refuses the old tokens, and a moved one keeps accepting them.
enum PostgresSyncToken {
    static let prefix = "urn:x-pocketdav:pg:"

    static func make(collection id: Int64, version: Int64) -> String { "\(prefix)\(id):\(version)" }

    /// The version in `token` when collection `id` issued it, else `nil`.
    static func version(of token: String, collection id: Int64) -> Int64? {
        guard token.hasPrefix(prefix) else { return nil }
        let parts = token.dropFirst(prefix.count).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, Int64(parts[0]) == id, let version = Int64(parts[1]), version >= 0 else { return nil }
        return version
    }
}
