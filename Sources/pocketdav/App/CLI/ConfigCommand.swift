import ArgumentParser
import Logging

/// `pocketdav config check FILE`: validates a configuration without starting anything.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Configuration tools.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a TOML configuration file.")

        @Argument(help: "The TOML file.") var file: String

        func run() async throws {
            do {
                let config = try Configuration.load(file: file)
                try config.validate(name: file)
                // Plugins with files of their own (a rights file) check them the way `serve` would.
                if config.rights.type == .fromFile {
                    _ = try Wiring.loadRightsFile(config.rights.fromFile, logger: LogSetup.bootstrapStderr(level: .warning))
                }
                print("\(file): OK (storage \(config.storage.type.rawValue), auth \(config.auth.types.map(\.rawValue)), rights \(config.rights.type.rawValue), listening on \(config.server.hosts.map(\.description).joined(separator: ", ")))")
            } catch {
                throw CLIFailure("\(error)")
            }
        }
    }
}
