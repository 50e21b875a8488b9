/// `/.admin/groups…`: groups in the `GroupStore`, each with a plain collection `/<group>/`
/// that rights plugins can share with its members.
extension AdminContext {
    func listGroups() async throws -> DAVResponse {
        let all = try await groups.allMembers()
        let list = all.keys.sorted().map { AdminJSON.Group(name: $0, members: all[$0] ?? []) }
        return try AdminJSON.response(AdminJSON.GroupList(groups: list))
    }

    func showGroup(_ group: String) async throws -> DAVResponse {
        guard let members = try await groups.storedMembers(of: group) else { throw AccountError.notFound(group) }
        return try AdminJSON.response(AdminJSON.Group(name: group, members: members))
    }

    /// Creates the record, then `/<group>/` (`GroupStore.create(_:members:collectionIn:)`).
    func createGroup() async throws -> DAVResponse {
        let body = try AdminJSON.decode(AdminJSON.NewGroup.self, from: request,
                                        shape: #"{"name": "staff", "members": ["alice", "bob"]}"#)
        try await groups.create(body.name, members: body.members ?? [], collectionIn: storage)
        return Self.created("/.admin/groups/\(body.name)")
    }

    /// Deletes the record and `/<group>/` with everything shared in it.
    func deleteGroup(_ group: String) async throws -> DAVResponse {
        try await groups.delete(group, collectionIn: storage)
        return Self.noContent
    }

    func replaceMembers(of group: String) async throws -> DAVResponse {
        let body = try AdminJSON.decode(AdminJSON.Members.self, from: request, shape: #"{"members": ["alice", "bob"]}"#)
        try await groups.setMembers(of: group, to: body.members)
        return Self.noContent
    }

    func add(_ user: String, to group: String) async throws -> DAVResponse {
        try await groups.add(user, to: group)
        return Self.noContent
    }

    func remove(_ user: String, from group: String) async throws -> DAVResponse {
        try await groups.remove(user, from: group)
        return Self.noContent
    }
}
