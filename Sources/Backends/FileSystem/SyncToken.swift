/// pocketdav's sync tokens: `urn:x-pocketdav:sync:<collection id>:<version>` (a URI, as RFC 6578
/// §3.2 requires; the same string serves as the ctag).
enum SyncToken {
    static let prefix = "urn:x-pocketdav:sync:"

    static func make(id: String, version: UInt64) -> String { "\(prefix)\(id):\(version)" }

    /// The version in `token` when it was issued by the collection with `id`, else `nil`.
    static func version(of token: String, id: String) -> UInt64? {
        guard token.hasPrefix(prefix) else { return nil }
        let rest = token.dropFirst(prefix.count)
        guard let colon = rest.lastIndex(of: ":"), rest[..<colon] == id else { return nil }
        return UInt64(rest[rest.index(after: colon)...])
    }
}
