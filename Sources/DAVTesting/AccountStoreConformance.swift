import DAVCore

/// The executable form of the `AccountStore` contract: every backend runs every case on a fresh,
/// empty store.
///
/// ```swift
/// @Test(arguments: AccountStoreConformance.caseNames)
/// func accounts(_ name: String) async throws {
///     let folder = try TemporaryFolder()
///     try await AccountStoreConformance.run(name) { try FileSystemStorage(folder: folder.path, logger: logger) }
/// }
/// ```
/// `open` is called once at the start of a case and once more by the reopening case, which
/// expects the second store to be a new handle on the same data (as after a restart, or as a
/// second instance on the same database). A failed expectation throws `ConformanceFailure`.
public enum AccountStoreConformance {
    public typealias Opener = @Sendable () async throws -> any AccountStore
    typealias Case = @Sendable (AccountCase) async throws -> Void

    static let cases: [(name: String, body: Case)] = [
        ("accounts.readWriteDelete", readWriteDelete),
        ("accounts.recordsListing", recordsListing),
        ("accounts.throwingTransformLeavesRecordUnchanged", throwingTransform),
        ("accounts.fiftyConcurrentCreatorsOneWinner", concurrentCreators),
        ("accounts.fiftyConcurrentDistinctUpdatesAllLand", concurrentDistinct),
        ("accounts.valuesAreBytesVerbatim", bytesVerbatim),
        ("accounts.kindsAreSeparate", kindsAreSeparate),
        ("accounts.survivesReopening", survivesReopening),
    ]

    /// The stable names of every case.
    public static let caseNames: [String] = cases.map(\.name)

    /// Runs the case called `name` on the store `open` returns, which must be empty.
    public static func run(_ name: String, open: @escaping Opener) async throws {
        try await AccountCase.run(name, from: cases) { AccountCase(store: try await open(), open: open, caseName: $0) }
    }

    // MARK: - Cases

    static func readWriteDelete(_ c: AccountCase) async throws {
        let store = c.store
        try c.expect(try await store.record(.account, named: "alice") == nil, "a fresh store has no record")
        let created = try await store.update(.account, named: "alice") { _ in Array("v1".utf8) }
        try c.expect(created == nil, "creating returns nil as the previous value, got \(String(describing: created))")
        try c.expect(try await store.record(.account, named: "alice") == Array("v1".utf8), "read back what was written")
        let replaced = try await store.update(.account, named: "alice") { current in
            (current ?? []) + Array("+v2".utf8)
        }
        try c.expect(replaced == Array("v1".utf8), "replacing returns the previous value")
        try c.expect(try await store.record(.account, named: "alice") == Array("v1+v2".utf8),
                     "the transform saw the current value")
        let deleted = try await store.update(.account, named: "alice") { _ in nil }
        try c.expect(deleted == Array("v1+v2".utf8), "deleting returns the last value")
        try c.expect(try await store.record(.account, named: "alice") == nil, "a deleted record reads nil")
        let absent = try await store.update(.account, named: "alice") { _ in nil }
        try c.expect(absent == nil, "deleting a missing record is a no-op returning nil")
        try c.expect(try await store.create(.account, named: "bob", value: [1]), "create makes a new record")
        try c.expect(try await !store.create(.account, named: "bob", value: [2]), "create refuses an existing record")
        try c.expect(try await store.record(.account, named: "bob") == [1], "a refused create leaves the record")
    }

    static func recordsListing(_ c: AccountCase) async throws {
        let store = c.store
        try c.expect(try await store.records(.group).isEmpty, "a fresh store lists no records")
        let wanted: [String: [UInt8]] = ["a": [1], "b": [2, 2], "c": []]
        for (name, value) in wanted { try await store.update(.group, named: name) { _ in value } }
        try c.expect(try await store.records(.group) == wanted, "records lists every record with its value")
        try await store.update(.group, named: "b") { _ in nil }
        try c.expect(try await store.records(.group) == ["a": [1], "c": []], "a deleted record is no longer listed")
    }

    struct Refusal: Error, Equatable { let reason: String }

    static func throwingTransform(_ c: AccountCase) async throws {
        let store = c.store
        try await store.update(.account, named: "alice") { _ in [7, 7] }
        for name in ["alice", "nobody"] {
            do {
                try await store.update(.account, named: name) { _ in throw Refusal(reason: "no") }
                throw c.fail("update with a throwing transform succeeded for \(name)")
            } catch let refusal as Refusal {
                try c.expect(refusal == Refusal(reason: "no"), "the transform's error propagates as thrown")
            }
        }
        try c.expect(try await store.record(.account, named: "alice") == [7, 7], "a throwing transform changes nothing")
        try c.expect(try await store.record(.account, named: "nobody") == nil, "a throwing transform creates nothing")
        try c.expect(try await store.records(.account).count == 1, "a throwing transform adds no record")
    }

