/// Resource limits enforced by the core. Defaults suit a phone; every value is configurable.
public struct Limits: Sendable {
    /// Largest request body accepted at all (413 above it).
    public var maxRequestBody: Int = 32 << 20
    /// Largest calendar object, vCard or file stored (RFC 4791 §5.2.5 `max-resource-size`).
    public var maxResourceSize: Int = 10 << 20
    /// Largest XML request body parsed.
    public var maxXMLBody: Int = 4 << 20
    /// Most hrefs in one multiget.
    public var maxMultigetHrefs: Int = 10_000

    public init() {}
}
