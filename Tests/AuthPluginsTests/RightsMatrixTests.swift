import DAVCore
import RightsPlugins
import Testing

private let alice = Principal(name: "alice")
private let bob = Principal(name: "bob")
private let readWrite = Permissions.readOnly.union(.write)

private func path(_ raw: String) -> ResourcePath { try! ResourcePath(decoding: raw) }

private let paths = ["/", "/alice/", "/alice/cal/", "/alice/cal/x.ics", "/bob/", "/bob/cal/x.ics"]

/// Expected permissions per path (in `paths` order) for alice, bob and anonymous.
private struct Expectation {
    var alice: [Permissions]
    var bob: [Permissions]
    var anonymous: [Permissions] = Array(repeating: [], count: paths.count)
}

private func check(_ policy: some RightsPolicy, _ expected: Expectation) async throws {
    for (i, raw) in paths.enumerated() {
        let at = path(raw)
        #expect(try await policy.permissions(for: alice, at: at) == expected.alice[i], "alice at \(raw)")
        #expect(try await policy.permissions(for: bob, at: at) == expected.bob[i], "bob at \(raw)")
        #expect(try await policy.permissions(for: nil, at: at) == expected.anonymous[i], "anonymous at \(raw)")
    }
}

@Suite struct RightsMatrixTests {
    @Test func ownerOnly() async throws {
        //                       /      /alice/ /alice/cal/ /alice/cal/x.ics /bob/ /bob/cal/x.ics
        try await check(OwnerOnlyRights(), Expectation(
            alice: [.read, .all, .all, .all, [], []],
            bob: [.read, [], [], [], .all, .all]))
    }

    @Test func ownerWrite() async throws {
        try await check(OwnerWriteRights(), Expectation(
            alice: [.read, .all, .all, .all, .readOnly, .readOnly],
            bob: [.read, .readOnly, .readOnly, .readOnly, .all, .all]))
    }

    @Test func authenticated() async throws {
        try await check(AuthenticatedRights(), Expectation(
            alice: [.read, .all, .all, .all, readWrite, readWrite],
            bob: [.read, readWrite, readWrite, readWrite, .all, .all]))
    }

    @Test func theRootIsNeverWritable() async throws {
        let policies: [any RightsPolicy] = [OwnerOnlyRights(), OwnerWriteRights(), AuthenticatedRights()]
        for policy in policies {
            let granted = try await policy.permissions(for: alice, at: .root)
            #expect(granted.isDisjoint(with: .write))
        }
    }

    @Test func ownershipIsAnExactByteMatch() async throws {
        let policy = OwnerOnlyRights()
        #expect(try await policy.permissions(for: alice, at: path("/alicex/")) == [])
        #expect(try await policy.permissions(for: alice, at: path("/ALICE/")) == [])
        // Canonically equivalent but different bytes: storage would see another directory.
        let precomposed = Principal(name: "jos\u{E9}")
        #expect(try await policy.permissions(for: precomposed, at: path("/jose%CC%81/")) == [])
        #expect(try await policy.permissions(for: precomposed, at: path("/jos%C3%A9/cal/")) == .all)
    }
}
