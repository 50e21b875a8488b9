import ArgumentParser

/// `pocketdav`: the server and its offline tools.
public struct PocketDAVCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pocketdav",
        abstract: "A CalDAV/CardDAV server.",
        subcommands: [ServeCommand.self, ConfigCommand.self, UserCommand.self, GroupCommand.self, APIKeyCommand.self, StorageCommand.self],
        defaultSubcommand: ServeCommand.self)

    public init() {}
}

/// `--config FILE`, shared by the subcommands that read the configuration.
struct ConfigOption: ParsableArguments {
    @Option(name: .shortAndLong, help: "TOML configuration file (default: the embedded phone profile).")
    var config: String?

    func load() throws -> Configuration {
        guard let config else { return .embeddedDefault }
        let c = try Configuration.load(file: config)
        try c.validate(name: config)
        return c
    }
}

extension PocketDAVCommand {
    /// Parses the process arguments and runs the chosen subcommand asynchronously. (Called from
    /// `main.swift`; a plain `main()` call there can resolve to ArgumentParser's synchronous entry.)
    public static func runFromCommandLine() async {
        do {
            var command = try await asyncParseAsRoot(Array(CommandLine.arguments.dropFirst()))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
