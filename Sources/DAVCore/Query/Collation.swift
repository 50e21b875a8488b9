/// A collation from the IANA registry (RFC 4790) that text matches may name: the equality and
/// substring operations of RFC 4790 §4.2 (equals, contains, starts-with, ends-with).
///
/// RFC 4791 §7.5.1 requires `i;ascii-casemap` and `i;octet` of a CalDAV server; RFC 6352 §8.3
/// requires `i;ascii-casemap` and `i;unicode-casemap` of a CardDAV server. pocketdav offers all
/// three to both.
public enum Collation: String, Sendable, CaseIterable {
    /// RFC 4790 §9.2: octets compared after folding only `a`–`z` to `A`–`Z`; `é` and `É` differ.
    case asciiCasemap = "i;ascii-casemap"
    /// RFC 4790 §9.3: octets compared as they are.
    case octet = "i;octet"
    /// RFC 5051, approximated (see `unicodeCasemapKey`): case-insensitive for every script.
    case unicodeCasemap = "i;unicode-casemap"

    /// The collation an attribute value names. `"default"` (RFC 4790 §3.1) is the caller's
    /// default; names are matched case-insensitively, and wildcards are refused like any unknown
    /// name (RFC 6352 §8.3: they MUST NOT be used).
    public init?(identifier: String, default defaultCollation: Collation) {
        let lowered = identifier.lowercased()
        if lowered == "default" {
            self = defaultCollation
        } else if let known = Collation(rawValue: lowered) {
            self = known
        } else {
            return nil
        }
    }

    /// Whether `value` matches `pattern` under this collation with `matchType`.
    public func matches(_ value: String, _ pattern: String, _ matchType: MatchType) -> Bool {
        switch self {
        case .octet:
            return Self.matchOctets(Array(value.utf8), Array(pattern.utf8), matchType)
        case .asciiCasemap:
            return Self.matchOctets(Self.asciiFolded(value), Self.asciiFolded(pattern), matchType)
        case .unicodeCasemap:
            if Self.isASCII(value) && Self.isASCII(pattern) {
                // ASCII titlecases to ASCII upper case: the same key as i;ascii-casemap, faster.
                return Self.matchOctets(Self.asciiFolded(value), Self.asciiFolded(pattern), matchType)
            }
            return Self.matchCharacters(Self.unicodeCasemapKey(value), Self.unicodeCasemapKey(pattern), matchType)
        }
    }

    /// The RFC 5051 §2 equivalence key, as far as the standard library allows: each scalar is
    /// replaced by its *simple* titlecase mapping (a scalar whose titlecase is several scalars,
    /// like `ß` → `Ss`, has no simple mapping and stays), so `σ`, `ς` and `Σ` agree and `ß` does
    /// not equal `SS`, as in RFC 5051.
    ///
    /// The approximation: RFC 5051 then applies NFKD and compares octets. Without Foundation
    /// there is no NFKD, so keys are compared as Swift `Character`s instead, which gives
    /// canonical equivalence (`é` precomposed equals `e` + U+0301) but not compatibility
    /// equivalence (`ﬁ` does not equal `fi`, full-width `Ａ` does not equal `A`), and a pattern
    /// never matches part of a character (`e` is not contained in `é`, which RFC 5051's octet
    /// comparison of decomposed keys would allow).
    static func unicodeCasemapKey(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let v = scalar.value
                scalars.append(v >= 0x61 && v <= 0x7A ? Unicode.Scalar(UInt8(v - 0x20)) : scalar)
                continue
            }
            let title = scalar.properties.titlecaseMapping.unicodeScalars
            if title.count == 1, let mapped = title.first { scalars.append(mapped) } else { scalars.append(scalar) }
        }
        return String(scalars)
    }

    static func asciiFolded(_ text: String) -> [UInt8] {
        text.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
    }

    static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

    static func matchOctets(_ value: [UInt8], _ pattern: [UInt8], _ matchType: MatchType) -> Bool {
        switch matchType {
        case .equals: return value == pattern
        case .startsWith: return value.starts(with: pattern)
        case .endsWith: return value.count >= pattern.count && value.suffix(pattern.count).elementsEqual(pattern)
        case .contains:
            if pattern.isEmpty { return true }
            guard value.count >= pattern.count else { return false }
            let first = pattern[0]
            for start in 0...(value.count - pattern.count) where value[start] == first {
                if value[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
            }
            return false
        }
    }

    static func matchCharacters(_ value: String, _ pattern: String, _ matchType: MatchType) -> Bool {
        switch matchType {
        case .equals: return value == pattern
        case .startsWith: return value.hasPrefix(pattern)
        case .endsWith: return value.hasSuffix(pattern)
        case .contains: return pattern.isEmpty || value.contains(pattern)
        }
    }
}
