extension Storage {
    /// The objects of `collection` that may match `query`: the backend's candidates, or every
    /// object member (none of them exact) when the backend does not narrow.
    func candidates(_ query: StorageQuery, in collection: ResourcePath) async throws -> [QueryCandidate] {
        if let narrowed = try await self.query(query, in: collection) { return narrowed }
        return try await members(of: collection).compactMap { member in
            guard case .object(let info) = member, let name = info.path.name else { return nil }
            return QueryCandidate(name: name, isExactMatch: false)
        }
    }
}
