import ArgumentParser
import FileSystemStorage
import Glibc

/// `pocketdav storage verify`: checks every collection and object, exiting non-zero on any problem.
struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage", abstract: "Storage tools.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every collection and item; exit 1 on any problem.")
        @OptionGroup var options: ConfigOption

        func run() async throws {
            let config = try options.load()
            let folder = config.storage.filesystem.folder
            let onTerminal = isatty(STDERR_FILENO) == 1
            let report = try await runCLI {
                try await StorageVerifier.verify(folder: folder) { done, total in
                    guard onTerminal else { return }
                    fputs("\r\(done)/\(total) items", stderr)
                }
            }
            if onTerminal { fputs("\n", stderr) }
            for problem in report.problems { print("PROBLEM \(problem)") }
            print("\(report.collections) collections, \(report.items) items, \(report.problems.count) problems")
            if !report.problems.isEmpty { throw ExitCode(1) }
        }
    }
}
