import AuthPlugins
import DAVCore
import Logging
import PostgresStorage
import RightsPlugins

/// pocketdav's whole configuration, decoded from TOML into one typed value per section.
/// `docs/configuration.md` lists every key; `Configuration+TOML.swift` reads them.
public struct Configuration: Sendable {
    public var server = Server()
    public var auth = Auth()
    public var rights = Rights()
    public var storage = Storage()
    public var logging = Logging()
    public var admin = Admin()

    public init() {}

    /// `[server]`.
    public struct Server: Sendable {
        /// `hosts` (list of "addr:port", default `["127.0.0.1:5232"]`).
        public var hosts: [HostAddress] = [HostAddress(host: "127.0.0.1", port: 5232)]
        /// `allow_public_bind` (bool, default false). Without TLS in front, a non-loopback listener
        /// sends passwords in clear text; pocketdav refuses one unless this is set.
        public var allowPublicBind = false
        /// `max_connections` (int, default 64).
        public var maxConnections = 64
        /// `max_request_body` (bytes, default 32 MiB): larger bodies get 413.
        public var maxRequestBody = 32 << 20
        /// `max_resource_size` (bytes, default 10 MiB): larger objects are refused.
        public var maxResourceSize = 10 << 20
        /// `max_recurrence_instances` (int, default 20000): instances one object may expand to per query.
        public var maxRecurrenceInstances = 20_000
        /// `recurrence_time_limit` (seconds, default 2): the time one object's expansion may take.
        public var recurrenceTimeLimit: Double = 2
        /// `request_timeout` (seconds, default 30): idle connections are closed after it.
        public var requestTimeout: Double = 30
        /// `report_cache_size` (bytes, default 8 MiB): repeated query answers kept; 0 disables.
        public var reportCacheSize = 8 << 20
        /// `realm` (string, default "pocketdav").
        public var realm = "pocketdav"
        /// `create_principal_on_login` (bool, default true).
        public var createPrincipalOnLogin = true
        /// `create_default_collections` (bool, default true).
        public var createDefaultCollections = true
        /// `email_domain` (string, default unset).
        public var emailDomain: String?
    }

