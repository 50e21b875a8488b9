/// Small named records that live beside a backend's collections: trust-on-first-use accounts,
/// groups, API keys, the index of shared collections.
///
/// Storage backends offer one (filesystem: a 0600 file; git: a file in the repository;
/// PostgreSQL: a table) so that account data scales and replicates with the data it guards.
/// `DAVTesting.AccountStoreConformance` is the executable form of this contract.
///
/// ## Implementation requirements
/// - Values are opaque bytes (callers store JSON); names are any non-empty UTF-8 string.
/// - `update` is atomic per store, also across processes that share it (several pocketdav
///   instances on one database): the transform sees the current value and its result is what
///   the next reader sees. Two racing `update`s that each create the same name must not both
///   see `nil`. Durable when it returns.
/// - A transform that throws leaves the record unchanged and the error propagates as thrown
///   (not wrapped in a `StorageError`), so callers can throw `AccountError`s through it.
/// - The transform may run more than once (a backend re-deciding after another process won a
///   race); only its last result counts, so it must be a pure function of its argument.
/// - Kinds are separate name spaces: the same name under two kinds is two records.
/// - Failures of the store itself are `StorageError`s (`.unavailable`, `.io`, `.corrupt`).
/// - Never log values: they hold password and key hashes.
public protocol AccountStore: Sendable {
    /// The value of one record, or `nil`.
    func record(_ kind: AccountRecordKind, named name: String) async throws -> [UInt8]?

    /// Every record of `kind`, by name.
    func records(_ kind: AccountRecordKind) async throws -> [String: [UInt8]]

    /// Atomically replaces the record with `transform(current)`; a `nil` result deletes it.
    /// `transform` is escaping because backends run it where their lock is held: on an I/O
    /// thread (filesystem, git) or inside a database transaction.
    /// - Returns: the value the record had before.
    @discardableResult
    func update(_ kind: AccountRecordKind, named name: String,
                _ transform: @escaping @Sendable ([UInt8]?) throws -> [UInt8]?) async throws -> [UInt8]?
}

/// The kind of an account record: a short lower-case word (`[a-z_]{1,32}`).
public struct AccountRecordKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Password accounts created by trust-on-first-use or the admin API.
    public static let account = AccountRecordKind(rawValue: "account")
    /// Groups and their members.
    public static let group = AccountRecordKind(rawValue: "group")
    /// API key hashes and their scope.
    public static let apiKey = AccountRecordKind(rawValue: "api_key")
    /// Which collections are shared with which principal (kept by the ACL rights plugin).
    public static let share = AccountRecordKind(rawValue: "share")

    public var description: String { rawValue }
}

extension AccountStore {
    /// Creates the record unless it exists; `true` when this call created it.
    public func create(_ kind: AccountRecordKind, named name: String, value: [UInt8]) async throws -> Bool {
        let previous = try await update(kind, named: name) { current in current ?? value }
        return previous == nil
    }
}
