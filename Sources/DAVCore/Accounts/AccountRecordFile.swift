import FoundationEssentials

/// Every account record of a store as one JSON document, for backends that keep them in a file
/// (filesystem, git): `{"<kind>": {"<name>": "<base64 value>"}}`, keys sorted and one record per
/// line, so that a git diff shows which record changed and nothing else.
///
/// Values are base64 because they are opaque bytes (`AccountStore` stores them verbatim).
public struct AccountRecordFile: Sendable, Equatable {
    /// Kind → name → value.
    public private(set) var records: [String: [String: [UInt8]]]

    public init() { records = [:] }

    /// Parses a document written by `encoded()`.
    /// - Throws: `StorageError(.corrupt)` when it is not such a document.
    public init(decoding bytes: [UInt8], source: String) throws {
        let text: [String: [String: String]]
        do {
            text = try JSONDecoder().decode([String: [String: String]].self, from: Data(bytes))
        } catch {
            throw StorageError(.corrupt, "\(source) is not an account record file", cause: error)
        }
        var records: [String: [String: [UInt8]]] = [:]
        for (kind, named) in text {
            for (name, encoded) in named {
                guard let value = Data(base64Encoded: encoded) else {
                    // The name is safe to show; the value may be a password hash.
                    throw StorageError(.corrupt, "\(source): the \(kind) record \(name.debugDescription) is not base64")
                }
                records[kind, default: [:]][name] = Array(value)
            }
        }
        self.records = records
    }

    public subscript(kind: AccountRecordKind, name: String) -> [UInt8]? {
        get { records[kind.rawValue]?[name] }
        set {
            records[kind.rawValue, default: [:]][name] = newValue
            if records[kind.rawValue]?.isEmpty == true { records[kind.rawValue] = nil }
        }
    }

    /// Every record of `kind`, by name.
    public func records(_ kind: AccountRecordKind) -> [String: [UInt8]] { records[kind.rawValue] ?? [:] }

    /// The document: sorted, pretty-printed JSON ending in a newline.
    public func encoded() throws -> [UInt8] {
        let text = records.mapValues { $0.mapValues { Data($0).base64EncodedString() } }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try encoder.encode(text)) + [UInt8(ascii: "\n")]
    }

    /// Applies `transform` to one record in place (the shared core of every file-based
    /// `AccountStore.update`).
    /// - Returns: the previous value, and whether anything changed.
    public mutating func update(_ kind: AccountRecordKind, named name: String,
                                _ transform: ([UInt8]?) throws -> [UInt8]?) rethrows -> (previous: [UInt8]?, changed: Bool) {
        let current = self[kind, name]
        let next = try transform(current)
        guard next != current else { return (current, false) }
        self[kind, name] = next
        return (current, true)
    }
}
