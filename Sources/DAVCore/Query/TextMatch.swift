/// How a text match compares (RFC 6352 §10.5.4 `match-type`).
public enum MatchType: String, Sendable, CaseIterable {
    case equals
    case contains
    case startsWith = "starts-with"
    case endsWith = "ends-with"
}

/// A `CALDAV:text-match` (RFC 4791 §9.7.5) or `CARDDAV:text-match` (RFC 6352 §10.5.4): a
/// string compared with a property or parameter value under a collation, optionally negated.
///
/// ```swift
/// let match = try TextMatch(element: textMatchElement, namespace: Namespace.carddav)
/// match.matches("Alice.Smith@example.com")
/// ```
public struct TextMatch: Sendable, Hashable {
    public var text: String
    public var collation: Collation
    public var matchType: MatchType
    /// `negate-condition="yes"`: the match succeeds when the text does *not* match.
    public var negate: Bool

    public init(text: String, collation: Collation, matchType: MatchType = .contains, negate: Bool = false) {
        self.text = text
        self.collation = collation
        self.matchType = matchType
        self.negate = negate
    }

    /// Parses a `text-match` element of `namespace` (`Namespace.caldav` or `Namespace.carddav`).
    ///
    /// Defaults differ by protocol: CalDAV uses `i;ascii-casemap` and always "contains" (RFC 4791
    /// §7.5.1 and §9.7.5 define no `match-type`, so one sent anyway is ignored); CardDAV uses
    /// `i;unicode-casemap` and `match-type`, default "contains" (RFC 6352 §8.3, §10.5.4).
    /// - Throws: `DAVError` 403 with `supported-collation` in `namespace` for a collation
    ///   pocketdav does not have (RFC 4791 §7.5.1, RFC 6352 §8.3); 400 naming the filter
    ///   precondition (`CALDAV:valid-filter`, `CARDDAV:supported-filter`) for a `match-type` or
    ///   `negate-condition` value outside the RFC's list.
    public init(element: XMLElement, namespace: String) throws {
        let isCardDAV = namespace == Namespace.carddav
        let defaultCollation: Collation = isCardDAV ? .unicodeCasemap : .asciiCasemap
        let filterCondition = QName(namespace, isCardDAV ? "supported-filter" : "valid-filter")

        var collation = defaultCollation
        if let identifier = element.attribute("collation") {
            guard let named = Collation(identifier: identifier, default: defaultCollation) else {
                let supported = Collation.allCases.map(\.rawValue).joined(separator: ", ")
                throw DAVError.precondition(403, QName(namespace, "supported-collation"),
                                            "The collation \"\(identifier)\" is not supported; use one of \(supported)")
            }
            collation = named
        }

        var matchType = MatchType.contains
        if isCardDAV, let raw = element.attribute("match-type") {
            guard let parsed = MatchType(rawValue: raw.lowercased()) else {
                throw DAVError.precondition(400, filterCondition,
                                            "match-type \"\(raw)\" is not one of equals, contains, starts-with, ends-with")
            }
            matchType = parsed
        }

        var negate = false
        if let raw = element.attribute("negate-condition") {
            switch raw.lowercased() {
            case "yes": negate = true
            case "no": negate = false
            default: throw DAVError.precondition(400, filterCondition, "negate-condition must be \"yes\" or \"no\", not \"\(raw)\"")
            }
        }
        self.init(text: element.text, collation: collation, matchType: matchType, negate: negate)
    }

    /// Whether `value` satisfies this match, negation applied.
    public func matches(_ value: String) -> Bool {
        collation.matches(value, text, matchType) != negate
    }

    /// Whether one property or parameter with several values satisfies this match: some value
    /// matches, or, negated, none does (`TYPE=home,work` does not satisfy a negated "work").
    public func matches(anyOf values: [String]) -> Bool {
        values.contains { collation.matches($0, text, matchType) } != negate
    }
}
