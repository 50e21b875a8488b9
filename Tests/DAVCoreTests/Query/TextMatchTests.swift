import DAVCore
import Testing

@Suite struct TextMatchTests {
    private func element(_ xml: String) throws -> XMLElement { try XMLReader.parse(Array(xml.utf8)) }

    private func card(_ attributes: String, _ text: String = "x") throws -> TextMatch {
        try TextMatch(element: element(#"<C:text-match xmlns:C="urn:ietf:params:xml:ns:carddav" \#(attributes)>\#(text)</C:text-match>"#),
                      namespace: Namespace.carddav)
    }

    private func cal(_ attributes: String, _ text: String = "x") throws -> TextMatch {
        try TextMatch(element: element(#"<C:text-match xmlns:C="urn:ietf:params:xml:ns:caldav" \#(attributes)>\#(text)</C:text-match>"#),
                      namespace: Namespace.caldav)
    }

    private func failure(_ body: () throws -> TextMatch) -> DAVError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? DAVError
        }
    }

    @Test func cardDAVDefaultsAreUnicodeCasemapContains() throws {
        let match = try card("", "daboo")
        #expect(match == TextMatch(text: "daboo", collation: .unicodeCasemap, matchType: .contains, negate: false))
        #expect(match.matches("Cyrus DABOO"))
        #expect(try card(#"collation="default""#).collation == .unicodeCasemap)
    }

    @Test func calDAVDefaultsAreAsciiCasemapAndAlwaysContains() throws {
        let match = try cal("", "meeting")
        #expect(match == TextMatch(text: "meeting", collation: .asciiCasemap, matchType: .contains, negate: false))
        #expect(try cal(#"collation="default""#).collation == .asciiCasemap)
        // RFC 4791 has no match-type: one sent anyway is ignored, even a value CardDAV would refuse.
        #expect(try cal(#"match-type="equals""#).matchType == .contains)
        #expect(try cal(#"match-type="bogus""#).matchType == .contains)
    }

    @Test func attributesAreRead() throws {
        let match = try card(#"collation="i;octet" match-type="starts-with" negate-condition="yes""#, "Cy")
        #expect(match == TextMatch(text: "Cy", collation: .octet, matchType: .startsWith, negate: true))
        #expect(try card(#"match-type="ends-with""#).matchType == .endsWith)
        #expect(try card(#"match-type="equals" negate-condition="no""#).negate == false)
    }

    @Test func negateInvertsTheResult() {
        let match = TextMatch(text: "example.com", collation: .asciiCasemap, matchType: .endsWith, negate: true)
        #expect(match.matches("doe@big.corp"))
        #expect(!match.matches("john@EXAMPLE.com"))
        let equalsEmpty = TextMatch(text: "", collation: .unicodeCasemap, matchType: .equals, negate: true)
        #expect(equalsEmpty.matches("anything"))
        #expect(!equalsEmpty.matches(""))
    }

    @Test func negationOfSeveralValuesAppliesToThemAll() {
        let notWork = TextMatch(text: "work", collation: .unicodeCasemap, matchType: .equals, negate: true)
        #expect(!notWork.matches(anyOf: ["INTERNET", "WORK"]))
        #expect(notWork.matches(anyOf: ["HOME", "PREF"]))
        let work = TextMatch(text: "work", collation: .unicodeCasemap, matchType: .equals)
        #expect(work.matches(anyOf: ["INTERNET", "WORK"]))
        #expect(!work.matches(anyOf: []))
    }

    @Test func unknownCollationIs403SupportedCollationInTheElementsNamespace() {
        let cardError = failure { try card(#"collation="i;x-klingon""#) }
        #expect(cardError?.status == 403)
        #expect(cardError?.condition == .empty(.carddav("supported-collation")))
        #expect(cardError?.message.contains("i;unicode-casemap") == true)
        let calError = failure { try cal(#"collation="i;x-klingon""#) }
        #expect(calError?.status == 403)
        #expect(calError?.condition == .empty(.caldav("supported-collation")))
    }

    @Test func badAttributeValuesAre400() {
        let matchType = failure { try card(#"match-type="regex""#) }
        #expect(matchType?.status == 400)
        #expect(matchType?.condition == .empty(.carddav("supported-filter")))
        let negate = failure { try card(#"negate-condition="maybe""#) }
        #expect(negate?.status == 400)
        let calNegate = failure { try cal(#"negate-condition="1""#) }
        #expect(calNegate?.status == 400)
        #expect(calNegate?.condition == .empty(.caldav("valid-filter")))
    }

    @Test func textIsTakenAsWrittenIncludingNonASCII() throws {
        let match = try card(#"match-type="equals""#, "Ærøskøbing &amp; Co")
        #expect(match.text == "Ærøskøbing & Co")
        #expect(match.matches("ærøskøbing & co"))
    }
}
