@testable import DAVCore
import Testing

@Suite struct AddressDataRequestTests {
    static func request(_ addressData: String) throws -> AddressDataRequest? {
        let xml = #"<C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/>"#
            + addressData + "</D:prop></C:addressbook-multiget>"
        return try AddressDataRequest.from(report: XMLReader.parse(Array(xml.utf8)))
    }

    static func extract(_ addressData: String, from card: String) throws -> String {
        let request = try #require(try request(addressData))
        return String(decoding: request.extract(from: Array(card.utf8)), as: UTF8.self)
    }

    static let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nNICKNAME:me\r\nUID:34222-232@example.com\r\nFN:Cyrus Daboo\r\n"
        + "N:Daboo;Cyrus;;;\r\nitem1.EMAIL;TYPE=INTERNET:daboo@example.com\r\nitem1.X-ABLabel:_$!<Other>!$_\r\n"
        + "NOTE:A note long enough to be folded by the client that wrote it, at seventy-\r\n five octets\r\n"
        + "TEL;TYPE=CELL:+1-555-0100\r\nEND:VCARD\r\n"

    @Test func wholeCardRequestsNeedNoTransform() throws {
        #expect(try Self.request("") == nil)
        #expect(try Self.request("<C:address-data/>") == nil)
        #expect(try Self.request(#"<C:address-data content-type="text/vcard" version="4.0"/>"#) == nil)
        #expect(try Self.request(#"<C:address-data><C:allprop/></C:address-data>"#) == nil)
    }

    @Test func selectedPropertiesAreCopiedVerbatimWithTheSkeleton() throws {
        let out = try Self.extract(#"<C:address-data><C:prop name="NOTE"/><C:prop name="email"/></C:address-data>"#, from: Self.card)
        #expect(out == "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:34222-232@example.com\r\n"
            + "item1.EMAIL;TYPE=INTERNET:daboo@example.com\r\n"
            + "NOTE:A note long enough to be folded by the client that wrote it, at seventy-\r\n five octets\r\n"
            + "END:VCARD\r\n")
    }

    @Test func groupsAndNovalue() throws {
        let grouped = try Self.extract(#"<C:address-data><C:prop name="ITEM1.X-ABLABEL"/><C:prop name="item2.TEL"/></C:address-data>"#,
                                       from: Self.card)
        #expect(grouped.contains("item1.X-ABLabel:_$!<Other>!$_\r\n"))
        #expect(!grouped.contains("TEL"))
        let novalue = try Self.extract(#"<C:address-data><C:prop name="TEL" novalue="yes"/><C:prop name="FN" novalue="no"/></C:address-data>"#,
                                       from: Self.card)
        #expect(novalue.contains("\r\nTEL;TYPE=CELL:\r\n"))
        #expect(novalue.contains("\r\nFN:Cyrus Daboo\r\n"))
    }

    @Test func bareLineFeedsStayBareAndOddLinesAreDropped() throws {
        let card = "BEGIN:VCARD\nVERSION:4.0\nUID:u\nthis is not a content line\nEMAIL:a@b.c\nEND:VCARD"
        let out = try Self.extract(#"<C:address-data><C:prop name="EMAIL"/><C:prop name="TEL" novalue="yes"/></C:address-data>"#, from: card)
        #expect(out == "BEGIN:VCARD\nVERSION:4.0\nUID:u\nEMAIL:a@b.c\nEND:VCARD\n")
        #expect(try Self.extract(#"<C:address-data><C:prop name="EMAIL"/></C:address-data>"#, from: "garbage\u{0}") == "")
    }

    @Test func quotedPrintableSoftBreaksAreCopiedWithTheirLine() throws {
        let card = "BEGIN:VCARD\r\nVERSION:2.1\r\nUID:u\r\nNOTE;ENCODING=QUOTED-PRINTABLE:a=\r\nb\r\nFN:N\r\nEND:VCARD\r\n"
        let out = try Self.extract(#"<C:address-data><C:prop name="NOTE"/></C:address-data>"#, from: card)
        #expect(out == "BEGIN:VCARD\r\nVERSION:2.1\r\nUID:u\r\nNOTE;ENCODING=QUOTED-PRINTABLE:a=\r\nb\r\nEND:VCARD\r\n")
    }

    /// The lines are the ones `ContentParser.parse` sees: a stray continuation line, which parse
    /// drops, does not swallow the lines after it.
    @Test func strayContinuationLinesAreDroppedAsParseDropsThem() throws {
        let card = " X-NOTE;ENCODING=QUOTED-PRINTABLE:stray=\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nUID:u\r\nFN:N\r\nEND:VCARD\r\n"
        #expect(try ContentParser.parse(Array(card.utf8)).count == 1)
        let out = try Self.extract(#"<C:address-data><C:prop name="FN"/></C:address-data>"#, from: card)
        #expect(out == "BEGIN:VCARD\r\nVERSION:2.1\r\nUID:u\r\nFN:N\r\nEND:VCARD\r\n")
    }

    @Test func nestedComponentsAreLeftOut() throws {
        let card = "BEGIN:VCARD\r\nVERSION:2.1\r\nUID:outer\r\nFN:Outer\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nFN:Inner\r\nEND:VCARD\r\nEND:VCARD\r\n"
        let out = try Self.extract(#"<C:address-data><C:prop name="FN"/></C:address-data>"#, from: card)
        #expect(out == "BEGIN:VCARD\r\nVERSION:2.1\r\nUID:outer\r\nFN:Outer\r\nEND:VCARD\r\n")
    }

    @Test func unsupportedMediaTypesAre403() {
        for attributes in [#"content-type="application/vcard+json""#, #"version="2.1""#, #"content-type="text/calendar" version="4.0""#] {
            do {
                _ = try Self.request("<C:address-data \(attributes)/>")
                Issue.record("accepted \(attributes)")
            } catch let error as DAVError {
                #expect(error.status == 403)
                #expect(error.condition == .empty(.carddav("supported-address-data")))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        #expect(throws: DAVError.self) { try Self.request(#"<C:address-data><C:prop/></C:address-data>"#) }
        #expect(throws: DAVError.self) { try Self.request(#"<C:address-data><C:prop name="FN" novalue="perhaps"/></C:address-data>"#) }
    }
}
