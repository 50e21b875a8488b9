/// A configuration problem, naming the file, the key and, when known, the line.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let key: String?
    public let line: Int?
    public let message: String

    public init(file: String, key: String? = nil, line: Int? = nil, _ message: String) {
        self.file = file
        self.key = key
        self.line = line
        self.message = message
    }

    public var description: String {
        var where_ = file
        if let line { where_ += ":\(line)" }
        if let key { return "\(where_): \(key): \(message)" }
        return "\(where_): \(message)"
    }
}
