import ArgumentParser
import FileSystemStorage
import GitStorage
import Glibc

/// `pocketdav storage verify|status|history|restore|migrate|copy`: offline checks and, for the git backend,
/// its history. They may run while the server does: the filesystem verifier takes shared locks,
/// and git readers never block writers (a restore is one more commit, made with the same
/// compare-and-swap as the server's).
struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage", abstract: "Storage tools.",
        subcommands: [Verify.self, Status.self, History.self, Restore.self, Migrate.self, Copy.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every collection and item; exit 1 on any problem.")
        @OptionGroup var options: ConfigOption

        func run() async throws {
            let config = try options.load()
            let problems: [String]
            let summary: String
            switch config.storage.type {
            case .filesystem:
                let folder = config.storage.filesystem.folder
                let onTerminal = isatty(STDERR_FILENO) == 1
                let report = try await runCLI {
                    try StorageVerifier(folder: folder).verify { done, total in
                        guard onTerminal else { return }
                        TerminalOutput.error("\r\(done)/\(total) items")
                    }
                }
                if onTerminal { TerminalOutput.error("\n") }
                problems = report.problems.map(\.description)
                summary = "\(report.collections) collections, \(report.items) items, \(report.problems.count) problems"
            case .git:
                let report = try await runCLI { try await GitTools.open(config).verify() }
                problems = report.problems.map(\.description)
                summary = "\(report.collections) collections, \(report.items) items, \(report.problems.count) problems"
            case .postgres:
                throw CLIFailure("storage verify checks the filesystem and git backends; PostgreSQL enforces its schema's constraints itself")
            }
            for problem in problems { print("PROBLEM \(problem)") }
            print(summary)
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}

/// Progress and errors for a person at a terminal, on standard error.
enum TerminalOutput {
    static func error(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
