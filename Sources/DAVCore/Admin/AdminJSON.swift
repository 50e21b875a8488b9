import FoundationEssentials

/// Request and response bodies of the admin API: small JSON objects. Secrets travel only in
/// bodies, never in paths or query strings, which end up in proxy and access logs.
enum AdminJSON {
    struct NewUser: Decodable { var name: String; var password: String }
    struct NewPassword: Decodable { var password: String }
    struct NewGroup: Decodable { var name: String; var members: [String]? }
    struct Members: Decodable { var members: [String] }
    struct UserList: Encodable { var users: [String] }
    struct Group: Encodable { var name: String; var members: [String] }
    struct GroupList: Encodable { var groups: [Group] }

    /// The body decoded as `T`, or 400 showing the expected shape. The decoder's own message is
    /// not echoed: it can quote the body, which may hold a password.
    static func decode<T: Decodable>(_ type: T.Type, from request: DAVRequest, shape: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(request.body))
        } catch {
            throw DAVError.badRequest("The body must be a JSON object like \(shape)")
        }
    }

    /// A 200 response with `value` as JSON.
    static func response(_ value: some Encodable) throws -> DAVResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return DAVResponse(status: 200, body: Array(try encoder.encode(value)) + [UInt8(ascii: "\n")],
                           contentType: "application/json")
    }

    /// A password as the admin API accepts it: not empty, no NUL (the hash functions take C
    /// strings), at most 1024 bytes (bcrypt reads only 72 anyway; the cap keeps hashing cheap).
    static func checkPassword(_ password: String) throws {
        guard !password.isEmpty, !password.utf8.contains(0), password.utf8.count <= 1024 else {
            throw DAVError.badRequest("The password must be 1 to 1024 bytes without NUL")
        }
    }
}
