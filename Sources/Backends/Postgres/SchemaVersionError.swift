/// The database holds a schema newer than this pocketdav understands: another instance was
/// upgraded first. Running on would risk writing rows the newer code does not expect.
public struct SchemaVersionError: Error, Sendable, CustomStringConvertible {
    public var found: Int
    public var known: Int
    public var schema: String

    public var description: String {
        "the PostgreSQL schema '\(schema)' is at version \(found), newer than this pocketdav knows (\(known)); "
            + "upgrade pocketdav, or point storage.postgres at another database or schema"
    }
}
