import DAVCore
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// One Hummingbird application per configured listener, all feeding the same `DAVServer`.
enum HTTPService {
    static func applications(for config: Configuration, server: DAVServer, logger: Logger,
                             onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> [any Service] {
        FoundationZone.pinToGMT()
        let serverName = "pocketdav"
        return config.server.hosts.map { host in
            let responder = HummingbirdAdapter(server: server, maxRequestBody: config.server.maxRequestBody, isSecure: false)
            return Application(
                responder: responder,
                server: HTTPServerBuilder { responder in
                    DAVHTTPChannel(responder: responder, server: server,
                                   idleTimeout: .milliseconds(Int64(config.server.requestTimeout * 1000)),
                                   serverName: serverName)
                },
                configuration: ApplicationConfiguration(
                    address: .hostname(host.host, port: host.port), serverName: serverName,
                    availableConnectionsDelegate: MaximumAvailableConnections(config.server.maxConnections)),
                onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? host.port) },
                logger: logger)
        }
    }
}
