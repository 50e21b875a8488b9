import DAVCore

extension ConfigOption {
    /// Opens the configured storage as an account store, with its services (such as the
    /// PostgreSQL pool) running, for the length of `body`: what `pocketdav group` and
    /// `pocketdav apikey` work on. Any error becomes a `CLIFailure`.
    ///
    /// `body` gets the configuration, the account store and the same storage as `Storage`.
    func withAccountStore<T: Sendable>(
        _ body: @escaping @Sendable (Configuration, any AccountStore, any Storage) async throws -> T
    ) async throws -> T {
        let config = try load()
        let logger = LogSetup.bootstrapStderr(level: config.logging.level)
        return try await runCLI {
            let opened = try Wiring.makeStorage(config.storage, logger: logger)
            guard let store = opened.storage as? any AccountStore else {
                throw CLIFailure("storage type \"\(config.storage.type.rawValue)\" keeps no account records")
            }
            return try await withServices(opened.services, logger: logger, for: "the command") {
                try await body(config, store, opened.storage)
            }
        }
    }
}
