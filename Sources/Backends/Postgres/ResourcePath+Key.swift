import DAVCore

extension ResourcePath {
    /// The `collections.path` form: `/` for the root, else `/alice/cal` (segments never contain
    /// `/`, so the join is unambiguous).
    var key: String { isRoot ? "/" : "/" + segments.joined(separator: "/") }

    /// The owning principal's name: the first segment (`nil` for the root).
    var principalName: String? { segments.first }
}
