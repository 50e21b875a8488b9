/// A rights-file regex with Python `str.format` placeholders, as Radicale expands it before
/// compiling: `{user}` is the login, `{0}`, `{1}`… are the groups captured by the rule's `user`
/// regex, and `{{` / `}}` are literal braces.
///
/// Every substituted value is regex-escaped, so a user called `a.b` matches the collection
/// `a.b` and not `axb`: a name can never widen a rule.
struct PatternTemplate: Sendable, Equatable {
    enum Piece: Sendable, Equatable {
        case literal(String)
        case user
        case capture(Int)
    }

    let pieces: [Piece]

    /// Whether the template needs any substitution (if not, it is compiled once at load time).
    var isConstant: Bool { pieces.allSatisfy { if case .literal = $0 { true } else { false } } }
    /// The highest `{N}` used, or `nil`.
    var highestCapture: Int? {
        pieces.compactMap { piece -> Int? in if case .capture(let n) = piece { n } else { nil } }.max()
    }

    /// Parses `text`; `allowPlaceholders: false` is the `user` key, where Radicale formats
    /// with no arguments, so only the doubled braces are allowed.
    init(parsing text: String, allowPlaceholders: Bool) throws(PatternTemplateError) {
        var pieces: [Piece] = []
        var literal = ""
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            if c == "}" {
                guard next < text.endIndex, text[next] == "}" else { throw .singleClosingBrace }
                literal.append("}")
                i = text.index(after: next)
            } else if c == "{" {
                if next < text.endIndex, text[next] == "{" {
                    literal.append("{")
                    i = text.index(after: next)
                    continue
                }
                guard let close = text[next...].firstIndex(of: "}") else { throw .unclosedBrace }
                let field = String(text[next..<close])
                guard allowPlaceholders else { throw .placeholderNotAllowed(field) }
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                literal = ""
                if field == "user" {
                    pieces.append(.user)
                } else if !field.isEmpty, field.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(field) {
                    pieces.append(.capture(n))
                } else {
                    throw .unknownPlaceholder(field)
                }
                i = text.index(after: close)
            } else {
                literal.append(c)
                i = next
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces
    }

    /// The pattern with `user` and `captures` substituted (escaped); `nil` when a referenced
    /// group did not take part in the match (Radicale fails the request there; pocketdav treats
    /// the rule as not matching, which can only deny).
    func render(user: String, captures: [Substring?]) -> String? {
        var out = ""
        for piece in pieces {
            switch piece {
            case .literal(let s): out += s
            case .user: out += Self.escape(user)
            case .capture(let n):
                guard n < captures.count, let value = captures[n] else { return nil }
                out += Self.escape(value)
            }
        }
        return out
    }

    /// Escapes every ASCII character that is not a letter, digit or `_`: with a backslash each
    /// is a literal in Swift's regex syntax, and letters are never escaped because `\d`, `\w`…
    /// would turn them into classes. Non-ASCII characters are literals already.
    static func escape(_ value: some StringProtocol) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            let v = scalar.value
            let plain = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F || v > 0x7F
            if !plain {
                if v < 0x20 || v == 0x7F {
                    // Control characters never occur in names or paths; spell them so they stay literal.
                    out += "\\x{\(String(v, radix: 16))}"
                    continue
                }
                out.unicodeScalars.append("\\")
            }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}

enum PatternTemplateError: Error, Equatable, CustomStringConvertible {
    case singleClosingBrace
    case unclosedBrace
    case placeholderNotAllowed(String)
    case unknownPlaceholder(String)

    var description: String {
        switch self {
        case .singleClosingBrace: "a single '}' must be written '}}'"
        case .unclosedBrace: "a single '{' must be written '{{' (e.g. a{{2}} for the quantifier a{2})"
        case .placeholderNotAllowed(let f): "{\(f)} cannot be used in 'user'; write literal braces as {{ and }}"
        case .unknownPlaceholder(let f): "{\(f)} is not a placeholder: use {user}, {0}, {1}…, or {{ and }} for literal braces"
        }
    }
}
