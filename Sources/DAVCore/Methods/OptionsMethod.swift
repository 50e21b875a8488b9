/// OPTIONS (RFC 4918 §9.1 and §18): answered without authentication, since it reveals nothing
/// about stored data and DAVx5/Evolution probe it on principals and collections.
struct OptionsMethod: MethodHandler {
    /// Exactly what is implemented: no class 2 (no LOCK), RFC 4791 §5.1, RFC 6352 §6.1,
    /// RFC 5689 §3.1.
    static let davClasses = "1, 3, calendar-access, addressbook, extended-mkcol"

    func handle(_ context: RequestContext) async throws -> DAVResponse {
        DAVResponse(status: 200, headers: [
            ("Allow", context.server.allowHeader), ("Content-Length", "0"),
        ])
    }
}
