import DAVCore

/// Who a commit names. The author is the principal behind the change, from the `ChangeAuthor`
/// task-local that `DAVServer` binds to the authenticated user (so the history says who did
/// what, even when rights let one user write into another's space); changes with nobody behind
/// them (start-up, tools that bind no one) are authored by pocketdav. The committer is always
/// pocketdav, which wrote the commit.
struct CommitAuthor: Sendable, Hashable {
    static let committerName = "pocketdav"

    var name: String
    var email: String
    var committerEmail: String

    /// The author for a change made now. Names with `@` are used as the address; others get
    /// `@<domain>`.
    static func current(domain: String) -> CommitAuthor {
        let name = ChangeAuthor.name.map(sanitized).flatMap { $0.isEmpty ? nil : $0 } ?? committerName
        let email = name.contains("@") ? name : "\(name.replacing(" ", with: "_"))@\(domain)"
        return CommitAuthor(name: name, email: email, committerEmail: "\(committerName)@\(domain)")
    }

    /// pocketdav itself, for changes nobody asked for (the repository's first commit).
    static func pocketdav(domain: String) -> CommitAuthor {
        CommitAuthor(name: committerName, email: "\(committerName)@\(domain)", committerEmail: "\(committerName)@\(domain)")
    }

    /// git refuses `<`, `>` and line breaks in identities.
    private static func sanitized(_ name: String) -> String {
        let kept = String(String.UnicodeScalarView(name.unicodeScalars.filter { !"<>\n\r\0".unicodeScalars.contains($0) }))
        return String(kept.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
