import DAVCore
import DAVTesting
import Testing

/// `GroupStore` on its own: names, membership changes, and the short cache of `groups(of:)`.
@Suite struct GroupStoreTests {
    @Test func membershipChanges() async throws {
        let groups = GroupStore(store: MemoryAccountStore())
        try await groups.create("staff", members: ["bob", "alice", "bob"])
        #expect(try await groups.members(of: "staff") == ["alice", "bob"], "sorted, without duplicates")
        try await groups.create("band", members: ["alice"])
        #expect(try await groups.groups(of: "alice") == ["staff", "band"])
        #expect(try await groups.groups(of: "carol") == [])
        #expect(try await groups.allMembers().keys.sorted() == ["band", "staff"])
        try await groups.add("carol", to: "band")
        try await groups.setMembers(of: "staff", to: [])
        #expect(try await groups.groups(of: "alice") == ["band"])
        #expect(try await groups.removeEverywhere("alice") == ["band"])
        #expect(try await groups.members(of: "band") == ["carol"])
        try await groups.delete("band")
        #expect(try await groups.members(of: "band") == nil)
        #expect(try await groups.allMembers().keys.sorted() == ["staff"])
    }

    @Test func refusals() async throws {
        let groups = GroupStore(store: MemoryAccountStore(), users: MemoryPasswordAccounts(["alice": "pa"]))
        await #expect(throws: AccountError.exists("alice")) { try await groups.create("alice", members: []) }
        await #expect(throws: AccountError.invalidName("a b")) { try await groups.create("a b", members: []) }
        await #expect(throws: AccountError.invalidName("..")) { try await groups.create("ok", members: [".."]) }
        try await groups.create("staff", members: [])
        await #expect(throws: AccountError.exists("staff")) { try await groups.create("staff", members: ["x"]) }
        await #expect(throws: AccountError.notFound("nope")) { try await groups.add("alice", to: "nope") }
        await #expect(throws: AccountError.notFound("alice")) { try await groups.remove("alice", from: "staff") }
        await #expect(throws: AccountError.notFound("nope")) { try await groups.setMembers(of: "nope", to: []) }
        await #expect(throws: AccountError.notFound("nope")) { try await groups.delete("nope") }
        #expect(try await groups.members(of: "staff") == [], "refused changes left the group as it was")
    }

    @Test func otherWritersAreSeenAfterTheCacheLifetime() async throws {
        let store = MemoryAccountStore()
        let clock = TestClock()
        let server = GroupStore(store: store, cacheLifetime: .milliseconds(300), now: { clock.now })
        let cli = GroupStore(store: store)
        #expect(try await server.groups(of: "alice") == [])
        try await cli.create("staff", members: ["alice"])
        clock.advance(by: .milliseconds(299))
        #expect(try await server.groups(of: "alice") == [], "answered from the cache")
        clock.advance(by: .milliseconds(1))
        #expect(try await server.groups(of: "alice") == ["staff"], "seen once the cache expired")
        try await server.remove("alice", from: "staff")
        #expect(try await server.groups(of: "alice") == [], "its own change is seen at once")
    }

    @Test func aDamagedRecordIsAStorageError() async throws {
        let store = MemoryAccountStore()
        try await store.update(.group, named: "staff") { _ in Array("not json".utf8) }
        let groups = GroupStore(store: store)
        await #expect(throws: StorageError.self) { try await groups.groups(of: "alice") }
        await #expect(throws: StorageError.self) { try await groups.add("alice", to: "staff") }
    }
}
