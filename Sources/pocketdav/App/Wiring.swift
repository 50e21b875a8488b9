import AuthPlugins
import DAVCore
import FileSystemStorage
import GitStorage
import Logging
import PostgresStorage
import RightsPlugins
import ServiceLifecycle

/// The plugin registry: configuration → concrete plugins. An explicit `switch` per plugin kind;
/// adding a plugin means adding a case here and in `Configuration`.
public enum Wiring {
    /// The configured storage and the background services it needs (the git backend's pushing
    /// and packing), to run in the server's service group.
    public static func makeStorage(_ config: Configuration.Storage, logger: Logger) throws
        -> (storage: any Storage, services: [any Service])
    {
        switch config.type {
        case .filesystem:
            try FilesystemProbe.check(folder: config.filesystem.folder)
            return (try FileSystemStorage(folder: config.filesystem.folder, fsync: config.filesystem.fsync, logger: logger), [])
        case .postgres:
            // The connection pool and change-log retention run as the storage's own service.
            let configuration = try config.postgres.storageConfiguration(environment: ProcessEnvironment.variables)
            let storage = PostgresStorage(configuration: configuration, logger: logger)
            return (storage, [storage])
        case .git:
            let storage = try GitStorage(options: gitOptions(config.git, environment: ProcessEnvironment.variables),
                                         logger: logger)
            return (storage, [storage.maintenance])
        }
    }

    /// `[storage.git]` as `GitStorage` takes it; the https token comes from `token_file` or the
    /// environment, never from the configuration.
    public static func gitOptions(_ git: Configuration.Storage.Git, environment: [String: String]) -> GitStorageOptions {
        var options = GitStorageOptions(repository: git.repository, branch: git.branch, fsync: git.fsync,
                                        authorDomain: git.authorDomain, packEvery: git.gcEvery)
        if let url = git.remote, git.push {
            options.remote = GitRemoteOptions(url: url, sshKeyFile: git.sshKeyFile, tokenFile: git.tokenFile,
                                              environmentToken: environment["POCKETDAV_GIT_TOKEN"],
                                              sshHostKey: git.sshHostKey.flatMap(SSHHostKeyPin.init))
        }
        return options
    }

    /// The authenticator chain of `auth.type`, wrapped in the login cache.
    ///
    /// - Parameters:
    ///   - accounts: where `api_key` and `tofu` keep their records: the storage, when its type
    ///     is an `AccountStore`.
    ///   - source: the configuration file's name, for errors.
    ///   - reservedNames: names a first login (`tofu`) can never claim: the administrators'.
    public static func makeAuthenticator(_ config: Configuration.Auth, accounts: (any AccountStore)? = nil,
                                         reservedNames: Set<String> = ["admin"], source: String = "the configuration",
                                         logger: Logger) throws -> CachingAuthenticator {
        func store(for kind: Configuration.Auth.Kind) throws -> any AccountStore {
            guard let accounts else {
                throw ConfigError(file: source, key: "auth.type",
                                  "\"\(kind.rawValue)\" keeps its records in the storage, and this storage type cannot hold account records")
            }
            return accounts
        }
        let members: [any Authenticator] = try config.types.map { kind in
            switch kind {
            case .htpasswd:
                return try HtpasswdAuthenticator(
                    configuration: .init(file: config.htpasswd.file, allowPlaintext: config.htpasswd.allowPlaintext),
                    logger: logger)
            case .apiKey:
                let c = config.apiKey
                if c.allowInsecure { logger.warning("auth.api_key.allow_insecure: API keys are accepted without TLS") }
                return APIKeyAuthenticator(
                    configuration: .init(header: c.header, userHeader: c.userHeader, allowInsecure: c.allowInsecure),
                    store: try store(for: kind), logger: logger)
            case .tofu:
                let c = config.tofu
                if c.allowInsecure { logger.warning("auth.tofu.allow_insecure: passwords are accepted, and names claimed, without TLS") }
                return try makeTofu(c, reservedNames: reservedNames, store: try store(for: kind), logger: logger)
            case .remoteUser:
                return RemoteUserAuthenticator(
                    configuration: .init(header: config.remoteUser.header, trustedProxies: config.remoteUser.trustedProxies),
                    logger: logger)
            }
        }
        // The login cache and the failure delay wrap the whole chain (a decorator, not a base class).
        return CachingAuthenticator(
            wrapping: AuthenticatorChain(members), ttl: .milliseconds(Int64(config.cacheSeconds * 1000)),
            failureDelay: .milliseconds(Int64(config.failureDelay * 1000)))
    }

    /// `[auth.tofu]` as `TrustOnFirstUseAuthenticator` takes it, one place for the login chain and
    /// the admin API's account manager.
    static func makeTofu(_ c: Configuration.Auth.Tofu, reservedNames: Set<String>, store: any AccountStore,
                         logger: Logger) throws -> TrustOnFirstUseAuthenticator {
        try TrustOnFirstUseAuthenticator(
            configuration: .init(pattern: c.pattern, hash: c.hash, maxNewAccountsPerHour: c.maxNewAccountsPerHour,
                                 allowInsecure: c.allowInsecure, reservedNames: reservedNames),
            store: store, logger: logger)
    }

