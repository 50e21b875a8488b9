import FoundationEssentials

extension GitRemoteOptions {
    /// What `GitRepository.push` may offer the remote, read now (so a rotated token file is
    /// picked up without a restart).
    struct Credentials: Sendable {
        var sshKeyFile: String?
        var token: String?
    }

    func credentials() throws -> Credentials {
        var token = environmentToken
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw GitError(code: -1, operation: "reading the token file \(tokenFile)")
            }
            // The first line, without surrounding blanks: `echo token > file` adds a newline.
            let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first ?? ""
            token = String(line.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        }
        return Credentials(sshKeyFile: sshKeyFile, token: token?.isEmpty == true ? nil : token)
    }

    /// The URL without any user information, for logs and `storage status` (a token pasted into
    /// the URL must not leak).
    public var displayURL: String {
        guard let scheme = url.firstRange(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + String(rest[rest.index(after: at)...])
    }
}
