import Logging

/// Account and group management over HTTP, under `/.admin/` (see `AdminEndpoint` for the URLs
/// and docs/admin-api.md for the bodies and answers).
///
/// Every call is authenticated by the server's own authenticator chain (401 with the Basic
/// challenge otherwise) and authorised by `role` (403): admins may do everything, any user may
/// change their own password. Every call is logged at `notice` with who asked, what, and the
/// status; bodies (which hold passwords) never are.
///
/// Depends only on protocols (`PasswordAccounts`, `AccountStore` through `GroupStore`,
/// `Storage`), so it works with whichever plugins `Wiring` chose.
public struct AdminAPI: Sendable {
    /// Where passwords live; `nil` when no configured authenticator manages them (the user
    /// endpoints then answer 404, except DELETE, which still clears groups and collections).
    public let accounts: (any PasswordAccounts)?
    public let groups: GroupStore
    public let role: AdminRole

    public init(accounts: (any PasswordAccounts)?, groups: GroupStore, role: AdminRole) {
        self.accounts = accounts
        self.groups = groups
        self.role = role
    }

    /// Answers one admin request for `principal` (`nil`: no credentials were offered).
    func handle(_ request: DAVRequest, principal: Principal?, server: DAVServer, logger: Logger) async throws
        -> DAVResponse
    {
        guard let principal else { throw server.authenticationChallenge() }
        let action = "\(request.method) \(request.rawPath)"
        do {
            let response = try await respond(to: request, principal: principal, server: server)
            log(action, by: principal, status: response.status, logger: logger)
            return response
        } catch {
            log(action, by: principal, status: ErrorMapping.davError(for: error).status, logger: logger)
            throw error
        }
    }

    private func respond(to request: DAVRequest, principal: Principal, server: DAVServer) async throws -> DAVResponse {
        let endpoint = try AdminEndpoint(rawPath: request.rawPath)
        guard endpoint.allowedMethods.contains(request.method) else {
            let allowed = endpoint.allowedMethods.joined(separator: ", ")
            throw DAVError(405, "\(request.rawPath) answers \(allowed)", headers: [("Allow", allowed)])
        }
        try authorize(principal, for: endpoint)
        let context = AdminContext(request: request, principal: principal, server: server, api: self)
        switch (endpoint, request.method) {
        case (.users, "GET"): return try await context.listUsers()
        case (.users, _): return try await context.createUser()
        case (.user(let name), _): return try await context.deleteUser(name)
        case (.password(let name), _): return try await context.setPassword(of: name)
        case (.groups, "GET"): return try await context.listGroups()
        case (.groups, _): return try await context.createGroup()
        case (.group(let name), "GET"): return try await context.showGroup(name)
        case (.group(let name), _): return try await context.deleteGroup(name)
        case (.members(let group), _): return try await context.replaceMembers(of: group)
        case (.member(let user, let group), "PUT"): return try await context.add(user, to: group)
        case (.member(let user, let group), _): return try await context.remove(user, from: group)
        }
    }

    /// Admins may do everything; other users only change their own password. API keys (and
    /// read-only principals) never reach the admin API: it needs the user's own password.
    private func authorize(_ principal: Principal, for endpoint: AdminEndpoint) throws {
        if principal.isDelegated || principal.isReadOnly {
            throw DAVError.forbidden("The admin API needs a password login, not an API key")
        }
        if role.includes(principal) { return }
        if case .password(let name) = endpoint, name == principal.name { return }
        throw DAVError.forbidden("\(principal.name) is not an administrator")
    }

    private func log(_ action: String, by principal: Principal, status: Int, logger: Logger) {
        logger.notice("admin request", metadata: [
            "admin.by": "\(principal.name)", "admin.action": "\(action)", "admin.status": "\(status)",
        ])
    }
}
