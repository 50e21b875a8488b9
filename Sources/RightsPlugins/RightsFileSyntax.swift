/// The INI dialect of Radicale's rights file, as Python's `configparser` reads it with
/// Radicale's settings, so an operator's existing file means the same thing here.
///
/// - `[name]` starts a section; names are case-sensitive and must be unique.
/// - `key = value` or `key: value` (the first `=` or `:` splits); keys are case-insensitive and
///   unique within a section; keys and values are trimmed.
/// - Whole-line comments start with `#` or `;`; there are no inline comments, so
///   `permissions = rw # note` is the value `rw # note` (and then fails as unknown letters).
/// - `[DEFAULT]` holds fallback values for every other section and is not a rule itself.
/// - `configparser`'s `%` interpolation: `%%` is a literal `%`. `%(key)s` references are refused
///   (Radicale 1.x and 2.x used `%(login)s` where 3.x uses `{user}`).
/// - Refused, where `configparser` would silently build something odd: multi-line (indented
///   continuation) values, text after a section's closing `]`.
enum RightsFileSyntax {
    struct Entry: Sendable, Equatable {
        var value: String
        var line: Int
    }

    struct Section: Sendable, Equatable {
        var name: String
        var line: Int
        /// Lower-cased key → value, with `[DEFAULT]`'s entries filled in where the section has none.
        var entries: [String: Entry]
    }

    static let defaultSection = "DEFAULT"

    /// The sections in file order, `[DEFAULT]` merged into each.
    static func sections(in text: String, file: String) throws(RightsFileError) -> [Section] {
        var sections: [Section] = []
        var defaults: [String: Entry] = [:]
        var current: Section?
        var inDefault = false
        var seenNames: Set<String> = []
        var keyIndent: Int?

        func finish() {
            if let section = current { sections.append(section) }
            current = nil
        }

        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var line = Substring(raw)
            if line.last == "\r" { line = line.dropLast() }
            let indent = line.prefix(while: \.isBlank).count
            let body = line.dropFirst(indent).droppingTrailingBlanks()
            if body.isEmpty || body.hasPrefix("#") || body.hasPrefix(";") { continue }

            if let keyIndent, indent > keyIndent {
                throw RightsFileError(file: file, line: number,
                                      "indented line continues the value above; multi-line values are not supported, put the value on one line")
            }
            if body.hasPrefix("[") {
                guard body.hasSuffix("]"), body.count > 2 else {
                    throw RightsFileError(file: file, line: number, "a section header must be \"[name]\" alone on its line")
                }
                let name = String(body.dropFirst().dropLast())
                guard seenNames.insert(name).inserted else {
                    throw RightsFileError(file: file, line: number, "section [\(name)] appears twice; section names must be unique")
                }
                finish()
                inDefault = name == defaultSection
                if !inDefault { current = Section(name: name, line: number, entries: [:]) }
                keyIndent = nil
                continue
            }
            guard let split = body.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw RightsFileError(file: file, line: number, "expected \"key = value\", found \"\(body)\"")
            }
            let key = body[..<split].droppingTrailingBlanks().lowercased()
            guard !key.isEmpty else { throw RightsFileError(file: file, line: number, "a value without a key") }
            let value = try interpolate(String(body[body.index(after: split)...].droppingLeadingBlanks()),
                                        file: file, line: number)
            keyIndent = indent
            if inDefault {
                guard defaults[key] == nil else {
                    throw RightsFileError(file: file, line: number, "'\(key)' is set twice in [\(defaultSection)]")
                }
                defaults[key] = Entry(value: value, line: number)
            } else if current != nil {
                guard current?.entries[key] == nil else {
                    throw RightsFileError(file: file, line: number, "'\(key)' is set twice in section [\(current!.name)]")
                }
                current?.entries[key] = Entry(value: value, line: number)
            } else {
                throw RightsFileError(file: file, line: number, "\"\(key)\" appears before any [section] header")
            }
        }
        finish()
        return sections.map { section in
            var merged = section
            merged.entries.merge(defaults) { own, _ in own }
            return merged
        }
    }

    /// `configparser`'s basic interpolation, reduced to what a rights file needs.
    private static func interpolate(_ value: String, file: String, line: Int) throws(RightsFileError) -> String {
        guard value.contains("%") else { return value }
        var out = ""
        var rest = Substring(value)
        while let percent = rest.firstIndex(of: "%") {
            out += rest[..<percent]
            let after = rest[rest.index(after: percent)...]
            if after.hasPrefix("%") {
                out += "%"
                rest = after.dropFirst()
            } else if after.hasPrefix("(login)s") {
                throw RightsFileError(file: file, line: line, "%(login)s is Radicale 1.x/2.x syntax; write {user} instead")
            } else if after.hasPrefix("(") {
                throw RightsFileError(file: file, line: line, "%(…)s references are not supported; write the value out")
            } else {
                throw RightsFileError(file: file, line: line, "a lone '%' must be written '%%' (Radicale reads this file with Python's configparser)")
            }
        }
        return out + rest
    }
}
