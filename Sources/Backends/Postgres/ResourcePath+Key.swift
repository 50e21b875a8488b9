import DAVCore

extension ResourcePath {
    /// The `collections.path` form: `/` for the root, else `/alice/cal` (segments never contain
    /// `/`, so the join is unambiguous).
    var key: String { isRoot ? "/" : "/" + segments.joined(separator: "/") }

    /// The owning principal's name: the first segment (`nil` for the root).
    var principalName: String? { segments.first }
}

extension CollectionKind {
    /// The `collections.kind` value.
    var column: String {
        switch self {
        case .plain: "plain"
        case .calendar: "calendar"
        case .addressBook: "addressbook"
        }
    }

    init?(column: String) {
        switch column {
        case "plain": self = .plain
        case "calendar": self = .calendar
        case "addressbook": self = .addressBook
        default: return nil
        }
    }
}
