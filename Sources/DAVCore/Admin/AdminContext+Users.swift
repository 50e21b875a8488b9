/// `/.admin/users…`: password accounts. A user and a group never share a name (both are the
/// first path segment), so each side refuses the other's names with 409.
extension AdminContext {
    func listUsers() async throws -> DAVResponse {
        try AdminJSON.response(AdminJSON.UserList(users: try await accounts().users().sorted()))
    }

    func createUser() async throws -> DAVResponse {
        let accounts = try accounts()
        let body = try AdminJSON.decode(AdminJSON.NewUser.self, from: request, shape: #"{"name": "alice", "password": "…"}"#)
        try UserName.validate(body.name)
        try AdminJSON.checkPassword(body.password)
        if try await groups.storedMembers(of: body.name) != nil {
            throw DAVError.conflict("'\(body.name)' is a group; users and groups never share a name")
        }
        try await accounts.create(user: body.name, password: body.password)
        return Self.created("/.admin/users/\(body.name)")
    }

    /// The user themself or an admin (checked by `AdminAPI.authorize`).
    func setPassword(of user: String) async throws -> DAVResponse {
        let accounts = try accounts()
        let body = try AdminJSON.decode(AdminJSON.NewPassword.self, from: request, shape: #"{"password": "…"}"#)
        try AdminJSON.checkPassword(body.password)
        try await accounts.setPassword(user: user, password: body.password)
        return Self.noContent
    }

    /// Deletes the password first (so the user cannot log in while the rest goes), then the
    /// group memberships, then `/<user>/` with all their collections. 404 when none of these
    /// existed; 409 for a group's name (its collection is not a user's to delete).
    func deleteUser(_ user: String) async throws -> DAVResponse {
        if try await groups.storedMembers(of: user) != nil {
            throw DAVError.conflict("'\(user)' is a group; delete it with DELETE /.admin/groups/\(user)")
        }
        var found = false
        if let accounts = api.accounts {
            do {
                try await accounts.delete(user: user)
                found = true
            } catch let error as AccountError where error == .notFound(user) {}
        }
        if try await !groups.removeEverywhere(user).isEmpty { found = true }
        if try await deleteHome(of: user) { found = true }
        server.provisioned.remove(user)
        guard found else { throw AccountError.notFound(user) }
        return Self.noContent
    }
}
