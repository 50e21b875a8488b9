/// One admin API endpoint, parsed from the still percent-encoded request path.
///
/// ```
/// /.admin/users                          GET list, POST create
/// /.admin/users/<user>                   DELETE
/// /.admin/users/<user>/password          PUT
/// /.admin/groups                         GET list, POST create
/// /.admin/groups/<group>                 GET, DELETE
/// /.admin/groups/<group>/members         PUT (replace all)
/// /.admin/groups/<group>/members/<user>  PUT (add), DELETE (remove)
/// ```
/// `/.admin` starts with a dot, which `ResourcePath` refuses, so no user's collection can ever
/// have these paths.
enum AdminEndpoint: Sendable, Equatable {
    case users
    case user(String)
    case password(String)
    case groups
    case group(String)
    case members(String)
    case member(String, group: String)

    static let prefix = "/.admin"

    /// Whether the path is under `/.admin` (and so for `AdminAPI`, never for storage).
    static func matches(_ rawPath: String) -> Bool {
        rawPath == prefix || rawPath.hasPrefix(prefix + "/")
    }

    /// The endpoint at `rawPath`: `DAVError` 404 for none, 400 for a name that is not
    /// percent-encoded UTF-8 or fails `UserName.isValid`.
    init(rawPath: String) throws {
        var parts = rawPath.dropFirst(Self.prefix.count).split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if parts.last?.isEmpty == true { parts = parts.dropLast() }  // tolerate one trailing slash
        let names = try parts.map(Self.name)
        switch (names.first, names.count) {
        case ("users"?, 1): self = .users
        case ("users"?, 2): self = .user(try Self.valid(names[1]))
        case ("users"?, 3) where names[2] == "password": self = .password(try Self.valid(names[1]))
        case ("groups"?, 1): self = .groups
        case ("groups"?, 2): self = .group(try Self.valid(names[1]))
        case ("groups"?, 3) where names[2] == "members": self = .members(try Self.valid(names[1]))
        case ("groups"?, 4) where names[2] == "members":
            self = .member(try Self.valid(names[3]), group: try Self.valid(names[1]))
        default: throw DAVError.notFound("No admin API endpoint at \(rawPath)")
        }
    }

    /// The methods this endpoint answers, for 405's `Allow`.
    var allowedMethods: [String] {
        switch self {
        case .users, .groups: ["GET", "POST"]
        case .user: ["DELETE"]
        case .password, .members: ["PUT"]
        case .group: ["GET", "DELETE"]
        case .member: ["PUT", "DELETE"]
        }
    }

    private static func name(_ part: Substring) throws -> String {
        do {
            return try ResourcePath.percentDecode(part.utf8)
        } catch {
            throw DAVError.badRequest("Invalid admin API path (\(error))")
        }
    }

    private static func valid(_ name: String) throws -> String {
        try UserName.validate(name)
        return name
    }
}
