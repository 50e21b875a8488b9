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
    /// Most recurrence instances one object may expand to in one query, and the time its
    /// expansion may take: a hostile `FREQ=SECONDLY` cannot pin a core (RFC 4791 §9.6.5 leaves
    /// the bound to the server). Legitimate rules expand only over the queried range.
    public var recurrence = RecurrenceExpander.Limits()

    public init() {}
}
