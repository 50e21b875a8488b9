import ArgumentParser
import DAVCore
import Glibc
import Logging
import ServiceLifecycle

extension StorageCommand {
    /// `pocketdav storage copy --from A.toml --to B.toml`: copies every principal, collection,
    /// property and item from A's storage to B's (any two backends), then checks every item's
    /// bytes at B. Running it again copies only what changed.
    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy all collections and items from one storage to another, then verify them; safe to repeat.",
            discussion: """
                Items already at the destination with identical bytes are skipped, different bytes are \
                overwritten; nothing is deleted at the destination. Exits 1 naming every path that \
                could not be copied or does not match afterwards. Stop the servers writing to either \
                storage first.
                """)

        @Option(name: .customLong("from"), help: "Configuration whose [storage] is read.") var from: String
        @Option(name: .customLong("to"), help: "Configuration whose [storage] receives the copy.") var to: String

        func run() async throws {
            let source = try Self.load(from)
            let target = try Self.load(to)
            guard Self.identity(source.storage) != Self.identity(target.storage) else {
                throw CLIFailure("--from and --to name the same storage (\(Self.identity(source.storage)))")
            }
            let logger = LogSetup.bootstrapStderr(level: source.logging.level)
            let reading: (storage: any Storage, services: [any Service])
            let writing: (storage: any Storage, services: [any Service])
            do {
                reading = try Wiring.makeStorage(source.storage, logger: logger)
                writing = try Wiring.makeStorage(target.storage, logger: logger)
            } catch {
                throw CLIFailure("\(error)")
            }
            let copier = StorageCopier(from: reading.storage, to: writing.storage)
            let onTerminal = isatty(STDERR_FILENO) == 1
            // Git commits name the operator, as `storage restore` does.
            let author = ProcessEnvironment.variables["USER"] ?? "pocketdav storage copy"
            let report = try await runCLI {
                try await withServices(reading.services + writing.services, logger: logger, for: "the copy") {
                    try await ChangeAuthor.$name.withValue(author) {
                        try await copier.run { progress in
                            guard onTerminal else { return }
                            let rate = Int(progress.rate.rounded())
                            TerminalOutput.error("\r\(progress.done)/\(progress.total) items, \(rate)/s   ")
                        }
                    }
                }
            }
            if onTerminal { TerminalOutput.error("\n") }
            for failure in report.failures { print("FAILED \(failure)") }
            for mismatch in report.mismatches { print("MISMATCH \(mismatch)") }
            print(Self.summary(report))
            if !report.succeeded { throw ExitCode(1) }
        }

        static func load(_ file: String) throws -> Configuration {
            let config = try Configuration.load(file: file)
            try config.validate(name: file)
            return config
        }

        static func summary(_ report: StorageCopier.Report) -> String {
            let seconds = report.elapsed / .seconds(1)
            var line = "\(report.total) items: \(report.objectsCopied) copied, \(report.objectsSkipped) unchanged"
            line += ", \(report.failures.count) failed; collections: \(report.collectionsCreated) created"
            line += ", \(report.collectionsExisting) existing; properties written on \(report.propertiesUpdated)"
            if let verified = report.verified {
                line += "; verified \(verified - report.mismatches.count)/\(verified) items"
            }
            line += " (\(Int(seconds.rounded())) s)"
            return line
        }

        /// Where a storage's data lives, to refuse copying a storage onto itself.
        static func identity(_ storage: Configuration.Storage) -> String {
            switch storage.type {
            case .filesystem: "filesystem \(storage.filesystem.folder)"
            case .git: "git \(storage.git.repository)"
            case .postgres: "postgres \(storage.postgres.url.map { "\($0)" } ?? "") schema \(storage.postgres.schema)"
            }
        }
    }
}
