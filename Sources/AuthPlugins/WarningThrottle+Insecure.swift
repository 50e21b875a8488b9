import DAVCore
import Logging

extension WarningThrottle {
    /// Whether a secret-bearing request must be refused because it came without TLS from a
    /// non-loopback peer and the plugin's `allow_insecure` is off; logs why, once a minute per
    /// peer. The caller answers `.rejected`.
    func refusesInsecure(_ credentials: Credentials, allowInsecure: Bool, logger: Logger, what: String) -> Bool {
        guard credentials.isInsecure, !allowInsecure else { return false }
        let peer = credentials.remoteAddress ?? "unknown"
        if shouldWarn(about: peer) {
            logger.warning("Refusing \(what) sent without TLS from a non-loopback address", metadata: ["peer": "\(peer)"])
        }
        return true
    }
}
