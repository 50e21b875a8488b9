/// The content of an Apache-style htpasswd file: one `user:hash` per line.
///
/// Format: each line is split at its first `:`; the user name is everything before it and the
/// hash everything after, minus trailing spaces and tabs. Blank lines and lines whose first
/// non-blank character is `#` are skipped when reading and kept as they are when writing, so
/// editing a user does not lose an operator's comments. The hash formats are those of
/// `PasswordHash`.
///
/// This is a value: parsing and editing do no I/O (except hashing a new password, which is
/// slow). `load(from:)` and the `update` functions in `HtpasswdFile+Update.swift` read and write
/// the file itself.
public struct HtpasswdFile: Sendable, Hashable {
    /// One user's line.
    public struct Entry: Sendable, Hashable {
        /// The user name as spelled in the file.
        public var user: String
        /// The stored hash (or, if the operator allows it, plain-text password).
        public var hash: String

        public init(user: String, hash: String) {
            self.user = user
            self.hash = hash
        }
    }

    enum Line: Sendable, Hashable {
        case entry(Entry)
        /// A comment or blank line, kept verbatim.
        case other(String)
    }

    /// The longest user name accepted, in UTF-8 bytes.
    public static let maximumUserNameLength = 64

    /// The file this content belongs to; named in every error.
    public let path: String
    private(set) var lines: [Line]
    /// User name → index into `lines`.
    private var index: [String: Int]

    /// An empty file, to be filled and written to `path`.
    public init(path: String) {
        self.path = path
        self.lines = []
        self.index = [:]
    }

    /// Parses the bytes of an htpasswd file.
    ///
    /// - Throws: `HtpasswdError` naming `path` and the line: `.malformedLine` (no `:`, empty user or
    ///   hash, invalid UTF-8), `.invalidUserName`, or `.duplicateUser`.
    public init(path: String, contents: some Sequence<UInt8>) throws(HtpasswdError) {
        self.init(path: path)
        var rawLines = Array(contents).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if rawLines.last?.isEmpty == true { rawLines.removeLast() }  // the final newline ends a line, it does not start one
        for (offset, rawLine) in rawLines.enumerated() {
            try appendParsed(rawLine, lineNumber: offset + 1)
        }
    }

    /// Parses the text of an htpasswd file; see `init(path:contents:)` for the errors.
    public init(path: String, text: String) throws(HtpasswdError) {
        try self.init(path: path, contents: text.utf8)
    }

    private mutating func appendParsed(_ rawLine: ArraySlice<UInt8>, lineNumber: Int) throws(HtpasswdError) {
        var bytes = rawLine
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard let line = String(validating: bytes, as: UTF8.self) else {
            throw HtpasswdError(.malformedLine, "not valid UTF-8", path: path, line: lineNumber)
        }
        let content = line.drop { $0 == " " || $0 == "\t" }
        if content.isEmpty || content.hasPrefix("#") {
            lines.append(.other(line))
            return
        }
        guard let colon = line.firstIndex(of: ":") else {
            throw HtpasswdError(.malformedLine, "expected user:hash, found no ':'", path: path, line: lineNumber)
        }
        let user = String(line[..<colon])
        var hash = line[line.index(after: colon)...]
        while let last = hash.last, last == " " || last == "\t" { hash.removeLast() }
        guard !hash.isEmpty else {
            throw HtpasswdError(.malformedLine, "the hash after ':' is empty", path: path, line: lineNumber)
        }
        do throws(HtpasswdError) {
            try Self.validate(userName: user)
        } catch {
            throw HtpasswdError(.invalidUserName, error.message, path: path, line: lineNumber)
        }
        // Every parsed line, kept or not, is one element of `lines`, so an index is a line number - 1.
        if let first = index[user] {
            throw HtpasswdError(.duplicateUser,
                                "user \(Self.quoted(user)) already appears on line \(first + 1)",
                                path: path, line: lineNumber)
        }
        index[user] = lines.count
        lines.append(.entry(Entry(user: user, hash: String(hash))))
    }

    // MARK: - Reading

    /// The entries, in file order.
    public var entries: [Entry] {
        lines.compactMap { if case .entry(let entry) = $0 { entry } else { nil } }
    }

    /// The user names, in file order.
    public var users: [String] { entries.map(\.user) }

    /// Whether the file has no users (it may still have comments).
    public var isEmpty: Bool { index.isEmpty }

    /// The entry for `user`, or `nil`. Names are compared as Swift strings, so a user may type
    /// either Unicode normalisation form; the entry carries the spelling from the file.
    public func entry(for user: String) -> Entry? {
        guard let i = index[user], case .entry(let entry) = lines[i] else { return nil }
        return entry
    }

    /// The file's text: every kept line, each ending in `\n`.
    public var text: String {
        var out = ""
        for line in lines {
            switch line {
            case .entry(let entry): out += "\(entry.user):\(entry.hash)\n"
            case .other(let text): out += "\(text)\n"
            }
        }
        return out
    }

