/// A commit as pocketdav reads it.
struct GitCommit: Sendable, Hashable {
    var id: GitOID
    var tree: GitOID
    /// The first parent; `nil` for the first commit.
    var parent: GitOID?
    /// Seconds since 1970.
    var time: Int64
    var author: String
    var email: String
    var message: String
}
