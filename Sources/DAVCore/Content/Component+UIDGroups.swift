extension Sequence<Component> {
    /// The components grouped by name and UID, each group and its members in order of first
    /// appearance: a recurring component with its overrides, which share both (RFC 5545
    /// §3.8.4.4). A missing UID groups as the empty one.
    func groupedByUID() -> [[Component]] {
        var groups: [[Component]] = []
        var index: [UIDGroupKey: Int] = [:]
        for c in self {
            let key = UIDGroupKey(name: c.name, uid: c.uid ?? "")
            if let i = index[key] {
                groups[i].append(c)
            } else {
                index[key] = groups.count
                groups.append([c])
            }
        }
        return groups
    }
}

private struct UIDGroupKey: Hashable {
    var name: String
    var uid: String
}
