import ArgumentParser
import FileSystemStorage
import Glibc

/// `pocketdav storage verify`: checks every collection and object, exiting non-zero on any problem.
struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage", abstract: "Storage tools.", subcommands: [Verify.self, Migrate.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every collection and item; exit 1 on any problem.")
        @OptionGroup var options: ConfigOption

        func run() async throws {
            let config = try options.load()
            guard config.storage.type == .filesystem else {
                throw CLIFailure("storage verify checks the filesystem backend; PostgreSQL enforces its schema's constraints itself")
            }
            let folder = config.storage.filesystem.folder
            let onTerminal = isatty(STDERR_FILENO) == 1
            let report = try await runCLI {
                try StorageVerifier(folder: folder).verify { done, total in
                    guard onTerminal else { return }
                    TerminalOutput.error("\r\(done)/\(total) items")
                }
            }
            if onTerminal { TerminalOutput.error("\n") }
            for problem in report.problems { print("PROBLEM \(problem)") }
            print("\(report.collections) collections, \(report.items) items, \(report.problems.count) problems")
            if !report.problems.isEmpty { throw ExitCode(1) }
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
