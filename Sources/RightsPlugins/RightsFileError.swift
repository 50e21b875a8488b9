/// A problem in a rights file, naming the file and the line so an operator can fix it.
///
/// Thrown while the file is loaded at startup (and by `pocketdav config check`), never while
/// serving: a file that loads cannot fail a request later.
public struct RightsFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rights file's path as configured.
    public let file: String
    /// The 1-based line, `nil` when the whole file is at fault (unreadable, not UTF-8).
    public let line: Int?
    public let message: String

    public init(file: String, line: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
