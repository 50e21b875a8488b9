/// A vCard property name as a CardDAV request names it, with an optional group prefix
/// (`TEL`, `X-ABC.TEL`), and the rule of RFC 6352 §10.4.2 and §10.5.1 for which properties it
/// names: without a group it names the property in every group and in none; with a group, only
/// in exactly that group. Names and groups compare case-insensitively (RFC 6350 §3.3).
public struct VCardPropertyName: Sendable, Hashable, CustomStringConvertible {
    public var group: String?
    public var name: String

    /// `nil` for an empty name or an empty group (`.TEL`, `item1.`).
    public init?(_ raw: String) {
        let trimmed = raw.trimmingCharacters()
        var name = Substring(trimmed)
        var group: Substring?
        if let dot = trimmed.lastIndex(of: ".") {
            group = trimmed[..<dot]
            name = trimmed[trimmed.index(after: dot)...]
            guard group?.isEmpty == false else { return nil }
        }
        guard !name.isEmpty else { return nil }
        self.name = name.uppercased()
        self.group = group?.uppercased()
    }

    /// Whether `line` is a property this name selects.
    public func selects(_ line: ContentLine) -> Bool {
        guard line.name == name else { return false }
        guard let group else { return true }
        return line.group?.uppercased() == group
    }

    public var description: String { group.map { "\($0).\(name)" } ?? name }
}
