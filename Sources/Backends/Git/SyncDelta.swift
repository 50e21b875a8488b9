/// The bookkeeping of one `changes(since:)` answer (RFC 6578 §3): fed the steps of a
/// collection's history oldest first, it keeps each member's latest change and cuts pages.
///
/// A pure value, so the rules are tested without a repository:
/// - a member appears once, at its latest change, so "oldest first" orders by last change;
/// - a deletion of something the client never had (created and deleted since its token) is left
///   out;
/// - a page ends on a step boundary, so its token (that step's state) covers exactly what the page
///   reported; a single step larger than `limit` is returned whole rather than never.
struct SyncDelta: Sendable {
    private struct Event {
        var step: Int
        var name: String
        var deleted: Bool
    }

    private var events: [Event] = []
    /// The index in `events` of each name's latest event.
    private var latest: [String: Int] = [:]

    /// Records what step `step` (increasing) changed and deleted.
    mutating func record(step: Int, changed: [String], deleted: [String]) {
        for name in changed { append(Event(step: step, name: name, deleted: false)) }
        for name in deleted { append(Event(step: step, name: name, deleted: true)) }
    }

    private mutating func append(_ event: Event) {
        latest[event.name] = events.count
        events.append(event)
    }

    struct Page: Equatable, Sendable {
        var changed: [String] = []
        var deleted: [String] = []
        /// The last step the page covers; `nil` when it covers nothing.
        var lastStep: Int?
        var truncated = false
    }

    /// The changes to report, at most `limit` unless one step alone is larger. `existedBefore`
    /// says whether the client's state had a member of that name.
    func page(limit: Int?, existedBefore: (String) -> Bool) -> Page {
        var page = Page()
        var count = 0
        var i = 0
        while i < events.count {
            let step = events[i].step
            var group: [Event] = []
            while i < events.count && events[i].step == step {
                let event = events[i]
                if latest[event.name] == i && (!event.deleted || existedBefore(event.name)) { group.append(event) }
                i += 1
            }
            if group.isEmpty { continue }
            if let limit, count > 0, count + group.count > limit {
                page.truncated = true
                break
            }
            for event in group {
                if event.deleted { page.deleted.append(event.name) } else { page.changed.append(event.name) }
            }
            count += group.count
            page.lastStep = step
        }
        return page
    }
}
