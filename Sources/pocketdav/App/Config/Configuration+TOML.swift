import AuthPlugins
import DAVCore
import FoundationEssentials
import GitStorage
import Logging
import PostgresStorage
import RightsPlugins
import TOMLKit

extension Configuration {
    /// The embedded default: the phone profile (filesystem + htpasswd + owner_only on
    /// 127.0.0.1:5232, data under ./data).
    public static let embeddedDefault = Configuration()

    /// Loads and validates a TOML file. Relative paths in it are taken relative to the file's folder.
    public static func load(file path: String) throws -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ConfigError(file: path, "not UTF-8 text") }
        var config = try parse(text, name: path)
        let base = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        config.resolvePaths(relativeTo: base)
        return config
    }

    /// Parses TOML text; `name` labels error messages.
    public static func parse(_ text: String, name: String) throws -> Configuration {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ConfigError(file: name, line: e.source.begin.line, "TOML syntax error: \(e.description)")
        }
        let root = ConfigReader(table: table, section: "", source: ConfigSource(name: name, text: text))
        var config = Configuration()
        if let s = try root.table("server") { try config.server.read(s) }
        if let s = try root.table("auth") { try config.auth.read(s) }
        if let s = try root.table("rights") {
            config.rights.type = try s.choice("type", as: Rights.Kind.self) ?? config.rights.type
            if let a = try s.table("acl") { try config.rights.acl.read(a) }
            if let f = try s.table("from_file") {
                config.rights.fromFile.file = try f.string("file") ?? config.rights.fromFile.file
                try f.rejectUnknownKeys()
            }
            try s.rejectUnknownKeys()
        }
        if let s = try root.table("storage") { try config.storage.read(s) }
        if let s = try root.table("admin") { try config.admin.read(s) }
        if let s = try root.table("logging") {
            if let level = try s.string("level") {
                guard let l = Logger.Level(rawValue: level) else { throw s.error("level", "'\(level)' is not a log level") }
                config.logging.level = l
            }
            try s.rejectUnknownKeys()
        }
        try root.rejectUnknownKeys()
        return config
    }

    mutating func resolvePaths(relativeTo base: String) {
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : "\(base)/\(p)" }
        auth.htpasswd.file = resolve(auth.htpasswd.file)
        rights.fromFile.file = resolve(rights.fromFile.file)
        storage.filesystem.folder = resolve(storage.filesystem.folder)
        storage.postgres.passwordFile = storage.postgres.passwordFile.map(resolve)
        storage.git.repository = resolve(storage.git.repository)
        storage.git.sshKeyFile = storage.git.sshKeyFile.map(resolve)
        storage.git.tokenFile = storage.git.tokenFile.map(resolve)
    }
}

extension Configuration.Server {
    mutating func read(_ r: ConfigReader) throws {
        if let hosts = try r.strings("hosts") {
            guard !hosts.isEmpty else { throw r.error("hosts", "needs at least one \"addr:port\"") }
            self.hosts = try hosts.map { h in
                guard let a = HostAddress(parsing: h) else { throw r.error("hosts", "'\(h)' is not \"addr:port\"") }
                return a
            }
        }
        allowPublicBind = try r.bool("allow_public_bind") ?? allowPublicBind
        maxConnections = try r.int("max_connections", range: 1...100_000) ?? maxConnections
        maxRequestBody = try r.int("max_request_body", range: 1024...(1 << 34)) ?? maxRequestBody
        maxResourceSize = try r.int("max_resource_size", range: 1024...(1 << 34)) ?? maxResourceSize
        maxRecurrenceInstances = try r.int("max_recurrence_instances", range: 10...10_000_000) ?? maxRecurrenceInstances
        recurrenceTimeLimit = try r.double("recurrence_time_limit", range: 0.01...60) ?? recurrenceTimeLimit
        requestTimeout = try r.double("request_timeout", range: 1...3600) ?? requestTimeout
        reportCacheSize = try r.int("report_cache_size", range: 0...(1 << 34)) ?? reportCacheSize
        realm = try r.string("realm") ?? realm
        createPrincipalOnLogin = try r.bool("create_principal_on_login") ?? createPrincipalOnLogin
        createDefaultCollections = try r.bool("create_default_collections") ?? createDefaultCollections
        emailDomain = try r.string("email_domain") ?? emailDomain
        try r.rejectUnknownKeys()
    }
}

