import DAVCore
import Testing

@Suite struct AddressBookFilterTests {
    /// Four cards shaped like the interop vectors of a widely used CardDAV client library:
    /// two EMAILs with TYPE, one EMAIL without parameters, no EMAIL but TELs with and without
    /// TYPE, and an IMPP with X-SERVICE-TYPE.
    static let cards: [Component] = [
        vcard("card0", "EMAIL;TYPE=WORK:doe@big.corp", "EMAIL;TYPE=HOME:johndoe@example.com"),
        vcard("card1", "EMAIL:maxmu@abcd.com"),
        vcard("card2", "TEL;TYPE=HOME:12345", "TEL:555"),
        vcard("card3", "IMPP;X-SERVICE-TYPE=Jabber;TYPE=HOME:xmpp:foo@example.com"),
    ]

    static func vcard(_ uid: String, _ lines: String...) -> Component {
        let text = (["BEGIN:VCARD", "VERSION:3.0", "UID:\(uid)", "FN:\(uid)"] + lines + ["END:VCARD", ""]).joined(separator: "\r\n")
        return try! ContentParser.parse(Array(text.utf8))[0]
    }

    static func filter(_ inner: String, test: String? = nil) throws -> AddressBookFilter {
        let attribute = test.map { #" test="\#($0)""# } ?? ""
        let xml = #"<C:filter xmlns:C="urn:ietf:params:xml:ns:carddav"\#(attribute)>\#(inner)</C:filter>"#
        return try AddressBookFilter(element: XMLReader.parse(Array(xml.utf8)))
    }

    /// The UIDs of the sample cards `inner` selects.
    static func hits(_ inner: String, test: String? = nil, in cards: [Component] = cards) throws -> [String] {
        let f = try filter(inner, test: test)
        return cards.filter(f.matches).compactMap(\.uid)
    }

    static func prop(_ name: String, _ body: String = "", test: String? = nil) -> String {
        let attribute = test.map { #" test="\#($0)""# } ?? ""
        return body.isEmpty ? #"<C:prop-filter name="\#(name)"\#(attribute)/>"#
                            : #"<C:prop-filter name="\#(name)"\#(attribute)>\#(body)</C:prop-filter>"#
    }

    static func text(_ text: String, _ matchType: String = "contains", negate: Bool = false) -> String {
        #"<C:text-match match-type="\#(matchType)" negate-condition="\#(negate ? "yes" : "no")">\#(text)</C:text-match>"#
    }

    static func param(_ name: String, _ body: String = "") -> String {
        #"<C:param-filter name="\#(name)">\#(body)</C:param-filter>"#
    }

    @Test func emptyFilterSelectsEveryCard() throws {
        #expect(try Self.hits("") == ["card0", "card1", "card2", "card3"])
        #expect(try Self.hits("", test: "allof") == ["card0", "card1", "card2", "card3"])
    }

    @Test func definedAndNotDefinedProperties() throws {
        #expect(try Self.hits(Self.prop("EMAIL")) == ["card0", "card1"])
        #expect(try Self.hits(Self.prop("EMAIL", "<C:is-not-defined/>")) == ["card2", "card3"])
        #expect(try Self.hits(Self.prop("email")) == ["card0", "card1"])
    }

    @Test func textMatchesOnPropertyValues() throws {
        #expect(try Self.hits(Self.prop("EMAIL", Self.text("johndoe@example.com", "equals"))) == ["card0"])
        #expect(try Self.hits(Self.prop("EMAIL", Self.text("mu@ab"))) == ["card1"])
        #expect(try Self.hits(Self.prop("EMAIL", Self.text("MAX", "starts-with"))) == ["card1"])
        #expect(try Self.hits(Self.prop("EMAIL", Self.text("@EXAmple.com", "ends-with"))) == ["card0"])
    }

    @Test func negatedTextMatchNeedsTheProperty() throws {
        // Cards without EMAIL never pass, negated or not.
        #expect(try Self.hits(Self.prop("EMAIL", Self.text("@abcd.com", "ends-with", negate: true))) == ["card0"])
        // One EMAIL of card0 does not contain example.com, so card0 passes too.
        #expect(try Self.hits(Self.prop("EMAIL", Self.text("@example.com", negate: true))) == ["card0", "card1"])
    }

    @Test func paramFilters() throws {
        #expect(try Self.hits(Self.prop("EMAIL", Self.param("TYPE", "<C:is-not-defined/>"))) == ["card1"])
        // card2 has a TEL with TYPE and one without: TYPE is defined, so it does not pass.
        #expect(try Self.hits(Self.prop("TEL", Self.param("TYPE", "<C:is-not-defined/>"))) == [])
        #expect(try Self.hits(Self.prop("EMAIL", Self.param("TYPE", Self.text("home", "equals")))) == ["card0"])
        #expect(try Self.hits(Self.prop("EMAIL", Self.param("type", Self.text("orK", "ends-with")))) == ["card0"])
        #expect(try Self.hits(Self.prop("EMAIL", Self.param("TYPE"))) == ["card0"])
        #expect(try Self.hits(Self.prop("IMPP", Self.param("X-SERVICE-TYPE", Self.text("Skype", negate: true)))) == ["card3"])
        #expect(try Self.hits(Self.prop("IMPP", Self.param("X-SERVICE-TYPE", Self.text("Jabber", negate: true)))) == [])
        #expect(try Self.hits(Self.prop("EMAIL", Self.param("TYPE", Self.text("WORK", negate: true)))) == ["card0"])
        // The TEL without TYPE does not satisfy a negated match on TYPE.
        #expect(try Self.hits(Self.prop("TEL", Self.param("TYPE", Self.text("HOME", negate: true)))) == [])
    }

    @Test func propFilterTestCombinesItsConditions() throws {
        let both = Self.text("example.com") + Self.param("TYPE", Self.text("WORK", "equals"))
        #expect(try Self.hits(Self.prop("EMAIL", both)) == ["card0"])
        #expect(try Self.hits(Self.prop("EMAIL", both, test: "allof")) == ["card0"])
        let contradicting = Self.text("abcd") + Self.param("TYPE", Self.text("WORK", "equals"))
        #expect(try Self.hits(Self.prop("EMAIL", contradicting)) == ["card0", "card1"])
        #expect(try Self.hits(Self.prop("EMAIL", contradicting, test: "allof")) == [])
    }

    @Test func filterTestCombinesPropFilters() throws {
        let emailOrImpp = Self.prop("EMAIL", Self.text("abcd")) + Self.prop("IMPP")
        #expect(try Self.hits(emailOrImpp) == ["card1", "card3"])
        #expect(try Self.hits(emailOrImpp, test: "anyof") == ["card1", "card3"])
        #expect(try Self.hits(emailOrImpp, test: "allof") == [])
        #expect(try Self.hits(Self.prop("TEL") + Self.prop("EMAIL", "<C:is-not-defined/>"), test: "allof") == ["card2"])
    }

    @Test func groupPrefixes() throws {
        let cards = [
            Self.vcard("plain", "TEL:1"),
            Self.vcard("abc", "X-ABC.TEL:2"),
            Self.vcard("abc1", "x-abc-1.tel:3"),
        ]
        #expect(try Self.hits(Self.prop("TEL"), in: cards) == ["plain", "abc", "abc1"])
        #expect(try Self.hits(Self.prop("X-ABC.TEL"), in: cards) == ["abc"])
        #expect(try Self.hits(Self.prop("x-abc-1.TEL"), in: cards) == ["abc1"])
    }

    @Test func structuredAndListValuesMatchWholeAndByComponent() throws {
        let cards = [
            Self.vcard("lovelace", #"N:Lovelace;Ada;Augusta\, Countess;;"#, "NICKNAME:Ada,The Enchantress",
                       #"NOTE:Line one\nwith a comma\, here"#),
            Self.vcard("smith", "N:Smith;John;;;", "ORG:Example Corp;Research"),
        ]
        #expect(try Self.hits(Self.prop("N", Self.text("lovelace", "equals")), in: cards) == ["lovelace"])
        #expect(try Self.hits(Self.prop("N", Self.text("Countess", "ends-with")), in: cards) == ["lovelace"])
        #expect(try Self.hits(Self.prop("N", Self.text("Lovelace;Ada")), in: cards) == ["lovelace"])
        #expect(try Self.hits(Self.prop("NICKNAME", Self.text("the enchantress", "equals")), in: cards) == ["lovelace"])
        #expect(try Self.hits(Self.prop("ORG", Self.text("research", "equals")), in: cards) == ["smith"])
        #expect(try Self.hits(Self.prop("NOTE", Self.text("comma, here", "ends-with")), in: cards) == ["lovelace"])
        #expect(try Self.hits(Self.prop("NOTE", Self.text("one\nwith")), in: cards) == ["lovelace"])
        // Negated: no component and not the whole value may match.
        #expect(try Self.hits(Self.prop("N", Self.text("Smith", "equals", negate: true)), in: cards) == ["lovelace"])
    }

    @Test(arguments: [
        (#"<C:prop-filter/>"#, 400),
        (#"<C:prop-filter name=""/>"#, 400),
        (#"<C:prop-filter name="EMAIL."/>"#, 400),
        (#"<C:prop-filter name="EMAIL" test="some"/>"#, 400),
        (#"<C:prop-filter name="EMAIL"><C:is-not-defined/><C:text-match>x</C:text-match></C:prop-filter>"#, 400),
        (#"<C:prop-filter name="EMAIL"><C:param-filter/></C:prop-filter>"#, 400),
        (#"<C:prop-filter name="EMAIL"><C:param-filter name="TYPE"><C:is-not-defined/><C:text-match>x</C:text-match></C:param-filter></C:prop-filter>"#, 400),
        (#"<C:prop-filter name="EMAIL"><C:comp-filter name="VCARD"/></C:prop-filter>"#, 400),
        (#"<C:comp-filter name="VCARD"/>"#, 400),
        (#"<C:prop-filter name="EMAIL"><C:text-match match-type="fuzzy">x</C:text-match></C:prop-filter>"#, 400),
        (#"<C:prop-filter name="EMAIL"><C:text-match collation="i;x-none">x</C:text-match></C:prop-filter>"#, 403),
    ])
    func invalidFiltersAreRefused(_ inner: String, _ status: Int) {
        do {
            _ = try Self.filter(inner)
            Issue.record("accepted \(inner)")
        } catch let error as DAVError {
            #expect(error.status == status, "\(inner)")
            let expected: QName = status == 403 ? .carddav("supported-collation") : .carddav("supported-filter")
            #expect(error.condition == .empty(expected), "\(inner)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func foreignElementsAreIgnoredAndFilterTestIsChecked() throws {
        let withExtension = #"<X:hint xmlns:X="urn:example:ext"/>"# + Self.prop("IMPP")
        #expect(try Self.hits(withExtension) == ["card3"])
        #expect(throws: DAVError.self) { try Self.filter(Self.prop("IMPP"), test: "oneof") }
    }
}
