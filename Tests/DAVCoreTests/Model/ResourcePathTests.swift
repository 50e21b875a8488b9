import Testing

import DAVCore

@Suite struct ResourcePathTests {
    @Test func ancestryRunsFromTheFirstSegmentDownToThePath() throws {
        let path = try ResourcePath(decoding: "/alice/calendar/a.ics")
        #expect(path.ancestry.map(\.segments) == [["alice"], ["alice", "calendar"], ["alice", "calendar", "a.ics"]])
        #expect(ResourcePath.root.ancestry.isEmpty)
    }
}
