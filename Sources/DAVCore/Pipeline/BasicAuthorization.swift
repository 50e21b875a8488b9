import FoundationEssentials

/// Extracts credentials from the request headers (RFC 7617 Basic, RFC 6750 Bearer).
enum BasicAuthorization {
    static func credentials(from request: DAVRequest, credentialHeaders: Set<String>) -> Credentials {
        var credentials = Credentials(headers: request.headers, remoteAddress: request.remoteAddress,
                                      isSecure: request.isSecure, credentialHeaders: credentialHeaders)
        guard let value = request.header("authorization") else { return credentials }
        let trimmed = Substring(value).trimmingWhitespace()
        // Searched by byte, not by Character: every authenticated request comes here.
        guard let space = trimmed.utf8.firstIndex(of: UInt8(ascii: " ")) else { return credentials }
        let scheme = trimmed[..<space].lowercased()
        let token = trimmed[trimmed.utf8.index(after: space)...].trimmingWhitespace()
        switch scheme {
        case "basic":
            guard let bytes = Base64.decode(token), let decoded = String(validating: bytes, as: UTF8.self),
                  let colon = decoded.utf8.firstIndex(of: UInt8(ascii: ":")) else { return credentials }
            // The password is every byte after the first colon (RFC 7617 §2), a combining mark too.
            credentials.basic = (String(decoded[..<colon]), String(decoded[decoded.utf8.index(after: colon)...]))
        case "bearer":
            credentials.bearer = String(token)
        default:
            break
        }
        return credentials
    }
}
