/// What `migrate()` found and did.
public struct MigrationReport: Sendable, Hashable, CustomStringConvertible {
    /// The schema version before, 0 for an empty schema.
    public var from: Int
    /// The schema version now (`Schema.latestVersion`).
    public var to: Int

    public var description: String {
        from == to ? "schema is up to date (version \(to))" : "schema migrated from version \(from) to \(to)"
    }
}
