import DAVCore
import DAVTesting
import Logging
import RightsPlugins
import Synchronization
import Testing

/// `DAVServer` tells storage who is writing through the `ChangeAuthor` task-local (the git backend
/// makes it the commit author).
@Suite struct ChangeAuthorTests {
    @Test func writesSeeTheAuthenticatedPrincipalProvisioningIncluded() async throws {
        let storage = AuthorRecordingStorage()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let server = DAVServer(storage: storage, authenticator: StaticAuthenticator(["alice": "pa", "bob": "pb"]),
                               rights: AuthenticatedRights(), logger: logger)
        let alice = DAVTestClient(server: server, user: "alice", password: "pa")
        let bob = DAVTestClient(server: server, user: "bob", password: "pb")
        try await alice.put("/alice/calendar/a.ics", Payloads.event(uid: "a"))
        try await bob.put("/alice/calendar/b.ics", Payloads.event(uid: "b"))
        let seen = storage.writes.withLock { $0 }
        // First logins create each user's home and default collections, under that user's name.
        #expect(seen.filter { $0.operation == "createCollection" }.allSatisfy { $0.path.hasPrefix("/\($0.author ?? "?")") })
        #expect(seen.contains { $0 == .init(operation: "putObject", path: "/alice/calendar/a.ics", author: "alice") })
        #expect(seen.contains { $0 == .init(operation: "putObject", path: "/alice/calendar/b.ics", author: "bob") },
                "the author is who wrote, not whose space it is")
        #expect(ChangeAuthor.name == nil, "the binding ends with the request")
    }
}

/// `MemoryStorage` that notes the `ChangeAuthor` of every write.
final class AuthorRecordingStorage: Storage {
    struct Write: Equatable, Sendable {
        var operation: String
        var path: String
        var author: String?
    }

    let base = MemoryStorage()
    let writes = Mutex<[Write]>([])

    private func note(_ operation: String, _ path: ResourcePath) {
        let author = ChangeAuthor.name
        writes.withLock { $0.append(Write(operation: operation, path: path.description, author: author)) }
    }

    func resource(at path: ResourcePath) async throws -> Resource? { try await base.resource(at: path) }
    func members(of collection: ResourcePath) async throws -> [Resource] { try await base.members(of: collection) }
    func objects(in collection: ResourcePath, named names: [String]) async throws -> [StoredObject] {
        try await base.objects(in: collection, named: names)
    }
    func changes(in collection: ResourcePath, since token: String?, limit: Int?) async throws -> ChangeSet {
        try await base.changes(in: collection, since: token, limit: limit)
    }

    func putObject(_ content: ObjectContent, at path: ResourcePath, condition: WriteCondition) async throws -> PutOutcome {
        note("putObject", path)
        return try await base.putObject(content, at: path, condition: condition)
    }

    func deleteObject(at path: ResourcePath, condition: WriteCondition) async throws {
        note("deleteObject", path)
        try await base.deleteObject(at: path, condition: condition)
    }

    func createCollection(at path: ResourcePath, kind: CollectionKind, properties: [QName: PropertyValue]) async throws {
        note("createCollection", path)
        try await base.createCollection(at: path, kind: kind, properties: properties)
    }

    func deleteCollection(at path: ResourcePath) async throws {
        note("deleteCollection", path)
        try await base.deleteCollection(at: path)
    }

    func transfer(from source: ResourcePath, to destination: ResourcePath, overwrite: Bool, keepSource: Bool) async throws -> Bool {
        note("transfer", destination)
        return try await base.transfer(from: source, to: destination, overwrite: overwrite, keepSource: keepSource)
    }

    func setProperties(_ changes: [QName: PropertyValue?], at path: ResourcePath) async throws {
        note("setProperties", path)
        try await base.setProperties(changes, at: path)
    }
}
