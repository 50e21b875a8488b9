import CGit2
import Glibc

/// Pushing the branch to the configured remote (git_remote_push on an anonymous remote, so the
/// repository's config is never touched). A plain push: a remote that has diverged refuses it,
/// and pocketdav reports that rather than overwrite history.
extension GitRepository {
    /// Pushes the branch; returns the commit the remote now has (`nil`: nothing to push yet).
    func push(to remote: GitRemoteOptions) throws -> GitOID? {
        guard let tip = try tip() else { return nil }
        if SSHHostKeyPin.isSSH(remote.url) && remote.sshHostKey == nil {
            throw GitError(code: -1, operation: "not pushing to \(remote.displayURL): set storage.git.ssh_host_key to its host key (ssh-keyscan HOST | ssh-keygen -lf -)")
        }
        let context = PushContext(credentials: try remote.credentials(), hostKey: remote.sshHostKey)
        var remoteHandle: OpaquePointer?
        try GitError.check(git_remote_create_anonymous(&remoteHandle, repositoryPointer, remote.url),
                           "opening the remote \(remote.displayURL)")
        defer { git_remote_free(remoteHandle) }
        var options = git_push_options()
        try GitError.check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "git_push_options_init")
        options.callbacks.credentials = { out, _, username, allowed, payload in
            guard let payload else { return GIT_PASSTHROUGH.rawValue }
            let context = Unmanaged<PushContext>.fromOpaque(payload).takeUnretainedValue()
            return context.credential(out, username: username.map { String(cString: $0) }, allowed: allowed)
        }
        options.callbacks.push_update_reference = { reference, status, payload in
            guard let status, let payload else { return 0 }
            let context = Unmanaged<PushContext>.fromOpaque(payload).takeUnretainedValue()
            context.rejection = "\(reference.map { String(cString: $0) } ?? "?"): \(String(cString: status))"
            return 0
        }
        options.callbacks.certificate_check = { certificate, _, _, payload in
            guard let certificate, let payload else { return GIT_PASSTHROUGH.rawValue }
            let context = Unmanaged<PushContext>.fromOpaque(payload).takeUnretainedValue()
            return context.check(certificate)
        }
        options.callbacks.payload = Unmanaged.passUnretained(context).toOpaque()
        let spec = strdup("\(branchRef):\(branchRef)")
        defer { free(spec) }
        var strings: [UnsafeMutablePointer<CChar>?] = [spec]
        let rc = strings.withUnsafeMutableBufferPointer { buffer in
            var refspecs = git_strarray(strings: buffer.baseAddress, count: 1)
            return withExtendedLifetime(context) { git_remote_push(remoteHandle, &refspecs, &options) }
        }
        try GitError.check(rc, "pushing to \(remote.displayURL)")
        if let rejection = context.rejection {
            throw GitError(code: -1, operation: "the remote \(remote.displayURL) refused \(rejection)")
        }
        return tip
    }
}

/// State shared with libgit2's push callbacks through their payload pointer.
private final class PushContext {
    let credentials: GitRemoteOptions.Credentials
    var attempts = 0
    var rejection: String?

    let hostKey: SSHHostKeyPin?

    init(credentials: GitRemoteOptions.Credentials, hostKey: SSHHostKeyPin?) {
        self.credentials = credentials
        self.hostKey = hostKey
    }

    /// An ssh host key must be the pinned one (libgit2 1.5 checks none itself); TLS certificates
    /// keep libgit2's own verdict (GIT_PASSTHROUGH).
    func check(_ certificate: UnsafeMutablePointer<git_cert>) -> Int32 {
        guard certificate.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else { return GIT_PASSTHROUGH.rawValue }
        let key = UnsafeRawPointer(certificate).assumingMemoryBound(to: git_cert_hostkey.self).pointee
        guard let hostKey, key.type.rawValue & GIT_CERT_SSH_SHA256.rawValue != 0 else { return GIT_ECERTIFICATE.rawValue }
        let digest = withUnsafeBytes(of: key.hash_sha256) { Array($0) }
        return hostKey.matches(sha256: digest) ? 0 : GIT_ECERTIFICATE.rawValue
    }

    /// Offers the configured key or token once: libgit2 asks again after a refusal, and a second
    /// offer of the same secret would only loop.
    func credential(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?, username: String?, allowed: UInt32) -> Int32 {
        attempts += 1
        guard attempts <= 2 else { return GIT_EAUTH.rawValue }
        if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
            return git_credential_username_new(out, username ?? "git")
        }
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0, let key = credentials.sshKeyFile {
            return git_credential_ssh_key_new(out, username ?? "git", nil, key, nil)
        }
        if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0, let token = credentials.token {
            return git_credential_userpass_plaintext_new(out, username ?? "pocketdav", token)
        }
        return GIT_PASSTHROUGH.rawValue
    }
}