    static func concurrentCreators(_ c: AccountCase) async throws {
        let store = c.store
        let previous = try await withThrowingTaskGroup(of: (Int, [UInt8]?).self) { group in
            for writer in 0..<50 {
                group.addTask {
                    (writer, try await store.update(.account, named: "race") { $0 ?? Array("writer \(writer)".utf8) })
                }
            }
            var all: [(Int, [UInt8]?)] = []
            for try await result in group { all.append(result) }
            return all
        }
        let winners = previous.filter { $0.1 == nil }.map(\.0)
        try c.expect(winners.count == 1, "exactly one of 50 creators sees nil, saw \(winners.count)")
        let stored = try await store.record(.account, named: "race")
        try c.expect(stored == Array("writer \(winners.first ?? -1)".utf8), "the winner's value is stored")
        try c.expect(previous.allSatisfy { $0.1 == nil || $0.1 == stored }, "every loser saw the winner's value")
    }

    static func concurrentDistinct(_ c: AccountCase) async throws {
        let store = c.store
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<50 {
                group.addTask { try await store.update(.apiKey, named: "key-\(i)") { _ in [UInt8(i)] } }
            }
            try await group.waitForAll()
        }
        let all = try await store.records(.apiKey)
        try c.expect(all.count == 50, "50 concurrent updates of distinct names all land, found \(all.count)")
        try c.expect((0..<50).allSatisfy { all["key-\($0)"] == [UInt8($0)] }, "each record has its own value")
    }

    static func bytesVerbatim(_ c: AccountCase) async throws {
        let store = c.store
        let values: [String: [UInt8]] = [
            "every-byte": Array(0...255), "empty": [], "json-like": Array(#"{"a": "\u0000"}"#.utf8),
            "zoë 名前": Array("ünïcode".utf8), "with/slash and ..": [0xFF, 0xFE, 0x00], "$2b$12$hash": Array(repeating: 0x41, count: 70_000),
        ]
        for (name, value) in values { try await store.update(.share, named: name) { _ in value } }
        for (name, value) in values {
            try c.expect(try await store.record(.share, named: name) == value, "record \(name.debugDescription) reads back byte for byte")
        }
        try c.expect(try await store.records(.share) == values, "records lists the same bytes and names")
    }

    static func kindsAreSeparate(_ c: AccountCase) async throws {
        let store = c.store
        try await store.update(.account, named: "same") { _ in [1] }
        try await store.update(.group, named: "same") { _ in [2] }
        try c.expect(try await store.record(.account, named: "same") == [1], "account record keeps its value")
        try c.expect(try await store.record(.group, named: "same") == [2], "group record keeps its value")
        try c.expect(try await store.records(.apiKey).isEmpty, "another kind lists nothing")
        try await store.update(.group, named: "same") { _ in nil }
        try c.expect(try await store.record(.account, named: "same") == [1], "deleting one kind's record leaves the other")
        let custom = AccountRecordKind(rawValue: "custom_kind")
        try await store.update(custom, named: "same") { _ in [3] }
        try c.expect(try await store.records(custom) == ["same": [3]], "a plugin's own kind works like the built-in ones")
    }

    static func survivesReopening(_ c: AccountCase) async throws {
        try await c.store.update(.account, named: "alice") { _ in [1, 2, 3] }
        try await c.store.update(.group, named: "staff") { _ in Array(#"{"members":["alice"]}"#.utf8) }
        try await c.store.update(.account, named: "gone") { _ in [9] }
        try await c.store.update(.account, named: "gone") { _ in nil }
        let reopened = try await c.open()
        try c.expect(try await reopened.record(.account, named: "alice") == [1, 2, 3], "a record survives reopening")
        try c.expect(try await reopened.records(.group) == ["staff": Array(#"{"members":["alice"]}"#.utf8)],
                     "records survive reopening")
        try c.expect(try await reopened.record(.account, named: "gone") == nil, "a deletion survives reopening")
        try await reopened.update(.account, named: "alice") { _ in [4] }
        try c.expect(try await c.store.record(.account, named: "alice") == [4], "the first handle sees the second's write")
    }
}

/// One running case: the store, a way to open it again, and expectations that throw
/// `ConformanceFailure`.
struct AccountCase: ConformanceExpectations {
    static let suite = "AccountStoreConformance"
    let store: any AccountStore
    let open: AccountStoreConformance.Opener
    let caseName: String
}
