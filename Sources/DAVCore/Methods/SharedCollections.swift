/// Collections other users share with the caller, listed in the caller's own home at Depth 1
/// so that DAVx5, iOS and Thunderbird find them by home-set discovery, with no manual URL.
///
/// They keep their real hrefs (`/<owner>/<name>/`): clients accept members outside the home,
/// and one URL per collection means one sync state. Each is shown only while the caller can
/// read it, so a revoked grant (or a stale share index) hides it at once;
/// `current-user-privilege-set` then tells the client whether it is read-only.
enum SharedCollections {
    static func targets(in home: PropertyTarget, context: RequestContext) async throws -> [PropertyTarget] {
        guard let control = context.server.accessControl, let principal = context.principal,
              principal.owns(home.path) else { return [] }
        var targets: [PropertyTarget] = []
        for path in try await control.sharedCollections(with: principal) {
            guard !path.isRoot, !principal.owns(path),
                  try await context.permissions(at: path).contains(.read),
                  let collection = try await context.storage.collection(at: path) else { continue }
            targets.append(PropertyTarget(resource: .collection(collection)))
        }
        return targets
    }
}
