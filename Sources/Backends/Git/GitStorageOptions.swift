/// How `GitStorage` uses its repository. `storage.git` in the TOML configuration.
public struct GitStorageOptions: Sendable {
    /// `repository`: the repository's folder; a bare repository is created when nothing is there.
    public var repository: String
    /// `branch` (default "main"): the branch pocketdav commits to and pushes.
    public var branch: String
    /// fsync objects, packs and refs as they are written (default `true`). Turning it off risks
    /// losing acknowledged writes on power loss; for tests and benchmarks only.
    public var fsync: Bool
    /// `author_domain` (default "localhost"): commit authors are `<user>@<author_domain>`.
    public var authorDomain: String
    /// `gc_every` (default 1000): pack loose objects after this many commits, so the object
    /// folder does not grow without bound. 0 turns packing off.
    public var packEvery: Int
    /// `remote` and its credentials; `nil`: no pushing.
    public var remote: GitRemoteOptions?
    /// Create a bare repository when there is none (default `true`). The offline tools turn it
    /// off, so a mistyped path is an error rather than a new empty repository.
    public var createIfMissing = true

    public init(repository: String, branch: String = "main", fsync: Bool = true, authorDomain: String = "localhost",
                packEvery: Int = 1000, remote: GitRemoteOptions? = nil) {
        self.repository = repository
        self.branch = branch
        self.fsync = fsync
        self.authorDomain = authorDomain
        self.packEvery = packEvery
        self.remote = remote
    }
}

/// Where and how to push. Credentials are read from files or the environment at push time,
/// never from the configuration itself, and never logged.
public struct GitRemoteOptions: Sendable {
    /// `remote`: `file://…`, `ssh://…` / `user@host:path`, or `https://…`.
    public var url: String
    /// `ssh_key_file`: the private key for ssh remotes.
    public var sshKeyFile: String?
    /// `token_file`: a file holding the token for https remotes; without it the token comes from
    /// `POCKETDAV_GIT_TOKEN`.
    public var tokenFile: String?
    /// The token from the environment, when `tokenFile` is not set.
    public var environmentToken: String?
    /// `ssh_host_key`: the ssh server's key; ssh pushes go nowhere else.
    public var sshHostKey: SSHHostKeyPin?

    public init(url: String, sshKeyFile: String? = nil, tokenFile: String? = nil, environmentToken: String? = nil,
                sshHostKey: SSHHostKeyPin? = nil) {
        self.url = url
        self.sshKeyFile = sshKeyFile
        self.tokenFile = tokenFile
        self.environmentToken = environmentToken
        self.sshHostKey = sshHostKey
    }
}
