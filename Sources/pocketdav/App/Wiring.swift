import AuthPlugins
import DAVCore
import FileSystemStorage
import Logging
import PostgresStorage
import RightsPlugins
import ServiceLifecycle

/// The plugin registry: configuration → concrete plugins. An explicit `switch` per plugin kind;
/// adding a plugin means adding a case here and in `Configuration`.
public enum Wiring {
    public static func makeStorage(_ config: Configuration.Storage, logger: Logger) throws -> any Storage {
        switch config.type {
        case .filesystem:
            try FilesystemProbe.check(folder: config.filesystem.folder)
            return try FileSystemStorage(folder: config.filesystem.folder, fsync: config.filesystem.fsync, logger: logger)
        case .postgres:
            let configuration = try config.postgres.storageConfiguration(environment: ProcessEnvironment.variables)
            return PostgresStorage(configuration: configuration, logger: logger)
        }
    }

    /// The storage's long-running work (PostgreSQL's connection pool and change-log retention),
    /// to run in the server's `ServiceGroup` before the listeners, so it stops after them.
    public static func services(for storage: any Storage) -> [any Service] {
        (storage as? any Service).map { [$0] } ?? []
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

    public static func makeRights(_ config: Configuration.Rights) -> any RightsPolicy {
        switch config.type {
        case .ownerOnly: OwnerOnlyRights()
        case .ownerWrite: OwnerWriteRights()
        case .authenticated: AuthenticatedRights()
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

    /// The whole core, ready to serve.
    public static func makeServer(_ config: Configuration, logger: Logger) throws -> DAVServer {
        try makeServer(config, storage: try makeStorage(config.storage, logger: logger), logger: logger)
    }

    /// The whole core around an already built storage (whose `services(for:)` the caller runs).
    public static func makeServer(_ config: Configuration, storage: any Storage, logger: Logger) throws -> DAVServer {
        DAVServer(storage: storage,
                  authenticator: try makeAuthenticator(config.auth, logger: logger),
                  rights: makeRights(config.rights), configuration: serverConfiguration(config), logger: logger)
    }
}
