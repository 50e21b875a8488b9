/// RFC 3744 §4 principal properties of `/<name>/`, for users and groups alike (they share the
/// URL space). Group data comes from `DAVServer.groups`; without a directory nobody is in a group.
enum PrincipalProperties {
    static let all: [LiveProperty] = [
        LiveProperty(.dav("principal-URL")) { target, _ in
            target.isPrincipal ? [.href(target.href)] : nil
        },
        // RFC 3744 §4.4: the groups a user is in (groups do not nest here).
        LiveProperty(.dav("group-membership")) { target, context in
            guard target.isPrincipal, let name = target.path.name else { return nil }
            guard let directory = context.server.groups,
                  try await directory.members(of: name) == nil else { return [] }
            return try await directory.groups(of: name).sorted().map { .href(ResourcePath.ownerHome($0)) }
        },
        // RFC 3744 §4.3: only group principals have members.
        LiveProperty(.dav("group-member-set")) { target, context in
            guard target.isPrincipal, let name = target.path.name,
                  let members = try await context.server.groups?.members(of: name) else { return nil }
            return members.sorted().map { .href(ResourcePath.ownerHome($0)) }
        },
    ]
}
