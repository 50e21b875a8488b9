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
        // The transform's own errors must reach the caller as thrown, not as a StorageError.
        let outcome: Result<[UInt8]?, TransformFailure> = try await accountsPerform { file in
            do {
                return .success(try file.update(kind, named: name) { current in
                    do { return try transform(current) } catch { throw TransformFailure(error: error) }
                })
            } catch let failure as TransformFailure {
                return .failure(failure)
            }
        }
        return try outcome.mapError(\.error).get()
    }

    /// Runs account file work on the I/O pool. Radicale's lock is not needed: Radicale never
    /// touches this file.
    private func accountsPerform<T: Sendable>(_ body: @escaping @Sendable (AccountFile) throws -> T) async throws -> T {
        let accounts = self.accounts
        return try await perform(radicaleLocked: false) { try body(accounts) }
    }
}

/// Carries a transform's error past `perform`, which turns every other error into a
/// `StorageError`.
struct TransformFailure: Error {
    let error: any Error
}
