import DAVCore
import PostgresNIO

/// Statements on `account_records`.
extension Session {
    func accountRecord(_ kind: AccountRecordKind, named name: String, locking: Bool = false) async throws -> [UInt8]? {
        let lock: PostgresQuery = locking ? " FOR UPDATE" : ""
        let found = try await rows("""
            SELECT value FROM account_records WHERE kind = \(kind.rawValue) AND name = \(name)\(unescaped: lock.sql)
            """).first
        return try found.map { Array(try $0.decode(ByteBuffer.self).readableBytesView) }
    }

    func accountRecords(_ kind: AccountRecordKind) async throws -> [String: [UInt8]] {
        var all: [String: [UInt8]] = [:]
        for row in try await rows("SELECT name, value FROM account_records WHERE kind = \(kind.rawValue)") {
            let (name, value) = try row.decode((String, ByteBuffer).self)
            all[name] = Array(value.readableBytesView)
        }
        return all
    }

    /// Inserts the record unless a row with its key exists (or is being inserted by a
    /// transaction that then commits); `false` when another writer got there first.
    func insertAccountRecord(_ kind: AccountRecordKind, named name: String, value: [UInt8]) async throws -> Bool {
        try await !rows("""
            INSERT INTO account_records (kind, name, value) VALUES (\(kind.rawValue), \(name), \(ByteBuffer(bytes: value)))
            ON CONFLICT (kind, name) DO NOTHING RETURNING 1
            """).isEmpty
    }

    func replaceAccountRecord(_ kind: AccountRecordKind, named name: String, value: [UInt8]) async throws {
        try await rows("""
            UPDATE account_records SET value = \(ByteBuffer(bytes: value)), updated = now()
            WHERE kind = \(kind.rawValue) AND name = \(name)
            """)
    }

    func deleteAccountRecord(_ kind: AccountRecordKind, named name: String) async throws {
        try await rows("DELETE FROM account_records WHERE kind = \(kind.rawValue) AND name = \(name)")
    }
}
