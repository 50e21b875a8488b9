import DAVCore

extension Credentials {
    /// Whether secrets in this request crossed a network in clear text: it did not arrive over
    /// TLS and the peer is not loopback (127.0.0.0/8, `::1`). An unknown peer counts as remote.
    ///
    /// Plugins that would hand out or accept a bearer secret (API keys, trust-on-first-use
    /// passwords) refuse such requests unless configured otherwise. pocketdav normally listens
    /// on loopback behind a TLS proxy, where every request is from loopback; this catches the
    /// public listener without TLS (`server.allow_public_bind`).
    public var isInsecure: Bool {
        if isSecure { return false }
        guard let remoteAddress, let peer = PeerAddress(remoteAddress) else { return true }
        return !peer.isLoopback
    }
}
