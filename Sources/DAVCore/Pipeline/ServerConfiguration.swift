/// What the core needs to know beyond its plugins.
public struct ServerConfiguration: Sendable {
    /// The realm in `WWW-Authenticate: Basic realm="…"`.
    public var realm: String = "pocketdav"
    public var limits = Limits()
    /// Create `/<user>/` on a user's first successful login.
    public var createPrincipalOnLogin = true
    /// With `createPrincipalOnLogin`: also create a calendar (VEVENT+VTODO) and an address book.
    public var createDefaultCollections = true
    public var defaultCalendarName = "calendar"
    public var defaultAddressBookName = "contacts"
    /// When set, users without `@` in their name get `mailto:<user>@<emailDomain>` as their
    /// calendar user address (RFC 6638 §2.4.1); users named like an address get `mailto:<user>`.
    public var emailDomain: String?
    /// Bytes of finished query answers kept for repeated queries (`ReportCache`); 0 disables.
    public var reportCacheSize = 8 << 20

    public init() {}
}