extension Configuration.Auth {
    mutating func read(_ r: ConfigReader) throws {
        if let names = try r.strings("type") {
            guard !names.isEmpty else { throw r.error("type", "needs at least one authenticator") }
            types = try names.map { n in
                guard let k = Kind(rawValue: n) else {
                    throw r.error("type", "'\(n)' is not one of: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return k
            }
        }
        cacheSeconds = try r.double("cache_seconds", range: 0...86_400) ?? cacheSeconds
        failureDelay = try r.double("failure_delay", range: 0...60) ?? failureDelay
        if let h = try r.table("htpasswd") {
            htpasswd.file = try h.string("file") ?? htpasswd.file
            htpasswd.allowPlaintext = try h.bool("allow_plaintext") ?? htpasswd.allowPlaintext
            try h.rejectUnknownKeys()
        }
        if let a = try r.table("api_key") { try apiKey.read(a) }
        if let t = try r.table("tofu") { try tofu.read(t) }
        if let u = try r.table("remote_user") { try remoteUser.read(u) }
        try r.rejectUnknownKeys()
        try checkCombinations(r)
    }

    /// Plugin settings that are fine alone but not with this `type` list.
    private func checkCombinations(_ r: ConfigReader) throws {
        if types.contains(.remoteUser), remoteUser.trustedProxies.isEmpty {
            throw ConfigError(file: r.source.name, key: "auth.remote_user.trusted_proxies",
                              "[auth.remote_user] trusted_proxies must list the proxies' addresses when auth.type includes \"remote_user\": the header is believed only from them")
        }
        // A first login claims any unknown name, so htpasswd after tofu would never see its users'
        // first logins: anyone could take their names.
        if let t = types.firstIndex(of: .tofu), let h = types.lastIndex(of: .htpasswd), h > t {
            throw r.error("type", "\"tofu\" must come after \"htpasswd\": it claims every name it sees first")
        }
    }

    /// An HTTP header name (RFC 9110 §5.1 token) that is not one pocketdav reads for itself.
    static func checkHeaderName(_ r: ConfigReader, key: String, _ name: String) throws {
        let tchar = Set("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        guard !name.isEmpty, name.allSatisfy(tchar.contains) else { throw r.error(key, "'\(name)' is not an HTTP header name") }
        let reserved = ["authorization", "host", "content-type", "content-length", "cookie", "depth", "destination"]
        guard !reserved.contains(name.lowercased()) else { throw r.error(key, "'\(name)' is a header pocketdav already reads for itself") }
    }
}

extension Configuration.Auth.ApiKey {
    mutating func read(_ r: ConfigReader) throws {
        header = try r.string("header") ?? header
        try Configuration.Auth.checkHeaderName(r, key: "header", header)
        userHeader = try r.string("user_header") ?? userHeader
        try Configuration.Auth.checkHeaderName(r, key: "user_header", userHeader)
        guard header.lowercased() != userHeader.lowercased() else { throw r.error("user_header", "must differ from header") }
        allowInsecure = try r.bool("allow_insecure") ?? allowInsecure
        try r.rejectUnknownKeys()
    }
}

extension Configuration.Auth.Tofu {
    mutating func read(_ r: ConfigReader) throws {
        if let text = try r.string("pattern") {
            do {
                _ = try TrustOnFirstUseAuthenticator.compile(text)
            } catch {
                throw r.error("pattern", "\(error)")
            }
            pattern = text
        }
        hash = try r.choice("hash", as: TrustOnFirstUseAuthenticator.HashAlgorithm.self) ?? hash
        maxNewAccountsPerHour = try r.int("max_new_accounts_per_hour", range: 0...100_000) ?? maxNewAccountsPerHour
        allowInsecure = try r.bool("allow_insecure") ?? allowInsecure
        try r.rejectUnknownKeys()
    }
}

extension Configuration.Auth.RemoteUser {
    mutating func read(_ r: ConfigReader) throws {
        header = try r.string("header") ?? header
        try Configuration.Auth.checkHeaderName(r, key: "header", header)
        if let addresses = try r.strings("trusted_proxies") {
            trustedProxies = try addresses.map { text in
                guard let address = PeerAddress(text) else {
                    throw r.error("trusted_proxies", "'\(text)' is not an IP address (host names and networks are not accepted)")
                }
                return address
            }
        }
        try r.rejectUnknownKeys()
    }
}

extension Configuration.Admin {
    mutating func read(_ r: ConfigReader) throws {
        if let names = try r.strings("users") {
            if let bad = names.first(where: { !UserName.isValid($0) }) {
                throw r.error("users", "'\(bad)' is not a valid user name")
            }
            users = names
        }
        if let name = try r.string("group") {
            guard UserName.isValid(name) else { throw r.error("group", "'\(name)' is not a valid group name") }
            group = name
        }
        enabled = try r.bool("enabled") ?? enabled
        try r.rejectUnknownKeys()
    }
}

extension Configuration.Rights.ACL {
    mutating func read(_ r: ConfigReader) throws {
        ownerFallback = try r.choice("owner_fallback", as: ACLRights.Fallback.self) ?? ownerFallback
        try r.rejectUnknownKeys()
    }
}

extension Configuration.Storage {
    mutating func read(_ r: ConfigReader) throws {
        type = try r.choice("type", as: Kind.self) ?? type
        if let f = try r.table("filesystem") {
            filesystem.folder = try f.string("folder") ?? filesystem.folder
            filesystem.fsync = try f.bool("fsync") ?? filesystem.fsync
            try f.rejectUnknownKeys()
        }
        if let g = try r.table("git") { try git.read(g) }
        if let p = try r.table("postgres") { try postgres.read(p) }
        try r.rejectUnknownKeys()
        if type == .postgres && postgres.url == nil {
            throw ConfigError(file: r.source.name, key: "storage.postgres.url", "is required with storage.type = \"postgres\"")
        }
    }
}

extension Configuration.Storage.Postgres {
    mutating func read(_ r: ConfigReader) throws {
        if let text = try r.string("url") {
            do {
                url = try PostgresURL(parsing: text)
            } catch {
                throw r.error("url", "\(error)")
            }
        }
        passwordFile = try r.string("password_file") ?? passwordFile
        poolSize = try r.int("pool_size", range: 1...1000) ?? poolSize
        tls = try r.choice("tls", as: PostgresStorage.Configuration.TLSMode.self) ?? tls
        if let name = try r.string("schema") {
            guard PostgresStorage.Configuration.isValidSchema(name) else {
                throw r.error("schema", "'\(name)' is not a schema name pocketdav accepts (lower-case letters, digits and _)")
            }
            schema = name
        }
        changeRetentionDays = try r.int("change_retention_days", range: 0...36_500) ?? changeRetentionDays
        try r.rejectUnknownKeys()
    }
}

extension Configuration.Storage.Git {
    mutating func read(_ r: ConfigReader) throws {
        repository = try r.string("repository") ?? repository
        branch = try r.string("branch") ?? branch
        remote = try r.string("remote") ?? remote
        if let remote, Self.hasSecret(in: remote) {
            throw r.error("remote", "holds a password or token; put the token in token_file or POCKETDAV_GIT_TOKEN instead, the configuration is not a secret store")
        }
        sshKeyFile = try r.string("ssh_key_file") ?? sshKeyFile
        sshHostKey = try r.string("ssh_host_key") ?? sshHostKey
        if let sshHostKey, SSHHostKeyPin(sshHostKey) == nil {
            throw r.error("ssh_host_key", "'\(sshHostKey)' is not a SHA256:… fingerprint (ssh-keyscan HOST | ssh-keygen -lf -)")
        }
        tokenFile = try r.string("token_file") ?? tokenFile
        push = try r.bool("push") ?? push
        gcEvery = try r.int("gc_every", range: 0...1_000_000) ?? gcEvery
        authorDomain = try r.string("author_domain") ?? authorDomain
        fsync = try r.bool("fsync") ?? fsync
        try r.rejectUnknownKeys()
    }

    /// `https://user:secret@host/…`: user information with a password part.
    static func hasSecret(in url: String) -> Bool {
        guard let scheme = url.firstRange(of: "://") else { return false }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        guard let at = authority.lastIndex(of: "@") else { return false }
        return authority[..<at].contains(":")
    }
}

extension Configuration {
    /// Checks combinations that are individually valid but unsafe together.
    public func validate(name: String) throws {
        let git = storage.git
        if storage.type == .git, git.push, let remote = git.remote, SSHHostKeyPin.isSSH(remote), git.sshHostKey == nil {
            throw ConfigError(file: name, key: "storage.git.ssh_host_key",
                              "\(remote) is an ssh remote: pin its host key (ssh-keyscan HOST | ssh-keygen -lf -), or pocketdav could push your data to an impostor")
        }
        for host in server.hosts where !host.isLoopback && !server.allowPublicBind {
            throw ConfigError(file: name, key: "server.hosts",
                              "\(host) is not a loopback address; pocketdav has no TLS of its own yet, so it listens only on loopback behind a TLS proxy. Set server.allow_public_bind = true to override.")
        }
    }
}
