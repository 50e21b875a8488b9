import FoundationEssentials
import Synchronization

/// Groups kept as `.group` records of any `AccountStore` (`{"members": ["alice", "bob"]}`): the
/// `GroupDirectory` the server asks on every request, and the changes the admin API and
/// `pocketdav group` make.
///
/// `groups(of:)` and `members(of:)` answer from a snapshot of every group record that is at most
/// `cacheLifetime` old (default 3 s), so a request, or a PROPFIND asking for the group properties
/// of many principals, costs no storage call; changes made through this instance drop the
/// snapshot at once, changes made elsewhere (another instance, the CLI) are seen within
/// `cacheLifetime`. The admin API reads the store itself (`storedMembers(of:)`, `allMembers()`).
///
/// Names follow `UserName.isValid` (`AccountError.invalidName` otherwise). A group never takes a
/// name `users` knows (`AccountError.exists`), since both become the first path segment.
public final class GroupStore: GroupDirectory {
    public let store: any AccountStore
    /// The password accounts whose names a new group may not take; `nil` when none are managed.
    public let users: (any PasswordAccounts)?
    public let cacheLifetime: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    /// The cached snapshot and a counter bumped by every change, so that a read which started
    /// before a change cannot store its stale result after it.
    private let cache = Mutex<(snapshot: Snapshot?, generation: Int)>((nil, 0))

    /// - Parameter now: the clock the snapshot's age is measured by; tests pass a fake one.
    public init(store: any AccountStore, users: (any PasswordAccounts)? = nil, cacheLifetime: Duration = .seconds(3),
                now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.store = store
        self.users = users
        self.cacheLifetime = cacheLifetime
        self.now = now
    }

    /// A group record's value.
    struct Record: Codable, Equatable {
        var members: [String]

        init(members: some Sequence<String>) { self.members = Set(members).sorted() }

        static func decode(_ bytes: [UInt8], group: String) throws -> Record {
            do {
                return try JSONDecoder().decode(Record.self, from: Data(bytes))
            } catch {
                throw StorageError(.corrupt, "the record of group \(group.debugDescription) does not parse", cause: error)
            }
        }

        func encoded() throws -> [UInt8] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Array(try encoder.encode(self))
        }
    }

    /// Every group with its members, and the same the other way round, as read at `taken`.
    private struct Snapshot {
        let members: [String: [String]]
        let groups: [String: Set<String>]
        let taken: ContinuousClock.Instant

        init(_ members: [String: [String]], taken: ContinuousClock.Instant) {
            var groups: [String: Set<String>] = [:]
            for (group, names) in members {
                for name in names { groups[name, default: []].insert(group) }
            }
            self.members = members
            self.groups = groups
            self.taken = taken
        }
    }

    // MARK: - GroupDirectory

    public func groups(of user: String) async throws -> Set<String> {
        try await snapshot().groups[user] ?? []
    }

    /// From the snapshot while it is younger than `cacheLifetime`.
    public func cachedGroups(of user: String) -> Set<String>? {
        let now = self.now()
        // Looked up in place: a copy of the snapshot would retain and release its tables, which
        // every event loop's GETs share.
        return cache.withLock { cached in
            guard let taken = cached.snapshot?.taken, now - taken < cacheLifetime else { return nil }
            return cached.snapshot?.groups[user] ?? []
        }
    }

    public func members(of group: String) async throws -> [String]? {
        try await snapshot().members[group]
    }

    /// The members of `group` read from the store now, or `nil` when there is no such group.
    public func storedMembers(of group: String) async throws -> [String]? {
        try await store.record(.group, named: group).map { try Record.decode($0, group: group).members }
    }

    /// Every group with its members, read from the store now.
    public func allMembers() async throws -> [String: [String]] {
        var all: [String: [String]] = [:]
        for (name, bytes) in try await store.records(.group) { all[name] = try Record.decode(bytes, group: name).members }
        return all
    }

    // MARK: - Changes

    /// Creates `group` with `members`.
    /// - Throws: `AccountError.invalidName` for a bad group or member name, `.exists` when the
    ///   group exists or a user has that name.
    public func create(_ group: String, members: [String]) async throws {
        try Self.check([group] + members)
        if let users, try await users.users().contains(group) { throw AccountError.exists(group) }
        let value = try Record(members: members).encoded()
        try await change(group) { current in
            guard current == nil else { throw AccountError.exists(group) }
            return value
        }
    }

    /// Replaces the members of `group`. `AccountError.notFound` when there is no such group.
    public func setMembers(of group: String, to members: [String]) async throws {
        try Self.check(members)
        let value = try Record(members: members).encoded()
        try await change(group) { current in
            guard current != nil else { throw AccountError.notFound(group) }
            return value
        }
    }

    /// Adds `user` to `group` (nothing changes when they are in it already).
    public func add(_ user: String, to group: String) async throws {
        try Self.check([user])
        try await change(group) { current in
            guard let current else { throw AccountError.notFound(group) }
            let record = try Record.decode(current, group: group)
            return try Record(members: record.members + [user]).encoded()
        }
    }

    /// Removes `user` from `group`; `AccountError.notFound` when either is missing.
    public func remove(_ user: String, from group: String) async throws {
        try await change(group) { current in
            guard let current else { throw AccountError.notFound(group) }
            let record = try Record.decode(current, group: group)
            guard record.members.contains(user) else { throw AccountError.notFound(user) }
            return try Record(members: record.members.filter { $0 != user }).encoded()
        }
    }

    /// Deletes `group`; `AccountError.notFound` when there is no such group.
    public func delete(_ group: String) async throws {
        try await change(group) { current in
            guard current != nil else { throw AccountError.notFound(group) }
            return nil
        }
    }

    /// Takes `user` out of every group (when the user is deleted).
    /// - Returns: the groups they were removed from.
    @discardableResult
    public func removeEverywhere(_ user: String) async throws -> [String] {
        var removed: [String] = []
        for (group, members) in try await allMembers().sorted(by: { $0.key < $1.key }) where members.contains(user) {
            do {
                try await remove(user, from: group)
                removed.append(group)
            } catch let error as AccountError where error == .notFound(group) || error == .notFound(user) {
                continue  // changed by someone else meanwhile
            }
        }
        return removed
    }

    // MARK: - Steps

    private func change(_ group: String, _ transform: @escaping @Sendable ([UInt8]?) throws -> [UInt8]?) async throws {
        defer { cache.withLock { $0 = (nil, $0.generation + 1) } }
        try await store.update(.group, named: group, transform)
    }

    private func snapshot() async throws -> Snapshot {
        let now = self.now()
        let (cached, generation) = cache.withLock { ($0.snapshot, $0.generation) }
        if let cached, now - cached.taken < cacheLifetime { return cached }
        let fresh = Snapshot(try await allMembers(), taken: now)
        cache.withLock { if $0.generation == generation { $0.snapshot = fresh } }
        return fresh
    }

    private static func check(_ names: [String]) throws {
        for name in names { try UserName.validate(name) }
    }
}
