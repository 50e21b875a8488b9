import ArgumentParser
import DAVCore

/// `pocketdav group add|members|add-member|remove-member|remove|list`: edits the groups in the
/// configured storage's account store, offline (it may run while the server does: every change
/// is an atomic `AccountStore.update`, and the server sees it within a few seconds).
struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group", abstract: "Manage groups in the storage's account store.",
        subcommands: [Add.self, Members.self, AddMember.self, RemoveMember.self, Remove.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a group and its collection /NAME/ (the name must not be a user's).")
        @OptionGroup var options: ConfigOption
        @Argument(help: "Group name.") var name: String
        @Option(name: .customLong("member"), help: "A member (repeat for more).") var members: [String] = []

        func run() async throws {
            try await GroupCommand.withGroups(options) { groups, storage in
                try await groups.create(name, members: members, collectionIn: storage)
            }
            print("created group \(name) with \(members.count) members")
        }
    }

    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace a group's members.")
        @OptionGroup var options: ConfigOption
        @Argument(help: "Group name.") var name: String
        @Argument(help: "The new members (none empties the group).") var members: [String] = []

        func run() async throws {
            try await GroupCommand.withGroups(options) { groups, _ in try await groups.setMembers(of: name, to: members) }
            print("\(name) now has \(members.count) members")
        }
    }

    struct AddMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-member", abstract: "Add a user to a group.")
        @OptionGroup var options: ConfigOption
        @Argument(help: "Group name.") var group: String
        @Argument(help: "User name.") var user: String

        func run() async throws {
            try await GroupCommand.withGroups(options) { groups, _ in try await groups.add(user, to: group) }
            print("added \(user) to \(group)")
        }
    }

    struct RemoveMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove-member", abstract: "Remove a user from a group.")
        @OptionGroup var options: ConfigOption
        @Argument(help: "Group name.") var group: String
        @Argument(help: "User name.") var user: String

        func run() async throws {
            try await GroupCommand.withGroups(options) { groups, _ in try await groups.remove(user, from: group) }
            print("removed \(user) from \(group)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a group and its collection /NAME/ with everything shared in it.")
        @OptionGroup var options: ConfigOption
        @Argument(help: "Group name.") var name: String

        func run() async throws {
            try await GroupCommand.withGroups(options) { groups, storage in
                try await groups.delete(name, collectionIn: storage)
            }
            print("removed group \(name)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List groups and their members.")
        @OptionGroup var options: ConfigOption

        func run() async throws {
            let all = try await GroupCommand.withGroups(options) { groups, _ in try await groups.allMembers() }
            for name in all.keys.sorted() { print("\(name): \((all[name] ?? []).joined(separator: " "))") }
        }
    }

    /// Opens the configured storage (running its services, such as the PostgreSQL pool, for the
    /// duration), and runs `body` on its groups as the operator (`$USER` in git commits).
    static func withGroups<T: Sendable>(_ options: ConfigOption,
                                        _ body: @escaping @Sendable (GroupStore, any Storage) async throws -> T)
        async throws -> T
    {
        let author = ProcessEnvironment.variables["USER"] ?? "pocketdav group"
        return try await options.withAccountStore { config, store, storage in
            let groups = GroupStore(store: store, users: try Wiring.makePasswordAccounts(config, accounts: store))
            return try await ChangeAuthor.$name.withValue(author) { try await body(groups, storage) }
        }
    }
}
