import DAVCore

/// A `GroupDirectory` over a fixed table (group → members), for tests that need group members
/// but are not about storing groups.
public struct StaticGroups: GroupDirectory {
    public let table: [String: [String]]

    public init(_ table: [String: [String]]) { self.table = table }

    public func groups(of user: String) async throws -> Set<String> {
        Set(table.filter { $0.value.contains(user) }.keys)
    }

    public func members(of group: String) async throws -> [String]? { table[group] }
}
