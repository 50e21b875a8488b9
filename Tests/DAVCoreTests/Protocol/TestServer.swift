import DAVCore
import DAVTesting
import Logging
import RightsPlugins

/// A server around `MemoryStorage` with two users, alice and bob, and the given rights.
enum TestServer {
    static func make(rights: any RightsPolicy = OwnerOnlyRights(), configure: (inout ServerConfiguration) -> Void = { _ in })
        -> DAVServer
    {
        var configuration = ServerConfiguration()
        configure(&configuration)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return DAVServer(storage: MemoryStorage(), authenticator: StaticAuthenticator(["alice": "pa", "bob": "pb"]),
                         rights: rights, configuration: configuration, logger: logger)
    }

    static func alice(_ server: DAVServer = make()) -> DAVTestClient { DAVTestClient(server: server, user: "alice", password: "pa") }
}
