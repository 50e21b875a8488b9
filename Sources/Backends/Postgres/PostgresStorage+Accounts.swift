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
        do {
            return try await database.write("update account record") { session in
                while true {
                    let current = try await session.accountRecord(kind, named: name, locking: true)
                    let next: [UInt8]?
                    do { next = try transform(current) } catch { throw AccountTransformFailure(error: error) }
                    switch (current, next) {
                    case (nil, nil):
                        return nil
                    case (nil, let value?):
                        if try await session.insertAccountRecord(kind, named: name, value: value) { return nil }
                        // Another instance created it since the SELECT: lock its row and decide again.
                    case (let old?, nil):
                        try await session.deleteAccountRecord(kind, named: name)
                        return old
                    case (let old?, let value?):
                        if value != old { try await session.replaceAccountRecord(kind, named: name, value: value) }
                        return old
                    }
                }
            }
        } catch let error as StorageError {
            // `database` turns every error into a StorageError; the transform's own goes back as thrown.
            if let failure = error.cause as? AccountTransformFailure { throw failure.error }
            throw error
        }
    }
}

/// Carries a transform's error through the transaction, which rolls back and wraps it.
struct AccountTransformFailure: Error {
    let error: any Error
}
