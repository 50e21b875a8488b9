import ArgumentParser
import AuthPlugins
import FoundationEssentials

/// `pocketdav user add|passwd|remove|list`: edits the htpasswd file offline. Passwords come
/// from `POCKETDAV_PASSWORD` or standard input, never from the command line, where other local
/// users could read them in the process list.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage htpasswd users.", subcommands: [Add.self, Passwd.self, Remove.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user (password from POCKETDAV_PASSWORD or stdin).")
        @OptionGroup var user: NamedUser

        func run() async throws {
            try await user.edit(done: "added \(user.name)") { file in
                try await HtpasswdFile.addUser(user.name, password: try PasswordInput.read(), at: file)
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (from POCKETDAV_PASSWORD or stdin).")
        @OptionGroup var user: NamedUser

        func run() async throws {
            try await user.edit(done: "changed the password of \(user.name)") { file in
                try await HtpasswdFile.setPassword(user.name, password: try PasswordInput.read(), at: file)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user (their data stays in storage).")
        @OptionGroup var user: NamedUser

        func run() async throws {
            try await user.edit(done: "removed \(user.name)") { file in try await HtpasswdFile.removeUser(user.name, at: file) }
        }
    }

    /// The configuration and user name every editing subcommand takes.
    struct NamedUser: ParsableArguments {
        @OptionGroup var options: ConfigOption
        @Argument(help: "User name.") var name: String

        func edit(done: String, _ change: (String) async throws -> Void) async throws {
            let file = try options.load().auth.htpasswd.file
            try await runCLI { try await change(file) }
            print("\(done) in \(file)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var options: ConfigOption

        func run() async throws {
            let file = try options.load().auth.htpasswd.file
            let users = try await runCLI { try await HtpasswdFile.listUsers(at: file) }
            for u in users { print(u) }
        }
    }
}

/// Turns library errors into a one-line message and exit status 1.
func runCLI<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch { throw CLIFailure("\(error)") }
}

enum PasswordInput {
    static func read() throws -> String {
        if let p = ProcessInfo.processInfo.environment["POCKETDAV_PASSWORD"], !p.isEmpty { return p }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CLIFailure("no password: set POCKETDAV_PASSWORD or pipe it on standard input")
        }
        return line
    }
}
