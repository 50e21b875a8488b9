import FoundationEssentials

/// One version of an object or collection in the repository's history: a commit that changed
/// what is at the path.
public struct GitVersion: Sendable, Hashable {
    /// The commit id (40 hex digits); `storage restore --at` takes it or any prefix git accepts.
    public var commit: String
    public var time: Date
    public var author: String
    public var email: String
    /// The commit message's first line (`PUT /alice/cal/ev.ics`).
    public var message: String
    /// The object's blob id (its ETag at that version) or the collection's tree id; `nil` when
    /// the commit deleted it.
    public var id: String?
    public var isCollection: Bool
}
