import DAVCore
import Testing

@Suite struct CollationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var collation: Collation
        var matchType: MatchType
        var value: String
        var pattern: String
        var expected: Bool
        var testDescription: String { "\(collation.rawValue) \(matchType.rawValue) \"\(pattern)\" in \"\(value)\" → \(expected)" }
    }

    static let table: [Case] = [
        // i;octet: exact octets.
        Case(collation: .octet, matchType: .equals, value: "Daboo", pattern: "Daboo", expected: true),
        Case(collation: .octet, matchType: .equals, value: "Daboo", pattern: "daboo", expected: false),
        Case(collation: .octet, matchType: .contains, value: "Cyrus Daboo", pattern: "s D", expected: true),
        Case(collation: .octet, matchType: .contains, value: "Cyrus Daboo", pattern: "S D", expected: false),
        Case(collation: .octet, matchType: .startsWith, value: "Cyrus Daboo", pattern: "Cyrus", expected: true),
        Case(collation: .octet, matchType: .startsWith, value: "Cyrus Daboo", pattern: "cyrus", expected: false),
        Case(collation: .octet, matchType: .endsWith, value: "Cyrus Daboo", pattern: "Daboo", expected: true),
        Case(collation: .octet, matchType: .endsWith, value: "Cyrus Daboo", pattern: "DABOO", expected: false),
        // i;ascii-casemap: a–z fold, nothing else does.
        Case(collation: .asciiCasemap, matchType: .equals, value: "Alice.Smith@example.com", pattern: "alice.smith@EXAMPLE.COM", expected: true),
        Case(collation: .asciiCasemap, matchType: .equals, value: "Alice", pattern: "Alic", expected: false),
        Case(collation: .asciiCasemap, matchType: .contains, value: "Cyrus Daboo", pattern: "S DAB", expected: true),
        Case(collation: .asciiCasemap, matchType: .contains, value: "Cyrus Daboo", pattern: "Oliver", expected: false),
        Case(collation: .asciiCasemap, matchType: .startsWith, value: "Cyrus Daboo", pattern: "CYR", expected: true),
        Case(collation: .asciiCasemap, matchType: .startsWith, value: "Cyrus Daboo", pattern: "Daboo", expected: false),
        Case(collation: .asciiCasemap, matchType: .endsWith, value: "Cyrus Daboo", pattern: "BOO", expected: true),
        Case(collation: .asciiCasemap, matchType: .endsWith, value: "Cyrus Daboo", pattern: "Cyrus", expected: false),
        Case(collation: .asciiCasemap, matchType: .equals, value: "Éloïse", pattern: "éloïse", expected: false),
        Case(collation: .asciiCasemap, matchType: .contains, value: "José", pattern: "JOS", expected: true),
        // i;unicode-casemap: every script folds.
        Case(collation: .unicodeCasemap, matchType: .equals, value: "Éloïse", pattern: "éLOÏSE", expected: true),
        Case(collation: .unicodeCasemap, matchType: .contains, value: "Ηλέκτρα Παπαδοπούλου", pattern: "ΠΑΠΑΔΟΠΟΎΛΟΥ", expected: true),
        Case(collation: .unicodeCasemap, matchType: .startsWith, value: "Ärzte Müller", pattern: "äRZTE", expected: true),
        Case(collation: .unicodeCasemap, matchType: .endsWith, value: "Ärzte Müller", pattern: "MÜLLER", expected: true),
        Case(collation: .unicodeCasemap, matchType: .endsWith, value: "Ärzte Müller", pattern: "MULLER", expected: false),
        Case(collation: .unicodeCasemap, matchType: .contains, value: "Cyrus Daboo", pattern: "xyz", expected: false),
        // Precomposed and decomposed é are canonically equivalent.
        Case(collation: .unicodeCasemap, matchType: .equals, value: "Caf\u{E9}", pattern: "CAFE\u{301}", expected: true),
        Case(collation: .asciiCasemap, matchType: .equals, value: "Caf\u{E9}", pattern: "CAFE\u{301}", expected: false),
        // Final and medial sigma share the titlecase Σ (RFC 5051 §2).
        Case(collation: .unicodeCasemap, matchType: .equals, value: "ΟΔΥΣΣΕΥΣ", pattern: "οδυσσευς", expected: true),
        // ß has no simple titlecase mapping: it equals itself, never "SS" (RFC 5051 is not full case folding).
        Case(collation: .unicodeCasemap, matchType: .equals, value: "Straße", pattern: "STRAßE", expected: true),
        Case(collation: .unicodeCasemap, matchType: .equals, value: "Straße", pattern: "STRASSE", expected: false),
        // Documented approximation: a pattern never matches half of a character.
        Case(collation: .unicodeCasemap, matchType: .startsWith, value: "Cafe\u{301}", pattern: "cafe", expected: false),
        // Empty strings: the empty pattern is a prefix, suffix and substring of everything.
        Case(collation: .unicodeCasemap, matchType: .contains, value: "", pattern: "", expected: true),
        Case(collation: .unicodeCasemap, matchType: .contains, value: "abc", pattern: "", expected: true),
        Case(collation: .unicodeCasemap, matchType: .equals, value: "abc", pattern: "", expected: false),
        Case(collation: .unicodeCasemap, matchType: .equals, value: "", pattern: "", expected: true),
        Case(collation: .asciiCasemap, matchType: .startsWith, value: "", pattern: "", expected: true),
        Case(collation: .octet, matchType: .endsWith, value: "abc", pattern: "", expected: true),
        Case(collation: .octet, matchType: .contains, value: "", pattern: "a", expected: false),
        Case(collation: .unicodeCasemap, matchType: .startsWith, value: "", pattern: "é", expected: false),
        Case(collation: .asciiCasemap, matchType: .endsWith, value: "ab", pattern: "xab", expected: false),
    ]

    @Test(arguments: table) func collationMatches(_ c: Case) {
        #expect(c.collation.matches(c.value, c.pattern, c.matchType) == c.expected)
    }

    @Test func everyCollationCoversEveryMatchType() {
        for collation in Collation.allCases {
            for matchType in MatchType.allCases {
                #expect(Self.table.contains { $0.collation == collation && $0.matchType == matchType },
                        "no case for \(collation.rawValue) \(matchType.rawValue)")
            }
        }
    }

    @Test func identifiersResolveDefaultAndRefuseUnknownNames() {
        #expect(Collation(identifier: "default", default: .unicodeCasemap) == .unicodeCasemap)
        #expect(Collation(identifier: "default", default: .asciiCasemap) == .asciiCasemap)
        #expect(Collation(identifier: "I;Octet", default: .asciiCasemap) == .octet)
        #expect(Collation(identifier: "i;ascii-*", default: .asciiCasemap) == nil)
        #expect(Collation(identifier: "i;basic", default: .asciiCasemap) == nil)
        #expect(Collation(identifier: "", default: .asciiCasemap) == nil)
    }
}
