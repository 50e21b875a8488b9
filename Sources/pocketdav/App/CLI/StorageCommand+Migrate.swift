import ArgumentParser
import Logging
import PostgresStorage

extension StorageCommand {
    /// `pocketdav storage migrate`: brings the PostgreSQL schema to this build's version and exits.
    /// `serve` does the same at start; this is for deployments that migrate in a separate step.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or upgrade the PostgreSQL schema (storage.type = \"postgres\"), then exit.")
        @OptionGroup var options: ConfigOption

        func run() async throws {
            let config = try options.load()
            guard config.storage.type == .postgres else {
                throw CLIFailure("storage migrate is for storage.type = \"postgres\"; this configuration uses \(config.storage.type.rawValue)")
            }
            let logger = LogSetup.bootstrapStderr(level: config.logging.level)
            let report = try await runCLI {
                let configuration = try config.storage.postgres.storageConfiguration(environment: ProcessEnvironment.variables)
                let storage = PostgresStorage(configuration: configuration, logger: logger)
                return try await storage.withRunningClient { try await storage.migrate() }
            }
            print("\(config.storage.postgres.url.map { "\($0)" } ?? "") schema \(config.storage.postgres.schema): \(report)")
        }
    }
}
