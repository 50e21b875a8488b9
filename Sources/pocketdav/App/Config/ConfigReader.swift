import TOMLKit

/// Reads one TOML table into typed values, remembering which keys were used so that the rest
/// can be reported as unknown (Swift's `Decodable` would silently ignore a typo).
final class ConfigReader {
    let table: TOMLTable
    /// The dotted path of this table (`storage.filesystem`), empty for the document.
    let section: String
    let source: ConfigSource
    private var used: Set<String> = []

    init(table: TOMLTable, section: String, source: ConfigSource) {
        self.table = table
        self.section = section
        self.source = source
    }

    private func fullKey(_ key: String) -> String { section.isEmpty ? key : "\(section).\(key)" }

    func error(_ key: String, _ message: String) -> ConfigError {
        ConfigError(file: source.name, key: fullKey(key), line: source.line(ofKey: key, inSection: section), message)
    }

    private func value(_ key: String) -> (any TOMLValueConvertible)? {
        used.insert(key)
        return table[key]
    }

    func string(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        guard let s = v.string else { throw error(key, "expected a string, found \(v.type)") }
        return s
    }

    func int(_ key: String, range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let v = value(key) else { return nil }
        guard let i = v.int else { throw error(key, "expected an integer, found \(v.type)") }
        if let range, !range.contains(i) { throw error(key, "\(i) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return i
    }

    func double(_ key: String, range: ClosedRange<Double>? = nil) throws -> Double? {
        guard let v = value(key) else { return nil }
        guard let d = v.double ?? v.int.map(Double.init) else { throw error(key, "expected a number, found \(v.type)") }
        if let range, !range.contains(d) { throw error(key, "\(d) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return d
    }

    func bool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        guard let b = v.bool else { throw error(key, "expected true or false, found \(v.type)") }
        return b
    }

    /// A list of strings; a single string is accepted as a one-element list.
    func strings(_ key: String) throws -> [String]? {
        guard let v = value(key) else { return nil }
        if let s = v.string { return [s] }
        guard let array = v.array else { throw error(key, "expected a list of strings, found \(v.type)") }
        return try array.map { element in
            guard let s = element.string else { throw error(key, "expected a list of strings, found a \(element.type) in it") }
            return s
        }
    }

    /// A nested table (`[storage.filesystem]`), or `nil` when absent.
    func table(_ key: String) throws -> ConfigReader? {
        guard let v = value(key) else { return nil }
        guard let t = v.table else { throw error(key, "expected a table, found \(v.type)") }
        return ConfigReader(table: t, section: fullKey(key), source: source)
    }

    /// Throws for the first key that was never read.
    func rejectUnknownKeys() throws {
        for key in table.keys.sorted() where !used.contains(key) {
            throw error(key, "unknown key")
        }
    }

    /// Parses an enum-like string against its allowed values.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, as: T.Type) throws -> T? where T.RawValue == String {
        guard let s = try string(key) else { return nil }
        guard let v = T(rawValue: s) else {
            throw error(key, "'\(s)' is not one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return v
    }
}

/// The text of a configuration file, for error messages with line numbers.
struct ConfigSource: Sendable {
    let name: String
    let text: String

    /// The 1-based line where `key` is assigned inside `[section]`, if it can be found.
    func line(ofKey key: String, inSection section: String) -> Int? {
        var current = ""
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[") {
                current = String(line.dropFirst().prefix { $0 != "]" }).replacing(" ", with: "")
                if current == (section.isEmpty ? key : "\(section).\(key)") { return index + 1 }
                continue
            }
            guard current == section, line.hasPrefix(key) else { continue }
            let rest = line.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
            if rest.hasPrefix("=") || rest.hasPrefix(".") { return index + 1 }
        }
        return nil
    }
}
