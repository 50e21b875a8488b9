import Testing

@testable import GitStorage

/// `SyncDelta`'s rules as transcripts: steps in, a page out. No repository involved.
@Suite struct GitSyncDeltaTests {
    static func delta(_ steps: [(changed: [String], deleted: [String])]) -> SyncDelta {
        var delta = SyncDelta()
        for (i, step) in steps.enumerated() { delta.record(step: i, changed: step.changed, deleted: step.deleted) }
        return delta
    }

    @Test func membersAppearOnceAtTheirLatestChangeOldestFirst() {
        let page = Self.delta([(["a"], []), (["b"], []), (["a"], []), ([], ["c"])]).page(limit: nil) { _ in true }
        #expect(page == SyncDelta.Page(changed: ["b", "a"], deleted: ["c"], lastStep: 3, truncated: false))
    }

    @Test func aDeletionOfSomethingTheClientNeverHadIsLeftOut() {
        let steps: [(changed: [String], deleted: [String])] = [(["temp"], []), ([], ["temp"]), ([], ["old"])]
        let page = Self.delta(steps).page(limit: nil) { $0 == "old" }
        #expect(page.changed.isEmpty && page.deleted == ["old"])
    }

    @Test func deletedThenRecreatedIsChanged() {
        let page = Self.delta([([], ["a"]), (["a"], [])]).page(limit: nil) { _ in true }
        #expect(page.changed == ["a"] && page.deleted.isEmpty)
    }

    @Test func pagesEndOnStepBoundaries() {
        let steps: [(changed: [String], deleted: [String])] = [(["a"], []), (["b"], []), (["c", "d"], []), (["e"], [])]
        let first = Self.delta(steps).page(limit: 3) { _ in true }
        // c and d changed in one step: both or neither.
        #expect(first == SyncDelta.Page(changed: ["a", "b"], deleted: [], lastStep: 1, truncated: true))
        let exact = Self.delta(steps).page(limit: 4) { _ in true }
        #expect(exact == SyncDelta.Page(changed: ["a", "b", "c", "d"], deleted: [], lastStep: 2, truncated: true))
        let all = Self.delta(steps).page(limit: 5) { _ in true }
        #expect(all.changed.count == 5 && !all.truncated)
    }

    @Test func aStepLargerThanTheLimitComesWholeRatherThanNever() {
        let page = Self.delta([(["a", "b", "c"], []), (["d"], [])]).page(limit: 2) { _ in true }
        #expect(page == SyncDelta.Page(changed: ["a", "b", "c"], deleted: [], lastStep: 0, truncated: true))
    }

    @Test func stepsWhoseChangesWereSupersededCostNothing() {
        // Step 0 only touched a, which changed again later: the page starts at step 1.
        let page = Self.delta([(["a"], []), (["b"], []), (["a"], [])]).page(limit: 1) { _ in true }
        #expect(page == SyncDelta.Page(changed: ["b"], deleted: [], lastStep: 1, truncated: true))
    }

    @Test func tokensAreURIsThatParseBack() throws {
        let tree = try #require(GitOID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbee4904"))
        let commit = try #require(GitOID(hex: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"))
        for token in [GitSyncToken(tree: tree), GitSyncToken(tree: tree, commit: commit)] {
            #expect(token.string.hasPrefix("urn:x-pocketdav:git:"))
            #expect(GitSyncToken(parsing: token.string) == token)
        }
        for bad in ["", "urn:x-pocketdav:git:", "urn:x-pocketdav:git:xyz", "urn:x-pocketdav:sync:abc:1",
                    "urn:x-pocketdav:git:4b825dc642cb6eb9a060e54bf8d69288fbee4904:", "urn:x-pocketdav:git:4b825dc6"] {
            #expect(GitSyncToken(parsing: bad) == nil, "\(bad)")
        }
    }
}
