import DAVCore

/// `AccountStore` in the repository's `.accounts/records.json`, each change one commit by the
/// principal behind it (see `GitRepository+Accounts`).
///
/// Security: the records hold password and API-key hashes, and they travel with every push to
/// `remote` and with every clone. Push only to a remote you trust as much as this server, or
/// use another backend's account store.
extension GitStorage: AccountStore {
    public func record(_ kind: AccountRecordKind, named name: String) async throws -> [UInt8]? {
        try await reading { try $0.accountRecords()[kind, name] }
    }

    public func records(_ kind: AccountRecordKind) async throws -> [String: [UInt8]] {
        try await reading { try $0.accountRecords().records(kind) }
    }

    @discardableResult
    public func update(_ kind: AccountRecordKind, named name: String,
                       _ transform: @escaping @Sendable ([UInt8]?) throws -> [UInt8]?) async throws -> [UInt8]? {
        try await writing { try $0.updateAccountRecord(kind, named: name, transform, author: $1) }.get()
    }
}
