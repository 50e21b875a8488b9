import DAVCore

/// `AccountStore` in the `account_records` table, shared by every instance on the database.
///
/// `update` is one transaction: it locks the row (`SELECT … FOR UPDATE`), so updates of one
/// record from any instance run one after the other. A row that does not exist yet cannot be
/// locked, so creation is an `INSERT … ON CONFLICT DO NOTHING`: of two instances creating the
/// same name, one inserts and the other finds the conflict, locks the row the first committed
/// and decides again on its value (the transform runs a second time).
extension PostgresStorage: AccountStore {
    public func record(_ kind: AccountRecordKind, named name: String) async throws -> [UInt8]? {
        try await database.read("read account record") { try await $0.accountRecord(kind, named: name) }
    }

    public func records(_ kind: AccountRecordKind) async throws -> [String: [UInt8]] {
        try await database.read("list account records") { try await $0.accountRecords(kind) }
    }

    @discardableResult
    public func update(_ kind: AccountRecordKind, named name: String,
                       _ transform: @escaping @Sendable ([UInt8]?) throws -> [UInt8]?) async throws -> [UInt8]? {
        // The transform's own error comes back as the result, not wrapped into a StorageError. By
        // then the transaction has written nothing (an INSERT that met a conflict inserts no row),
        // so committing it is as good as rolling back.
        try await database.write("update account record") { session -> Result<[UInt8]?, any Error> in
            while true {
                let current = try await session.accountRecord(kind, named: name, locking: true)
                let next: [UInt8]?
                do { next = try transform(current) } catch { return .failure(error) }
                switch (current, next) {
                case (nil, nil):
                    return .success(nil)
                case (nil, let value?):
                    if try await session.insertAccountRecord(kind, named: name, value: value) { return .success(nil) }
                    // Another instance created it since the SELECT: lock its row and decide again.
                case (let old?, nil):
                    try await session.deleteAccountRecord(kind, named: name)
                    return .success(old)
                case (let old?, let value?):
                    if value != old { try await session.replaceAccountRecord(kind, named: name, value: value) }
                    return .success(old)
                }
            }
        }.get()
    }
}
