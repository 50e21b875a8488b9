/// A property the server computes (RFC 4918 §15 and the CalDAV/CardDAV/CS extensions).
public struct LiveProperty: Sendable {
    public let name: QName
    /// Returned for `allprop` (RFC 4918 §9.1: the expensive ones are left out).
    public let inAllprop: Bool
    /// Whether PROPPATCH may change it; protected ones answer 403
    /// `cannot-modify-protected-property` (RFC 4918 §16).
    public let isProtected: Bool
    /// The element's children, or `nil` when the property does not apply to this resource.
    public let value: @Sendable (PropertyTarget, RequestContext) async throws -> [XMLNode]?

    public init(_ name: QName, allprop: Bool = false, protected: Bool = true,
                value: @escaping @Sendable (PropertyTarget, RequestContext) async throws -> [XMLNode]?) {
        self.name = name
        self.inAllprop = allprop
        self.isProtected = protected
        self.value = value
    }
}
