/// One admin request on its way through the endpoint handlers (`AdminContext+Users`,
/// `AdminContext+Groups`): what was asked, by whom, and what it may change.
struct AdminContext: Sendable {
    let request: DAVRequest
    let principal: Principal
    let server: DAVServer
    let api: AdminAPI

    var storage: any Storage { server.storage }
    var groups: GroupStore { api.groups }

    /// The password accounts, or 404 when no configured authenticator manages passwords.
    func accounts() throws -> any PasswordAccounts {
        guard let accounts = api.accounts else {
            throw DAVError.notFound("This server manages no passwords (auth.type has no htpasswd or tofu)")
        }
        return accounts
    }

    /// `/<name>/`, the home of a user or the collection of a group. `name` has passed
    /// `UserName.isValid`, whose rules are stricter than a path segment's, so it needs no check.
    static func home(of name: String) -> ResourcePath {
        assert(UserName.isValid(name), "unchecked name \(name.debugDescription)")
        return ResourcePath(validated: [name])
    }

    /// Deletes `/<name>/` and everything in it; `false` when there was nothing.
    func deleteHome(of name: String) async throws -> Bool {
        do {
            try await storage.deleteCollection(at: Self.home(of: name))
            return true
        } catch let error as StorageError where error.code == .notFound {
            return false
        }
    }

    /// 201 naming the new resource.
    static func created(_ location: String) -> DAVResponse {
        DAVResponse(status: 201, headers: [("Location", location)])
    }

    static let noContent = DAVResponse(status: 204)
}
