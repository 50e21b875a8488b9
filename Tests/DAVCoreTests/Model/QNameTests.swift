import Testing

import DAVCore

@Suite struct QNameTests {
    @Test func clarkNotationRoundTrips() {
        for name in [QName.dav("displayname"), QName("http://example.com/{odd}", "x"), QName("", "bare")] {
            #expect(QName(clark: name.description) == name)
        }
    }

    @Test func theNamespaceEndsAtTheLastBrace() {
        #expect(QName(clark: "{a}b}c") == QName("a}b", "c"))
    }

    @Test func keysThatAreNotClarkNamesAreRejected() {
        for key in ["", "D:displayname", "displayname", "{DAV:}", "{DAV:displayname"] {
            #expect(QName(clark: key) == nil)
        }
    }
}
