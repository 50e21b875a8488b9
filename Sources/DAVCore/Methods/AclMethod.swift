/// ACL (RFC 3744 §8.1): replaces the access control list of a collection; 200 on success.
///
/// With a rights plugin that has no ACLs (owner_only, …) the method is 405 with an `Allow`
/// header without ACL, like any method this server does not offer: the request is fine, the
/// server is configured without it (`[rights] type = "acl"` enables it).
struct AclMethod: MethodHandler {
    func handle(_ context: RequestContext) async throws -> DAVResponse {
        guard let control = context.server.accessControl else {
            throw DAVError(405, "ACLs need [rights] type = \"acl\" in the server configuration",
                           headers: [("Allow", context.server.allowHeader)])
        }
        guard let body = try context.xmlBody() else { throw DAVError.badRequest("ACL needs a DAV:acl body (RFC 3744 §8.1)") }
        try await ACLRequest.apply(body, control: control, context: context)
        return DAVResponse(status: 200, headers: [("Content-Length", "0")])
    }
}
