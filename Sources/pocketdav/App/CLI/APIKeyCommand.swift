import ArgumentParser
import AuthPlugins
import DAVCore
import FoundationEssentials

/// `pocketdav apikey create|list|revoke`: API keys in the configured storage's account records.
/// They may run while the server does; it notices within seconds (`[auth.api_key]` in
/// docs/configuration.md).
struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey", abstract: "Manage API keys.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print it once (only its SHA-256 is stored).")
        @OptionGroup var options: ConfigOption
        @Option(help: "The key's name, for listing and revoking.") var name: String
        @Option(help: "The user the key acts as.") var user: String?
        @Flag(help: "A service key: acts as the user named in the forwarded-user header of each request.")
        var service = false
        @Flag(help: "Requests with this key may only read.") var readOnly = false

        func validate() throws {
            guard (user != nil) != service else { throw ValidationError("give exactly one of --user USER and --service") }
        }

        func run() async throws {
            let (name, readOnly) = (self.name, self.readOnly)
            let scope: APIKeyRecord.Scope = user.map { .user($0) } ?? .service
            let key = try await APIKeyCommand.withKeys(options) { keys in
                try await keys.create(name: name, scope: scope, readOnly: readOnly)
            }
            print(key)
            TerminalOutput.error("created API key \(name) (\(scope)\(readOnly ? ", read-only" : "")); it is shown only this once\n")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys: name, scope, access, creation time (no secrets).")
        @OptionGroup var options: ConfigOption

        func run() async throws {
            let keys = try await APIKeyCommand.withKeys(options) { keys in try await keys.list() }
            for (name, record) in keys {
                print("\(name)\t\(record.scope)\t\(record.readOnly ? "read-only" : "read-write")\t\(record.created.formatted(.iso8601))")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a key; a running server refuses it within seconds.")
        @OptionGroup var options: ConfigOption
        @Argument(help: "The key's name.") var name: String

        func run() async throws {
            let name = self.name
            try await APIKeyCommand.withKeys(options) { keys in try await keys.revoke(name: name) }
            print("revoked \(name)")
        }
    }

    /// Opens the configured storage as an account store for the length of `body`.
    static func withKeys<T: Sendable>(_ options: ConfigOption,
                                      _ body: @escaping @Sendable (APIKeys) async throws -> T) async throws -> T {
        try await options.withAccountStore { _, store, _ in try await body(APIKeys(store: store)) }
    }
}
