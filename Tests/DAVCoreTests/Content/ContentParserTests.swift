import DAVCore
import Testing

@Suite struct ContentParserTests {
    private func parse(_ text: String) throws -> [Component] { try ContentParser.parse(Array(text.utf8)) }

    @Test func unfoldsParametersAndNesting() throws {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Long\r\n  line\r\n\tfolded\r\n"
            + "ATTENDEE;CN=\"Doe, J\";ROLE=REQ-PARTICIPANT;X-LIST=a,\"b:c\":mailto:j@example.com\r\n"
            + "BEGIN:VALARM\r\nTRIGGER:-PT5M\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let cal = try #require(try parse(text).first)
        #expect(cal.name == "VCALENDAR")
        let event = try #require(cal.components("VEVENT").first)
        #expect(event.property("summary")?.value == "Long linefolded")
        let attendee = try #require(event.property("ATTENDEE"))
        #expect(attendee.parameter("cn") == "Doe, J")
        #expect(attendee.parameterValues("X-LIST") == ["a", "b:c"])
        #expect(attendee.value == "mailto:j@example.com")
        #expect(event.components("VALARM").first?.property("TRIGGER")?.value == "-PT5M")
    }

    @Test func bareLineFeedsBlankLinesAndTextEscapes() throws {
        let text = "BEGIN:VCARD\nVERSION:3.0\n\nitem1.EMAIL;TYPE=INTERNET:a@b.c\nNOTE:x\\, y\\; z\\nw\\\\\nEND:VCARD\n"
        let card = try #require(try parse(text).first)
        let email = try #require(card.property("EMAIL"))
        #expect(email.group == "item1")
        #expect(card.property("NOTE")?.textValue == "x, y; z\nw\\")
    }

    @Test func vCard21BareParametersAndQuotedPrintableSoftBreaks() throws {
        let text = "BEGIN:VCARD\r\nVERSION:2.1\r\nTEL;HOME;VOICE:123\r\nNOTE;ENCODING=QUOTED-PRINTABLE:a=\r\nb\r\nEND:VCARD\r\n"
        let card = try #require(try parse(text).first)
        #expect(card.property("TEL")?.parameterValues("TYPE") == ["HOME", "VOICE"])
        #expect(card.property("NOTE")?.value == "a=b")
    }

    @Test func rfc6868CaretEscapes() throws {
        let card = try #require(try parse("BEGIN:VCARD\r\nADR;LABEL=\"a^nb ^'q^' ^^\":;;\r\nEND:VCARD\r\n").first)
        #expect(card.property("ADR")?.parameter("LABEL") == "a\nb \"q\" ^")
    }

    @Test(arguments: [
        ("BEGIN:VCALENDAR\r\nnocolon\r\nEND:VCALENDAR\r\n", 2),
        ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", 3),
        ("UID:x\r\n", 1),
        ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", 0),
        ("BEGIN:VCALENDAR\r\nX;A=\"open:1\r\nEND:VCALENDAR\r\n", 2),
        ("", 0),
    ])
    func malformedInputNamesTheLine(text: String, line: Int) {
        #expect(throws: ContentError.self) { try parse(text) }
        do { _ = try parse(text) } catch { #expect((error as? ContentError)?.line == line) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: ContentError.self) { try ContentParser.parse([0x42, 0xFF, 0x0A]) }
    }

    @Test func hostileNestingIsBounded() {
        let text = String(repeating: "BEGIN:X\r\n", count: 10_000) + String(repeating: "END:X\r\n", count: 10_000)
        #expect(throws: ContentError.self) { try parse(text) }
    }

    @Test func serializerFoldsAt75OctetsWithoutSplittingCharacters() throws {
        let summary = String(repeating: "é", count: 100)
        let event = Component(name: "VEVENT", properties: [ContentLine(name: "SUMMARY", parameters: [ContentParameter(name: "LANGUAGE", values: ["fr"])], value: summary)])
        let text = event.serialized
        for line in text.split(separator: "\r\n") { #expect(line.utf8.count <= 75) }
        let back = try #require(try parse(text).first)
        #expect(back == event)
    }

    @Test func tenThousandEventCalendarParses() throws {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        for i in 0..<10_000 {
            text += "BEGIN:VEVENT\r\nUID:e\(i)@example.com\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20250101T100000\r\n"
            text += "DTEND;TZID=Europe/Berlin:20250101T110000\r\nRRULE:FREQ=WEEKLY;COUNT=10\r\nSUMMARY:Event number \(i)\r\nEND:VEVENT\r\n"
        }
        text += "END:VCALENDAR\r\n"
        let cal = try #require(try parse(text).first)
        #expect(cal.components.count == 10_000)
    }
}