    // MARK: - Editing

    /// Adds `user` with a new bcrypt hash of `password`. Blocks while hashing (about 250 ms at
    /// cost 12); the `update` functions run it off the cooperative pool.
    ///
    /// - Throws: `.invalidUserName`, `.userExists`, or `.hashing`.
    public mutating func add(user: String, password: String, cost: Int = PasswordHash.defaultBcryptCost) throws(HtpasswdError) {
        try Self.validate(userName: user)
        guard index[user] == nil else { throw userExists(user) }
        try add(Entry(user: user, hash: Self.bcrypt(password, cost: cost)))
    }

    /// Adds an entry with an existing hash (an import from another server).
    ///
    /// - Throws: `.invalidUserName`, `.userExists`, or `.malformedLine` when the hash is empty or
    ///   spans lines.
    public mutating func add(_ entry: Entry) throws(HtpasswdError) {
        try Self.validate(userName: entry.user)
        guard index[entry.user] == nil else { throw userExists(entry.user) }
        try Self.validate(hash: entry.hash)
        index[entry.user] = lines.count
        lines.append(.entry(entry))
    }

    /// Replaces the hash of an existing user with a new bcrypt hash of `password`. Blocks while
    /// hashing, as `add(user:password:cost:)`.
    ///
    /// - Throws: `.userNotFound` or `.hashing`.
    public mutating func setPassword(user: String, password: String,
                                     cost: Int = PasswordHash.defaultBcryptCost) throws(HtpasswdError) {
        guard index[user] != nil else { throw userNotFound(user) }
        try setHash(user: user, hash: Self.bcrypt(password, cost: cost))
    }

    /// Replaces the hash of an existing user.
    ///
    /// - Throws: `.userNotFound`, or `.malformedLine` when the hash is empty or spans lines.
    public mutating func setHash(user: String, hash: String) throws(HtpasswdError) {
        guard let i = index[user], case .entry(var entry) = lines[i] else { throw userNotFound(user) }
        try Self.validate(hash: hash)
        entry.hash = hash
        lines[i] = .entry(entry)
    }

    /// Removes a user's line.
    ///
    /// - Throws: `.userNotFound`.
    public mutating func remove(user: String) throws(HtpasswdError) {
        guard let i = index[user] else { throw userNotFound(user) }
        lines.remove(at: i)
        index = [:]
        for (i, line) in lines.enumerated() {
            if case .entry(let entry) = line { index[entry.user] = i }
        }
    }

    // MARK: - Rules

    /// Checks that `userName` can be a login and the first segment of a URL path (`/<name>/`).
    ///
    /// Rules: not empty; at most 64 UTF-8 bytes; no `:` (it ends the name in htpasswd lines and in
    /// HTTP Basic credentials); no `/` or `\`; no control characters; not starting with `.` (such
    /// path segments are reserved for storage metadata and `..` would climb out of a user's space).
    ///
    /// - Throws: `HtpasswdError` with code `.invalidUserName`.
    public static func validate(userName name: String) throws(HtpasswdError) {
        func invalid(_ reason: String) -> HtpasswdError {
            HtpasswdError(.invalidUserName, "invalid user name \(quoted(name)): \(reason)")
        }
        if name.isEmpty { throw invalid("it is empty") }
        if name.utf8.count > maximumUserNameLength {
            throw invalid("it is longer than \(maximumUserNameLength) bytes")
        }
        if name.hasPrefix(".") { throw invalid("it starts with '.'") }
        for scalar in name.unicodeScalars {
            switch scalar {
            case ":": throw invalid("it contains ':'")
            case "/", "\\": throw invalid("it contains '\(scalar)'")
            default:
                if scalar.properties.generalCategory == .control {
                    throw invalid("it contains a control character")
                }
            }
        }
    }

    private static func validate(hash: String) throws(HtpasswdError) {
        if hash.isEmpty || hash.contains(where: { $0.isNewline }) {
            throw HtpasswdError(.malformedLine, "a hash must be one non-empty line")
        }
    }

    private static func bcrypt(_ password: String, cost: Int) throws(HtpasswdError) -> String {
        do throws(PasswordHashError) {
            return try PasswordHash.hashBcrypt(password, cost: cost)
        } catch {
            throw HtpasswdError(.hashing, "could not hash the new password: \(error.message)", cause: error)
        }
    }

    private func userExists(_ user: String) -> HtpasswdError {
        HtpasswdError(.userExists, "user \(Self.quoted(user)) already exists", path: path)
    }

    private func userNotFound(_ user: String) -> HtpasswdError {
        HtpasswdError(.userNotFound, "no user \(Self.quoted(user))", path: path)
    }

    /// A user name in quotes, with control characters escaped so a log line cannot be forged.
    static func quoted(_ name: String) -> String { name.debugDescription }
}
