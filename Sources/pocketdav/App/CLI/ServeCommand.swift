import ArgumentParser
import AuthPlugins
import DAVCore
import Logging
import ServiceLifecycle
import UnixSignals

/// `pocketdav serve`: runs the server until SIGTERM/SIGINT, then finishes in-flight requests.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the server.")

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let config: Configuration
        do { config = try options.load() } catch { throw CLIFailure("\(error)") }
        let logger = LogSetup.bootstrapStderr(level: config.logging.level)
        do {
            try await Self.serve(config, source: options.config ?? "the embedded default", logger: logger)
        } catch let error as CLIFailure {
            throw error
        } catch {
            logger.critical("cannot start: \(error)")
            throw ExitCode(1)
        }
    }

    static func serve(_ config: Configuration, source: String = "the configuration", logger: Logger) async throws {
        if config.auth.types.contains(.htpasswd) {
            let seeded = try await HtpasswdSeeding.seedIfMissing(path: config.auth.htpasswd.file,
                                                           environment: ProcessEnvironment.variables)
            logger.notice("htpasswd file", metadata: ["file": "\(config.auth.htpasswd.file)", "seeding": "\(seeded)"])
        }
        let (server, storageServices) = try Wiring.makeServer(config, source: source, logger: logger)
        let applications = HTTPService.applications(for: config, server: server, logger: logger) { port in
            logger.notice("listening", metadata: ["port": "\(port)"])
        }
        // Storage services first: a ServiceGroup stops in reverse order, so the listeners finish
        // their requests before the database pool closes.
        let group = ServiceGroup(configuration: .init(
            services: (storageServices + applications).map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}

struct CLIFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
