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

    public static func makeAuthenticator(_ config: Configuration.Auth, logger: Logger) throws -> any Authenticator {
        let members: [any Authenticator] = try config.types.map { kind in
            switch kind {
            case .htpasswd:
                return try HtpasswdAuthenticator(
                    configuration: .init(file: config.htpasswd.file, allowPlaintext: config.htpasswd.allowPlaintext),
                    logger: logger)
            }
        }
        // The login cache and the failure delay wrap the whole chain (a decorator, not a base class).
        return CachingAuthenticator(
            wrapping: AuthenticatorChain(members), ttl: .milliseconds(Int64(config.cacheSeconds * 1000)),
            failureDelay: .milliseconds(Int64(config.failureDelay * 1000)))
    }

    /// The configured rights policy. A rights file is read and checked here, so a bad one stops
    /// the server (and `config check`) with its file and line.
    public static func makeRights(_ config: Configuration.Rights, logger: Logger) throws -> any RightsPolicy {
        switch config.type {
        case .ownerOnly: return OwnerOnlyRights()
        case .ownerWrite: return OwnerWriteRights()
        case .authenticated: return AuthenticatedRights()
        case .fromFile:
            let rights: FromFileRights
            do {
                rights = try FromFileRights(contentsOf: config.fromFile.file)
            } catch {
                throw ConfigError(file: error.file, key: error.line == nil ? "rights.from_file.file" : nil,
                                  line: error.line, error.message)
            }
            for warning in rights.warnings { logger.warning("\(warning)") }
            return rights
        }
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
        return s
    }

    /// The whole core, ready to serve, and the services its plugins need running beside it.
    public static func makeServer(_ config: Configuration, logger: Logger) throws
        -> (server: DAVServer, services: [any Service])
    {
        let storage = try makeStorage(config.storage, logger: logger)
        let server = DAVServer(storage: storage.storage, authenticator: try makeAuthenticator(config.auth, logger: logger),
                               rights: try makeRights(config.rights, logger: logger), configuration: serverConfiguration(config), logger: logger)
        return (server, storage.services)
    }
}
