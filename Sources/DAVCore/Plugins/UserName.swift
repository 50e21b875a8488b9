/// The rule every user and group name must pass before it reaches storage or a header-trusting
/// plugin: 1 to 64 ASCII letters, digits, `.`, `-` or `_`, not starting with `.` or `-`.
///
/// Names become the first path segment (`/<name>/`), file names and git paths, so anything
/// looser (`/`, `..`, control characters, Unicode look-alikes) would let one name stand for
/// another. Plugins may restrict names further (trust-on-first-use has its own pattern) but
/// never loosen this.
public enum UserName {
    public static let maxLength = 64

    /// Throws `AccountError.invalidName(name)` unless `isValid(name)`.
    public static func validate(_ name: String) throws {
        guard isValid(name) else { throw AccountError.invalidName(name) }
    }

    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...maxLength).contains(bytes.count), bytes[0] != UInt8(ascii: "."), bytes[0] != UInt8(ascii: "-") else {
            return false
        }
        return bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
        }
    }
}
