import FoundationEssentials

/// The ssh server key pocketdav expects, as OpenSSH prints its fingerprint
/// (`ssh-keyscan host | ssh-keygen -lf -` → `SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8`).
///
/// libgit2 1.5 does not check ssh host keys against `known_hosts`; without a pin, a push could go
/// to whoever answers on the network (and hand it the calendars). So pocketdav pushes over ssh
/// only to a pinned key.
public struct SSHHostKeyPin: Sendable, Hashable {
    /// The base64 SHA-256 digest, without the `SHA256:` prefix and without padding.
    let digest: String

    /// Parses `SHA256:<base64>` (padding optional); `nil` for anything else, MD5 fingerprints
    /// included.
    public init?(_ fingerprint: String) {
        guard fingerprint.hasPrefix("SHA256:") else { return nil }
        var digest = String(fingerprint.dropFirst("SHA256:".count))
        while digest.hasSuffix("=") { digest.removeLast() }
        guard digest.count == 43, Data(base64Encoded: digest + "=") != nil else { return nil }
        self.digest = digest
    }

    /// Whether a host key with this SHA-256 digest (libssh2's `hash_sha256`) is the pinned one.
    func matches(sha256: [UInt8]) -> Bool {
        var presented = Data(sha256).base64EncodedString()
        while presented.hasSuffix("=") { presented.removeLast() }
        return presented == digest
    }

    /// Whether a remote URL is reached over ssh: `ssh://…`, or git's scp-like `user@host:path`.
    public static func isSSH(_ url: String) -> Bool {
        if let scheme = url.firstRange(of: "://") {
            return ["ssh", "git+ssh", "ssh+git"].contains(url[..<scheme.lowerBound].lowercased())
        }
        guard let colon = url.firstIndex(of: ":") else { return false }
        return !url.hasPrefix("/") && !url.hasPrefix(".") && !url[..<colon].contains("/")
    }
}
