import DAVCore
import FoundationEssentials
import Synchronization

/// Rights from a rules file in Radicale's `from_file` syntax, so a Radicale operator keeps theirs.
///
/// Configuration: `[rights] type = "from_file"`, `[rights.from_file] file` (path, default
/// `./data/rights`). The file is read and checked once, at startup; every error names the file
/// and line (`RightsFileError`), and `pocketdav config check` reports the same errors.
///
/// ## Rules
/// Sections are tried in file order and the first one that matches decides; when none matches,
/// nothing is granted. A section matches when
/// - its `user` regex matches the whole login (`""` for anonymous requests, so `.+` means
///   "authenticated" and `.*` "anyone"), or the principal is in one of its comma-separated
///   `groups` (from the server's `GroupDirectory`), and
/// - its `collection` regex matches the whole path without leading or trailing `/` (the root
///   is `""`). In it, `{user}` is the login and `{0}`, `{1}`… the groups captured by `user`,
///   both regex-escaped so a name can never widen a match; `{{` and `}}` are literal braces
///   (also in `user`). With a group match only `{user}` is available.
/// Regexes use Swift's syntax, which accepts Python's for everything a rights file needs
/// (including `(?P<name>…)`), matched one Unicode scalar at a time as Python does.
///
/// ## Which letters apply where
/// Radicale uses the upper-case letters on folders (the root and principal homes) and the
/// lower-case letters on calendars, address books and their items, telling them apart by the
/// collection's type. A rights policy sees only the path, so pocketdav decides by depth, which
/// agrees with Radicale for the layout clients discover (`/<user>/<collection>/<item>`):
/// - depth 0 (`/`, matched as `""`) and 1 (`/alice/`, matched as `alice`): upper-case letters;
/// - depth 2 (`/alice/cal/`, matched as `alice/cal`): lower-case letters;
/// - deeper paths (items, `/alice/cal/x.ics`) are matched as their depth-2 collection
///   (`alice/cal`) and get its lower-case letters: an item inherits from its collection, as in
///   Radicale. So a `collection` pattern with two or more `/` never matches anything.
///
/// ## Letters → `Permissions`
/// | Letter | Grants |
/// |---|---|
/// | `R` | `.read` + `.readFreeBusy` at depth 0-1 (PROPFIND, GET of the root or a home) |
/// | `W` | `.write` at depth 0-1: PROPPATCH a home, create and delete collections in it (`bind`/`unbind`, RFC 3744 §3.9-3.10), delete the home itself |
/// | `r` | `.read` + `.readFreeBusy` at depth ≥ 2 (RFC 4791 §6.1.1: read-free-busy is aggregated under read) |
/// | `w` | `.write` at depth ≥ 2: PUT, DELETE, PROPPATCH, MOVE/COPY into and out of the collection |
/// | `f` | `.readFreeBusy` at depth ≥ 2: only the `free-busy-query` REPORT |
/// | `l` | removes `.writeProperties` (no PROPPATCH) from whatever the other letters grant |
/// | `i` | nothing (yet): Radicale's GET-only letter has no pocketdav privilege, and mapping it to `.read` would also allow the expensive PROPFIND and REPORT queries it exists to prevent. It fails closed and `warnings` says so. |
/// | `D`, `O`, `o`, `T`, `t`, `M`, `m`, `P`, `p`, `E`, `e` | nothing: they tune deleting/overwriting collections or Radicale's sharing, which pocketdav either always allows to whoever holds `unbind` or does not have |
/// | `d` | refused at load: "deny deleting this collection" cannot be expressed with `unbind` on the parent, and granting it would allow what the operator denied |
/// | `u`, `U` and anything else | refused at load |
/// The ACL privileges (`.readACL`, `.writeACL`) are never granted.
///
/// Differences from Radicale: creating or deleting a calendar needs `W` on the home (pocketdav
/// asks for `bind`/`unbind` on the parent collection, RFC 3744 §3.9), where Radicale asks for `w`
/// on the new calendar; principal homes are created at first login whatever the rules say.
///
/// Risk: the rules are only as tight as their regexes. `.*` includes anonymous requests, and an
/// unanchored-looking pattern is still matched in full, so `{user}.*` also matches `alice2/…`
/// for `alice`: write `{user}(/.*)?`. Check a new file with `pocketdav config check`.
public struct FromFileRights: SynchronousRightsPolicy {
    /// The rights file's path, for messages.
    public let file: String
    let rules: [RightsRule]
    /// Things in the file that load but do not do what a Radicale operator may expect (the `i`
    /// letter), one line each with file and line; the server logs them at startup.
    public let warnings: [String]
    private let cache = PatternCache()

    /// Reads and checks the rights file at `path`.
    public init(contentsOf path: String) throws(RightsFileError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RightsFileError(file: path, "cannot read the rights file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw RightsFileError(file: path, "not UTF-8 text") }
        try self.init(parsing: text, file: path)
    }

    /// Checks rules given as text; `file` labels errors.
    public init(parsing text: String, file: String) throws(RightsFileError) {
        self.file = file
        rules = try RightsFileSyntax.sections(in: text, file: file).map { section throws(RightsFileError) in
            try RightsRule(section, file: file)
        }
        warnings = rules.filter { $0.letters.getOnly && !$0.letters.read }.map {
            "\(file):\($0.line): [\($0.name)] 'i' (GET only) grants nothing in pocketdav; use 'r' to allow reading"
        }
    }

    /// Work on memory only (a pattern compiled once per distinct login), so synchronous.
    public func grants(for principal: Principal?, at path: ResourcePath) -> Permissions {
        let depth = path.segments.count
        let sanePath = path.segments.prefix(2).joined(separator: "/")
        let user = principal?.name ?? ""
        let groups = principal?.groups ?? []
        for rule in rules {
            if let letters = rule.match(user: user, groups: groups, sanePath: sanePath, compile: cache.pattern) {
                return letters.permissions(atDepth: depth)
            }
        }
        return []
    }
}

/// Compiled collection patterns by their text after substitution: each distinct login needs its
/// own pattern, and compiling one costs far more than matching it.
private final class PatternCache: Sendable {
    private static let limit = 4096
    private let patterns = Mutex<[String: CompiledPattern]>([:])

    func pattern(_ text: String) -> CompiledPattern? {
        if let hit = patterns.withLock({ $0[text] }) { return hit }
        // The text compiled with a sample name at load time and names are escaped literals, so
        // a failure here is unexpected; it can only deny.
        guard let compiled = try? CompiledPattern(text) else { return nil }
        patterns.withLock {
            if $0.count >= Self.limit { $0.removeAll(keepingCapacity: true) }
            $0[text] = compiled
        }
        return compiled
    }
}
