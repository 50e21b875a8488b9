/// What a collection holds. The raw values are the `tag` of Radicale's `.Radicale.props`.
public enum CollectionKind: String, Sendable, Hashable, CaseIterable {
    /// A plain WebDAV collection: principals, homes, generic folders. Holds files and collections.
    case plain = ""
    /// A CalDAV calendar (RFC 4791 §4.2): holds iCalendar objects only, no sub-collections.
    case calendar = "VCALENDAR"
    /// A CardDAV address book (RFC 6352 §5.2): holds vCards only, no sub-collections.
    case addressBook = "VADDRESSBOOK"

    /// Whether the collection may contain other collections (RFC 4791 §4.2: calendars may not).
    public var mayContainCollections: Bool { self == .plain }

    /// The name backends store for the kind (git's `.pocketdav-props.json`, PostgreSQL's
    /// `collections.kind`): `plain`, `calendar` or `addressbook`. Stored data depends on these
    /// exact strings.
    public var storageName: String {
        switch self {
        case .plain: "plain"
        case .calendar: "calendar"
        case .addressBook: "addressbook"
        }
    }

    /// The kind `storageName` names; `nil` for any other string.
    public init?(storageName: String) {
        guard let kind = Self.allCases.first(where: { $0.storageName == storageName }) else { return nil }
        self = kind
    }
}
