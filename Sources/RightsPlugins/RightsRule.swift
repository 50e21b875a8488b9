/// One section of a rights file: who (`user` regex or `groups`), where (`collection` regex) and
/// what (`permissions` letters).
struct RightsRule: Sendable {
    let name: String
    let line: Int
    /// The `user` regex with `{{ }}` resolved; `nil` when the key is absent or empty, which
    /// (as in Radicale) matches nobody by name, only through `groups`.
    let user: CompiledPattern?
    /// The `groups` list: the rule matches a principal in any of them.
    let groups: Set<String>
    let collection: PatternTemplate
    /// `collection` compiled once when it has no placeholders.
    let constantCollection: CompiledPattern?
    let letters: RightsLetters

    static let keys: Set<String> = ["user", "groups", "collection", "permissions"]

    init(_ section: RightsFileSyntax.Section, file: String) throws(RightsFileError) {
        name = section.name
        line = section.line
        func fail(_ key: String, _ message: String) -> RightsFileError {
            RightsFileError(file: file, line: section.entries[key]?.line ?? section.line, "[\(section.name)] \(key): \(message)")
        }
        for (key, entry) in section.entries.sorted(by: { $0.value.line < $1.value.line }) where !Self.keys.contains(key) {
            let hint = key == "permission" ? " (Radicale 3 spells it 'permissions')" : ""
            throw RightsFileError(file: file, line: entry.line,
                                  "[\(section.name)] unknown key '\(key)'\(hint); a rule has user, groups, collection and permissions")
        }

        let userText = section.entries["user"]?.value ?? ""
        if userText.isEmpty {
            user = nil
        } else {
            do {
                let resolved = try PatternTemplate(parsing: userText, allowPlaceholders: false)
                user = try CompiledPattern(resolved.render(user: "", captures: [])!)
            } catch let e as PatternTemplateError {
                throw fail("user", "\(e)")
            } catch {
                throw fail("user", "'\(userText)' is not a valid regular expression: \(error)")
            }
        }
        // Radicale splits on "," only; names never contain blanks, so trimming them is safe.
        groups = Set((section.entries["groups"]?.value ?? "").split(separator: ",").map { String($0.trimmingBlanks()) }
            .filter { !$0.isEmpty })
        guard user != nil || !groups.isEmpty else {
            throw RightsFileError(file: file, line: section.line,
                                  "[\(section.name)] needs a non-empty 'user' regex or 'groups' list, or it matches nobody")
        }

        guard let collectionEntry = section.entries["collection"] else {
            throw RightsFileError(file: file, line: section.line, "[\(section.name)] has no 'collection' key (use an empty value for the root)")
        }
        do {
            collection = try PatternTemplate(parsing: collectionEntry.value, allowPlaceholders: true)
        } catch {
            throw fail("collection", "\(error)")
        }
        if let highest = collection.highestCapture {
            // Radicale formats the pattern for a group match with {user} only, so {0} would fail
            // every request of a group member; refuse it now instead.
            if !groups.isEmpty {
                throw fail("collection", "{\(highest)} cannot be used in a rule with 'groups' (only {user} is known for a group match)")
            }
            if let count = user?.captureCount, highest >= count {
                throw fail("collection", "{\(highest)} refers to a group the 'user' regex does not capture (it has \(count))")
            }
        }
        do {
            // A sample rendering shows syntax errors now; real names are escaped literals, so
            // they cannot break a pattern that compiles with a literal in their place.
            let sample = collection.render(user: "user", captures: Array(repeating: "x", count: (collection.highestCapture ?? -1) + 1))!
            let compiled = try CompiledPattern(sample)
            constantCollection = collection.isConstant ? compiled : nil
        } catch {
            throw fail("collection", "'\(collectionEntry.value)' is not a valid regular expression: \(error)")
        }

        guard let permissions = section.entries["permissions"] else {
            throw RightsFileError(file: file, line: section.line, "[\(section.name)] has no 'permissions' key (an empty value denies everything)")
        }
        do {
            letters = try RightsLetters(parsing: permissions.value)
        } catch {
            throw fail("permissions", "\(error)")
        }
    }

    /// The letters this rule grants `user` (`""` when anonymous) at `sanePath`, or `nil` when
    /// it does not match. A name match is tried first, then a group match, as in Radicale.
    func match(user login: String, groups memberOf: Set<String>, sanePath: String,
                 compile: (String) -> CompiledPattern?) -> RightsLetters? {
        if let user, let captures = user.wholeMatch(login) {
            if let pattern = constantCollection ?? collection.render(user: login, captures: captures).flatMap(compile),
               pattern.matches(sanePath) {
                return letters
            }
        }
        if !groups.isDisjoint(with: memberOf) {
            if let pattern = constantCollection ?? collection.render(user: login, captures: []).flatMap(compile),
               pattern.matches(sanePath) {
                return letters
            }
        }
        return nil
    }
}
