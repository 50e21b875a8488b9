import DAVCore
import Testing

/// The narrowing rule every indexing backend shares: it may keep too much, never too little.
@Suite struct StorageQueryTests {
    @Test func componentTypeComparesWithoutCase() {
        let query = StorageQuery(componentType: "vevent")
        #expect(query.mayMatch(component: "VEVENT", firstStart: nil, lastEnd: nil))
        #expect(StorageQuery(componentType: "VEVENT").mayMatch(component: "vevent", firstStart: nil, lastEnd: nil))
        #expect(!query.mayMatch(component: "VTODO", firstStart: nil, lastEnd: nil))
        #expect(StorageQuery(componentType: "vToDo").mayMatch(component: "VTODO", firstStart: nil, lastEnd: nil))
        // Only letters fold: "@" and "`" differ by the case bit but are different characters.
        #expect(!StorageQuery(componentType: "X@").mayMatch(component: "X`", firstStart: nil, lastEnd: nil))
        #expect(!StorageQuery(componentType: "VEVENT").mayMatch(component: "VEVENTS", firstStart: nil, lastEnd: nil))
    }

    @Test func unknownValuesMayMatch() {
        let query = StorageQuery(componentType: "VEVENT", timeRangeStart: 100, timeRangeEnd: 200)
        #expect(query.mayMatch(component: nil, firstStart: nil, lastEnd: nil))
        #expect(query.mayMatch(component: "VEVENT", firstStart: nil, lastEnd: 150))
        #expect(query.mayMatch(component: "VEVENT", firstStart: 150, lastEnd: nil))
    }

    @Test func timeBoundsAreInclusiveAtBothEnds() {
        let query = StorageQuery(timeRangeStart: 100, timeRangeEnd: 200)
        #expect(query.mayMatch(component: nil, firstStart: 50, lastEnd: 100))
        #expect(query.mayMatch(component: nil, firstStart: 200, lastEnd: 300))
        #expect(!query.mayMatch(component: nil, firstStart: 50, lastEnd: 99))
        #expect(!query.mayMatch(component: nil, firstStart: 201, lastEnd: 300))
        #expect(StorageQuery().mayMatch(component: "VCARD", firstStart: 0, lastEnd: 1))
    }
}
