import ArgumentParser
import DAVCore
import FoundationEssentials
import GitStorage
import Logging

extension StorageCommand {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the storage's state (for git: branch, packing, push).")
        @OptionGroup var options: ConfigOption

        func run() async throws {
            let config = try options.load()
            guard config.storage.type == .git else {
                print(Self.describe(config.storage))
                return
            }
            let status = try await runCLI { try await GitTools.open(config).status() }
            print("repository: \(status.repository) (\(status.branch))")
            if let tip = status.tip {
                print("tip: \(tip) \(GitTools.time(status.tipTime)) \(status.tipMessage ?? "")")
            }
            print("commits: \(status.commits)")
            print("objects: \(status.looseObjects) loose, \(status.packs) packs")
            guard let remote = status.remote else {
                print("remote: none")
                return
            }
            print("remote: \(remote)")
            guard let push = status.push else {
                print("push: never attempted")
                return
            }
            print("last push attempt: \(GitTools.time(push.lastAttempt))")
            print("last successful push: \(GitTools.time(push.lastSuccess)) (\(push.pushedCommit ?? "nothing"))")
            if let error = push.lastError { print("push error (\(push.consecutiveFailures) in a row): \(error)") }
            print(status.hasUnpushedCommits ? "unpushed commits: yes" : "unpushed commits: none")
        }

        /// The line shown for a storage without git's state: its type and where its data lives.
        /// A PostgreSQL URL never holds a password (`PostgresURL` refuses one).
        static func describe(_ storage: Configuration.Storage) -> String {
            switch storage.type {
            case .filesystem: "storage: filesystem at \(storage.filesystem.folder)"
            case .git: "storage: git at \(storage.git.repository)"
            case .postgres:
                "storage: postgres at \(storage.postgres.url.map { "\($0)" } ?? "(no url)"), schema \(storage.postgres.schema)"
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the versions of an item or collection (git storage).")
        @OptionGroup var options: ConfigOption
        @Argument(help: "The path, e.g. /alice/calendar/event.ics.") var path: String
        @Option(help: "At most this many versions.") var limit: Int = 50

        func run() async throws {
            let config = try options.load()
            let resource = try GitTools.path(path)
            let versions = try await runCLI { try await GitTools.open(config).history(of: resource, limit: limit) }
            if versions.isEmpty { print("no versions of \(resource) in the history") }
            for v in versions {
                let what = v.id.map { (v.isCollection ? "tree " : "etag ") + $0 } ?? "deleted"
                print("\(v.commit.prefix(12))  \(GitTools.time(v.time))  \(v.author) <\(v.email)>  \(v.message)  [\(what)]")
            }
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring back an item or collection as it was at a revision, as a new commit (git storage).")
        @OptionGroup var options: ConfigOption
        @Argument(help: "The path, e.g. /alice/calendar/event.ics.") var path: String
        @Option(name: .customLong("at"), help: "A commit from `storage history` (or any git revision).") var revision: String

        func run() async throws {
            let config = try options.load()
            let resource = try GitTools.path(path)
            let storage = try await runCLI { try GitTools.open(config) }
            // The commit names the operator (the login running the tool), as the server's name the user.
            let restored = try await runCLI {
                try await ChangeAuthor.$name.withValue(ProcessEnvironment.variables["USER"]) {
                    try await storage.restore(resource, at: revision)
                }
            }
            print("restored \(resource) from \(revision) (\(restored.prefix(12)))")
        }
    }
}

/// Opening the configured git storage for the offline tools.
enum GitTools {
    static func open(_ config: Configuration) throws -> GitStorage {
        guard config.storage.type == .git else {
            throw CLIFailure("this needs storage.type = \"git\" (the configuration says \(config.storage.type.rawValue))")
        }
        var options = Wiring.gitOptions(config.storage.git, environment: ProcessEnvironment.variables)
        options.createIfMissing = false
        return try GitStorage(options: options, logger: Logger(label: "pocketdav.storage"))
    }

    static func path(_ raw: String) throws -> ResourcePath {
        do { return try ResourcePath(decoding: raw.hasPrefix("/") ? raw : "/" + raw) } catch {
            throw CLIFailure("\(raw) is not a valid path: \(error)")
        }
    }

    static func time(_ date: Date?) -> String {
        date.map { $0.formatted(.iso8601) } ?? "never"
    }
}