    /// Names a first login can never claim: the administrators (`[admin] users` and the admin
    /// group's name), or the first visitor could name themselves administrator.
    static func tofuReservedNames(_ config: Configuration) -> Set<String> {
        let role = config.admin.role(environment: ProcessEnvironment.variables)
        return role.users.union([role.group].compactMap { $0 })
    }

    /// The configured rights policy. `storage` is where the `acl` plugin keeps ACLs and, when the
    /// backend is also an `AccountStore`, its share index. A rights file is read and checked
    /// here, so a bad one stops the server (and `config check`) with its file and line.
    public static func makeRights(_ config: Configuration.Rights, storage: any Storage, logger: Logger) throws
        -> any RightsPolicy
    {
        switch config.type {
        case .ownerOnly: return OwnerOnlyRights()
        case .ownerWrite: return OwnerWriteRights()
        case .authenticated: return AuthenticatedRights()
        case .acl:
            let shares = storage as? any AccountStore
            if shares == nil {
                logger.warning("rights type acl: this storage keeps no account records, so shared collections are not listed in homes (ACLs are still enforced)")
            }
            return ACLRights(storage: storage, shares: shares, fallback: config.acl.ownerFallback)
        case .fromFile:
            return try loadRightsFile(config.fromFile, logger: logger)
        }
    }

    /// Reads and checks a Radicale rights file (`serve` and `config check`), so a bad one stops
    /// the server with its file and line.
    public static func loadRightsFile(_ config: Configuration.Rights.FromFile, logger: Logger) throws -> FromFileRights {
        let rights: FromFileRights
        do {
            rights = try FromFileRights(contentsOf: config.file)
        } catch {
            throw ConfigError(file: error.file, key: error.line == nil ? "rights.from_file.file" : nil,
                              line: error.line, error.message)
        }
        for warning in rights.warnings { logger.warning("\(warning)") }
        return rights
    }

    public static func serverConfiguration(_ config: Configuration) -> ServerConfiguration {
        var s = ServerConfiguration()
        s.realm = config.server.realm
        s.limits.maxRequestBody = config.server.maxRequestBody
        s.limits.maxResourceSize = config.server.maxResourceSize
        s.limits.recurrence.maxInstances = config.server.maxRecurrenceInstances
        s.limits.recurrence.deadline = .milliseconds(Int64(config.server.recurrenceTimeLimit * 1000))
        s.createPrincipalOnLogin = config.server.createPrincipalOnLogin
        s.createDefaultCollections = config.server.createDefaultCollections
        s.emailDomain = config.server.emailDomain
        s.reportCacheSize = config.server.reportCacheSize
        return s
    }

    /// The whole core, ready to serve, and the services its plugins need running beside it.
    public static func makeServer(_ config: Configuration, source: String = "the configuration", logger: Logger) throws
        -> (server: DAVServer, services: [any Service])
    {
        let storage = try makeStorage(config.storage, logger: logger)
        let accountStore = storage.storage as? any AccountStore
        let authenticator = try makeAuthenticator(config.auth, accounts: accountStore, reservedNames: tofuReservedNames(config),
                                                  source: source, logger: logger)
        // Password changes and deletions through the admin API end cached logins at once.
        let accounts = try makePasswordAccounts(config, accounts: accountStore, logger: logger)
            .map { CacheClearingAccounts(wrapping: $0, cache: authenticator) }
        let groups = makeGroups(accountStore, accounts: accounts)
        let server = DAVServer(storage: storage.storage, authenticator: authenticator,
                               rights: try makeRights(config.rights, storage: storage.storage, logger: logger),
                               groups: groups, admin: makeAdmin(config, groups: groups),
                               configuration: serverConfiguration(config), logger: logger)
        return (server, storage.services)
    }

    /// The password accounts the admin API and `pocketdav user` manage: those of the first type
    /// in `auth.type` that keeps passwords, or `nil` when none does.
    public static func makePasswordAccounts(_ config: Configuration, accounts: (any AccountStore)? = nil,
                                            logger: Logger = Logger(label: "pocketdav")) throws -> (any PasswordAccounts)? {
        for kind in config.auth.types {
            switch kind {
            case .htpasswd:
                return HtpasswdAccounts(file: config.auth.htpasswd.file)
            case .tofu:
                // The admin API manages trust-on-first-use accounts in the same records.
                // Reserved names bind first logins only; an administrator may create any name.
                guard let accounts else { return nil }
                return try makeTofu(config.auth.tofu, reservedNames: [], store: accounts, logger: logger)
            case .apiKey, .remoteUser:
                continue
            }
        }
        return nil
    }

    /// Groups in the storage's account store; `nil` when the backend keeps no account records.
    public static func makeGroups(_ store: (any AccountStore)?, accounts: (any PasswordAccounts)?) -> GroupStore? {
        store.map { GroupStore(store: $0, users: accounts) }
    }

    /// The `/.admin/` API, unless `[admin] enabled = false` or there is no group store.
    public static func makeAdmin(_ config: Configuration, groups: GroupStore?) -> AdminAPI? {
        guard config.admin.enabled, let groups else { return nil }
        return AdminAPI(accounts: groups.users, groups: groups,
                        role: config.admin.role(environment: ProcessEnvironment.variables))
    }
}
