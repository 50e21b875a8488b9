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
        return config.server.hosts.map { host in
            let responder = HummingbirdAdapter(server: server, maxRequestBody: config.server.maxRequestBody, isSecure: false)
            return Application(
                responder: responder,
                server: .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler()],
                                                    idleTimeout: .milliseconds(Int64(config.server.requestTimeout * 1000)))),
                configuration: ApplicationConfiguration(
                    address: .hostname(host.host, port: host.port), serverName: "pocketdav",
                    availableConnectionsDelegate: MaximumAvailableConnections(config.server.maxConnections)),
                onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? host.port) },
                logger: logger)
        }
    }
}
