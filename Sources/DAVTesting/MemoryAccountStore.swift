import DAVCore
import Synchronization

/// An `AccountStore` in memory, for tests of plugins that keep account records.
public final class MemoryAccountStore: AccountStore {
    private let state = Mutex<[AccountRecordKind: [String: [UInt8]]]>([:])

    public init() {}

    public func record(_ kind: AccountRecordKind, named name: String) async throws -> [UInt8]? {
        state.withLock { $0[kind]?[name] }
    }

    public func records(_ kind: AccountRecordKind) async throws -> [String: [UInt8]] {
        state.withLock { $0[kind] ?? [:] }
    }

    @discardableResult
    public func update(_ kind: AccountRecordKind, named name: String,
                       _ transform: @escaping @Sendable ([UInt8]?) throws -> [UInt8]?) async throws -> [UInt8]? {
        try state.withLock { all in
            let current = all[kind]?[name]
            let next = try transform(current)
            all[kind, default: [:]][name] = next
            return current
        }
    }
}
