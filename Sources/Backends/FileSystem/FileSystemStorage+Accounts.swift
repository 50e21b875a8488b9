import DAVCore

/// `AccountStore` in `<folder>/.pocketdav-accounts.json` (see `AccountFile`).
extension FileSystemStorage: AccountStore {
    public func record(_ kind: AccountRecordKind, named name: String) async throws -> [UInt8]? {
        try await accountsPerform { try $0.read()[kind, name] }
    }

    public func records(_ kind: AccountRecordKind) async throws -> [String: [UInt8]] {
        try await accountsPerform { try $0.read().records(kind) }
    }

    @discardableResult
    public func update(_ kind: AccountRecordKind, named name: String,
                       _ transform: @escaping @Sendable ([UInt8]?) throws -> [UInt8]?) async throws -> [UInt8]? {
        // The transform's own errors come back as the result, not wrapped into a StorageError.
        try await accountsPerform { try $0.update(kind, named: name, transform) }.get()
    }

    /// Runs account file work on the I/O pool. Radicale's lock is not needed: Radicale never
    /// touches this file.
    private func accountsPerform<T: Sendable>(_ body: @escaping @Sendable (AccountFile) throws -> T) async throws -> T {
        let accounts = self.accounts
        return try await perform(radicaleLocked: false) { try body(accounts) }
    }
}
