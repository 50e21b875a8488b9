import DAVCore

/// What one conformance case works with: the storage under test, expectation helpers that throw
/// `ConformanceFailure`, and the standard tree most cases start from.
struct ConformanceContext: ConformanceExpectations {
    static let suite = "StorageConformanceSuite"
    let storage: any Storage
    let caseName: String

    // MARK: - Expectations

    /// Runs `body` and requires it to throw a `StorageError` with `code`; returns that error.
    @discardableResult
    func expectError<T>(
        _ code: StorageError.Code, _ what: String, line: UInt = #line, _ body: () async throws -> T
    ) async throws -> StorageError {
        do {
            let value = try await body()
            throw fail("\(what): expected StorageError \(code), got success (\(value))", line: line)
        } catch let error as StorageError {
            try expect(error.code == code, "\(what): expected StorageError \(code), got \(error)", line: line)
            return error
        } catch let failure as ConformanceFailure {
            throw failure
        } catch {
            throw fail("\(what): expected StorageError \(code), got \(error)", line: line)
        }
    }

    // MARK: - Reading back

    func object(_ path: String, line: UInt = #line) async throws -> StoredObject {
        let p = Self.path(path)
        guard let parent = p.parent, let name = p.name,
            let found = try await storage.objects(in: parent, named: [name]).first
        else { throw fail("expected an object at \(path)", line: line) }
        try expect(found.info.path == p, "objects(named:) returned \(found.info.path) for \(path)", line: line)
        return found
    }

    func objectInfo(_ path: String, line: UInt = #line) async throws -> ObjectInfo {
        guard case .object(let info)? = try await storage.resource(at: Self.path(path)) else {
            throw fail("expected resource(at: \(path)) to be an object", line: line)
        }
        return info
    }

    func collectionInfo(_ path: String, line: UInt = #line) async throws -> CollectionInfo {
        guard case .collection(let info)? = try await storage.resource(at: Self.path(path)) else {
            throw fail("expected resource(at: \(path)) to be a collection", line: line)
        }
        return info
    }

    func expectAbsent(_ path: String, line: UInt = #line) async throws {
        let found = try await storage.resource(at: Self.path(path))
        try expect(found == nil, "expected nothing at \(path), found \(String(describing: found))", line: line)
    }

    func memberNames(_ path: String) async throws -> [String] {
        try await storage.members(of: Self.path(path)).compactMap { $0.path.name }
    }

    // MARK: - Writing

    @discardableResult
    func put(_ path: String, _ content: ObjectContent, _ condition: WriteCondition = .none) async throws
        -> PutOutcome
    {
        try await storage.putObject(content, at: Self.path(path), condition: condition)
    }

    func mkcol(_ path: String, _ kind: CollectionKind, _ properties: [QName: PropertyValue] = [:]) async throws {
        try await storage.createCollection(at: Self.path(path), kind: kind, properties: properties)
    }

    /// `/alice/` (plain) holding `cal/` (calendar), `book/` (address book) and `files/` (plain).
    func makeStandardTree() async throws {
        try await mkcol("/alice", .plain)
        try await mkcol("/alice/cal", .calendar, [.dav("displayname"): PropertyValue(text: "Work")])
        try await mkcol("/alice/book", .addressBook)
        try await mkcol("/alice/files", .plain)
    }

    static func path(_ raw: String) -> ResourcePath {
        do { return try ResourcePath(decoding: raw) } catch { preconditionFailure("bad test path \(raw): \(error)") }
    }
}