    /// `[auth]`.
    public struct Auth: Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            case htpasswd, apiKey = "api_key", tofu, remoteUser = "remote_user"
        }
        /// `type` (list, tried in order; default `["htpasswd"]`).
        public var types: [Kind] = [.htpasswd]
        /// `cache_seconds` (number, default 30): how long a successful login is remembered.
        public var cacheSeconds: Double = 30
        /// `failure_delay` (seconds, default 1): every failed login takes this long.
        public var failureDelay: Double = 1
        /// `[auth.htpasswd]`.
        public var htpasswd = Htpasswd()
        /// `[auth.api_key]`.
        public var apiKey = ApiKey()
        /// `[auth.tofu]`.
        public var tofu = Tofu()
        /// `[auth.remote_user]`.
        public var remoteUser = RemoteUser()

        public struct Htpasswd: Sendable {
            /// `file` (path, default `./data/users`).
            public var file = "./data/users"
            /// `allow_plaintext` (bool, default false): plain-text lines are a password leak
            /// waiting to happen; only for migration.
            public var allowPlaintext = false
        }

        public struct ApiKey: Sendable {
            /// `header` (string, default "X-Api-Key"); `Authorization: Bearer` works too.
            public var header = "X-Api-Key"
            /// `user_header` (string, default "X-Forwarded-User"): whom a service key acts for.
            public var userHeader = "X-Forwarded-User"
            /// `allow_insecure` (bool, default false): accept keys without TLS from non-loopback
            /// peers, where anyone on the path can copy them.
            public var allowInsecure = false
        }

        public struct Tofu: Sendable {
            /// `pattern` (regex, default `[A-Za-z0-9._-]+`): a new name must match it in full.
            public var pattern = "[A-Za-z0-9._-]+"
            /// `hash` ("bcrypt" or "argon2", default "bcrypt"): for new passwords.
            public var hash: TrustOnFirstUseAuthenticator.HashAlgorithm = .bcrypt
            /// `max_new_accounts_per_hour` (int, default 10; 0 closes sign-up).
            public var maxNewAccountsPerHour = 10
            /// `allow_insecure` (bool, default false): accept logins, and so first logins that
            /// claim names, without TLS from non-loopback peers.
            public var allowInsecure = false
        }

        public struct RemoteUser: Sendable {
            /// `header` (string, default "X-Remote-User").
            public var header = "X-Remote-User"
            /// `trusted_proxies` (list of IP addresses, required with "remote_user"): the only
            /// peers whose header is believed; from anyone else it would be an impersonation.
            public var trustedProxies: [PeerAddress] = []
        }
    }

    /// `[rights]`.
    public struct Rights: Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            case ownerOnly = "owner_only", ownerWrite = "owner_write", authenticated
            case acl
            case fromFile = "from_file"
        }
        /// `type` (default "owner_only").
        public var type: Kind = .ownerOnly
        /// `[rights.acl]`.
        public var acl = ACL()
        /// `[rights.from_file]`.
        public var fromFile = FromFile()

        public struct FromFile: Sendable {
            /// `file` (path, default `./data/rights`): rules in Radicale's rights file syntax,
            /// read and checked at startup. A loose regex grants more than intended; see
            /// docs/rights.md.
            public var file = "./data/rights"
        }

        public struct ACL: Sendable {
            /// `owner_fallback` (owner_only, owner_write, authenticated; default "owner_only"):
            /// what other users get where no ACL grants them anything. Anything but
            /// owner_only opens every space to every account, whatever the ACLs say.
            public var ownerFallback: ACLRights.Fallback = .ownerOnly
        }
    }

    /// `[storage]`.
    public struct Storage: Sendable {
        public enum Kind: String, Sendable, CaseIterable { case filesystem, git, postgres }
        /// `type` (default "filesystem").
        public var type: Kind = .filesystem
        /// `[storage.filesystem]`.
        public var filesystem = FileSystem()
        /// `[storage.postgres]`.
        public var postgres = Postgres()
        /// `[storage.git]`.
        public var git = Git()

        public struct FileSystem: Sendable {
            /// `folder` (path, default `./data/collections`).
            public var folder = "./data/collections"
            /// `fsync` (bool, default true): turning it off risks losing acknowledged writes.
            public var fsync = true
        }

        public struct Postgres: Sendable {
            /// `url` (string, `postgres://user@host:port/database`, required with type "postgres").
            /// A password in it is refused: it would leak through backups and process lists.
            public var url: PostgresURL?
            /// `password_file` (path, default unset): the password is its first line. Without it,
            /// the `PGPASSWORD` environment variable is used, if set. The password is never logged.
            public var passwordFile: String?
            /// `pool_size` (int, default 10): connections kept to the server at most.
            public var poolSize = 10
            /// `tls` (disable, prefer, require; default "prefer").
            public var tls: PostgresStorage.Configuration.TLSMode = .prefer
            /// `schema` (string, default "public").
            public var schema = "public"
            /// `change_retention_days` (int, default 90; 0 keeps deletions for ever).
            public var changeRetentionDays = 90
        }

        public struct Git: Sendable {
            /// `repository` (path, default `./data/collections.git`): created as a bare repository
            /// when missing.
            public var repository = "./data/collections.git"
            /// `branch` (string, default "main").
            public var branch = "main"
            /// `remote` (URL, default unset): `file://`, `ssh://` or `https://`. Credentials never
            /// go in it; `validate` refuses a password or token in the URL.
            public var remote: String?
            /// `ssh_key_file` (path, default unset): private key for an ssh remote.
            public var sshKeyFile: String?
            /// `ssh_host_key` (string, default unset): the ssh remote's host key fingerprint
            /// (`SHA256:…`). libgit2 1.5 checks ssh host keys against nothing, so an ssh remote
            /// without it could be impersonated and handed every calendar: `validate` refuses that.
            public var sshHostKey: String?
            /// `token_file` (path, default unset): token for an https remote; without it the token
            /// comes from `POCKETDAV_GIT_TOKEN`.
            public var tokenFile: String?
            /// `push` (bool, default true): push after commits when `remote` is set.
            public var push = true
            /// `gc_every` (commits, default 1000; 0 = never): pack loose objects this often.
            public var gcEvery = 1000
            /// `author_domain` (string, default "localhost"): authors are `<user>@<author_domain>`.
            public var authorDomain = "localhost"
            /// `fsync` (bool, default true): turning it off risks losing acknowledged writes.
            public var fsync = true
        }
    }

    /// `[admin]`: who may use the `/.admin/` HTTP API (`AdminAPI`). Admins can create and
    /// delete accounts and reset anyone's password, so the default is one named account only.
    public struct Admin: Sendable {
        /// `users` (list of user names; default unset: the `ADMIN_USER` environment variable if
        /// set, else `["admin"]`).
        public var users: [String]?
        /// `group` (string, default unset): members of this group are admins too.
        public var group: String?
        /// `enabled` (bool, default true): false answers 404 under `/.admin/`.
        public var enabled = true

        /// The admin role, with `users` defaulted from `environment`.
        public func role(environment: [String: String]) -> AdminRole {
            let named = users ?? [environment["ADMIN_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "admin"]
            return AdminRole(users: Set(named), group: group)
        }
    }

    /// `[logging]`.
    public struct Logging: Sendable {
        /// `level` (trace, debug, info, notice, warning, error, critical; default "info").
        public var level: Logger.Level = .info
    }
}

/// An "addr:port" listener address.
public struct HostAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `127.0.0.1:5232`, `[::1]:5232` or `localhost:5232`.
    public init?(parsing s: String) {
        guard let colon = s.lastIndex(of: ":"), let port = Int(s[s.index(after: colon)...]), (1...65535).contains(port) else {
            return nil
        }
        var host = String(s[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }

    /// Loopback only: 127.0.0.0/8, ::1, localhost.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
