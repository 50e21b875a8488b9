import DAVCore
import DAVTesting
import Logging
import RightsPlugins
import Testing

/// `addressbook-query` (RFC 6352 §8.6) and partial `address-data` (§10.4) over HTTP.
@Suite struct AddressBookQueryTests {
    static let book = "/alice/contacts/"

    static func card(_ uid: String, fn: String, nickname: String? = nil, email: String? = nil, extra: [String] = []) -> String {
        var lines = ["BEGIN:VCARD", "VERSION:3.0"]
        if let nickname { lines.append("NICKNAME:\(nickname)") }
        lines += ["UID:\(uid)", "FN:\(fn)"]
        if let email { lines.append("EMAIL:\(email)") }
        lines += extra + ["END:VCARD", ""]
        return lines.joined(separator: "\r\n")
    }

    static func query(_ filter: String, props: String = "<D:getetag/>", limit: Int? = nil, test: String? = nil) -> String {
        let testAttribute = test.map { #" test="\#($0)""# } ?? ""
        let limitXML = limit.map { "<C:limit><C:nresults>\($0)</C:nresults></C:limit>" } ?? ""
        return #"<?xml version="1.0" encoding="utf-8" ?><C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">"#
            + "<D:prop>\(props)</D:prop><C:filter\(testAttribute)>\(filter)</C:filter>\(limitXML)</C:addressbook-query>"
    }

    /// The address-data selection of the RFC 6352 §8.6.3, §8.6.4 and §8.7.1 examples.
    static let rfcAddressData = #"<D:getetag/><C:address-data><C:prop name="VERSION"/><C:prop name="UID"/>"#
        + #"<C:prop name="NICKNAME"/><C:prop name="EMAIL"/><C:prop name="FN"/></C:address-data>"#

    static func put(_ client: DAVTestClient, _ name: String, _ body: String) async throws {
        try await client.put(book + name, body, contentType: "text/vcard; charset=utf-8")
    }

    static func addressData(_ ms: ParsedMultistatus, _ href: String) -> String? {
        ms[href]?.ok(.carddav("address-data"))?.text.replacing("\r\n", with: "\n")
    }

    // MARK: The RFC 6352 examples

    @Test func rfcPartialRetrievalOfVCardsMatchingNickname() async throws {
        let client = TestServer.alice()
        try await Self.put(client, "v102.vcf", Self.card("34222-232@example.com", fn: "Cyrus Daboo", nickname: "me",
                                                          email: "daboo@example.com",
                                                          extra: ["N:Daboo;Cyrus;;;", "TEL;TYPE=WORK:+1-412-555-0100", "ADR:;;1 Main St;Pittsburgh;PA;;USA"]))
        try await Self.put(client, "v103.vcf", Self.card("34222-233@example.com", fn: "Meg Smith", nickname: "meg"))
        try await Self.put(client, "v104.vcf", Self.card("34222-23222@example.com", fn: "Oliver Daboo", nickname: "oliver"))
        let body = Self.query(#"<C:prop-filter name="NICKNAME"><C:text-match collation="i;unicode-casemap" match-type="equals">me</C:text-match></C:prop-filter>"#,
                              props: Self.rfcAddressData)
        let ms = try await client.report(Self.book, body, depth: "1").multistatus()
        #expect(ms.hrefs == ["/alice/contacts/v102.vcf"])
        #expect(ms["/alice/contacts/v102.vcf"]?.ok(.dav("getetag")) != nil)
        #expect(Self.addressData(ms, "/alice/contacts/v102.vcf")
            == "BEGIN:VCARD\nVERSION:3.0\nNICKNAME:me\nUID:34222-232@example.com\nFN:Cyrus Daboo\nEMAIL:daboo@example.com\nEND:VCARD\n")
    }

    @Test func rfcVCardsWithFullNameOrEmailContainingDaboo() async throws {
        let client = TestServer.alice()
        try await Self.put(client, "v102.vcf", Self.card("34222-232@example.com", fn: "David Boo", nickname: "me", email: "daboo@example.com",
                                                          extra: ["TEL:+1-412-555-0100"]))
        try await Self.put(client, "v103.vcf", Self.card("34222-233@example.com", fn: "Bernard Desruisseaux", nickname: "bernard",
                                                          email: "bernard@example.com"))
        try await Self.put(client, "v104.vcf", Self.card("34222-23222@example.com", fn: "Oliver Daboo", nickname: "oliver",
                                                          email: "oliver@example.com"))
        let daboo = #"<C:text-match collation="i;unicode-casemap" match-type="contains">daboo</C:text-match>"#
        let filter = #"<C:prop-filter name="FN">\#(daboo)</C:prop-filter><C:prop-filter name="EMAIL">\#(daboo)</C:prop-filter>"#
        let ms = try await client.report(Self.book, Self.query(filter, props: Self.rfcAddressData, test: "anyof"), depth: "1").multistatus()
        #expect(ms.hrefs == ["/alice/contacts/v102.vcf", "/alice/contacts/v104.vcf"])
        #expect(Self.addressData(ms, "/alice/contacts/v102.vcf")
            == "BEGIN:VCARD\nVERSION:3.0\nNICKNAME:me\nUID:34222-232@example.com\nFN:David Boo\nEMAIL:daboo@example.com\nEND:VCARD\n")
        #expect(Self.addressData(ms, "/alice/contacts/v104.vcf")
            == "BEGIN:VCARD\nVERSION:3.0\nNICKNAME:oliver\nUID:34222-23222@example.com\nFN:Oliver Daboo\nEMAIL:oliver@example.com\nEND:VCARD\n")
        // With allof a card needs "daboo" in FN and in EMAIL, which none has.
        let both = try await client.report(Self.book, Self.query(filter, test: "allof"), depth: "1").multistatus()
        #expect(both.hrefs == [])
    }

    @Test func rfcLimitTruncatesWith507ForTheRequestURI() async throws {
        let client = TestServer.alice()
        for (i, name) in ["Cyrus Daboo", "Oliver Daboo", "Amelia Daboo", "Bernard Desruisseaux"].enumerated() {
            try await Self.put(client, "v10\(i).vcf", Self.card("uid-\(i)", fn: name))
        }
        let filter = #"<C:prop-filter name="FN"><C:text-match collation="i;unicode-casemap" match-type="contains">daboo</C:text-match></C:prop-filter>"#
        let r = try await client.report(Self.book, Self.query(filter, limit: 2, test: "anyof"), depth: "1")
        let ms = try r.multistatus()
        #expect(ms.hrefs == ["/alice/contacts/", "/alice/contacts/v100.vcf", "/alice/contacts/v101.vcf"])
        #expect(ms["/alice/contacts/"]?.status == 507)
        let root = try XMLReader.parse(r.response.body)
        let collection = try #require(root.children(.dav("response")).first { $0.child(.dav("href"))?.text == "/alice/contacts/" })
        #expect(collection.child(.dav("error"))?.child(.dav("number-of-matches-within-limits")) != nil)

        // Exactly as many matches as the limit: nothing was left out, so no 507.
        let exact = try await client.report(Self.book, Self.query(filter, limit: 3), depth: "1").multistatus()
        #expect(exact.hrefs == ["/alice/contacts/v100.vcf", "/alice/contacts/v101.vcf", "/alice/contacts/v102.vcf"])
        let none = try await client.report(Self.book, Self.query(filter, limit: 0), depth: "1").multistatus()
        #expect(none.hrefs == ["/alice/contacts/"])
    }

    @Test func rfcMultigetReturnsOnlyTheSelectedProperties() async throws {
        let client = TestServer.alice()
        try await Self.put(client, "vcf102.vcf", Self.card("34222-232@example.com", fn: "Cyrus Daboo", nickname: "me", email: "daboo@example.com",
                                                            extra: ["N:Daboo;Cyrus;;;", "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ"]))
        let body = #"<C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop>\#(Self.rfcAddressData)</D:prop>"#
            + "<D:href>/alice/contacts/vcf102.vcf</D:href><D:href>/alice/contacts/vcf1.vcf</D:href></C:addressbook-multiget>"
        let ms = try await client.report(Self.book, body, depth: "1").multistatus()
        #expect(Self.addressData(ms, "/alice/contacts/vcf102.vcf")
            == "BEGIN:VCARD\nVERSION:3.0\nNICKNAME:me\nUID:34222-232@example.com\nFN:Cyrus Daboo\nEMAIL:daboo@example.com\nEND:VCARD\n")
        #expect(ms["/alice/contacts/vcf1.vcf"]?.status == 404)
        // Without CARDDAV:prop children the card comes back whole.
        let whole = #"<C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><C:address-data content-type="text/vcard" version="4.0"/></D:prop><D:href>/alice/contacts/vcf102.vcf</D:href></C:addressbook-multiget>"#
        let full = try await client.report(Self.book, whole).multistatus()
        #expect(Self.addressData(full, "/alice/contacts/vcf102.vcf")?.contains("PHOTO;ENCODING=b") == true)
    }

    // MARK: Filters over HTTP

    @Test func interopEmailContainsAndEqualsCasefold() async throws {
        let client = TestServer.alice()
        try await Self.put(client, "vc3.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:vc3\r\nFN:Alice Smith\r\nN:Smith;Alice;;;\r\nEMAIL;TYPE=INTERNET,WORK:alice.smith@example.com\r\nTEL;TYPE=CELL:+1-555-0100\r\nEND:VCARD\r\n")
        try await Self.put(client, "vc4.vcf", "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\nFN:Bob Jones\r\nN:Jones;Bob;;;\r\nEMAIL;TYPE=work:bob.jones@example.org\r\nTEL;VALUE=uri;TYPE=cell:tel:+1-555-0199\r\nEND:VCARD\r\n")
        func hits(_ matchType: String, _ text: String) async throws -> [String] {
            let filter = #"<C:prop-filter name="EMAIL"><C:text-match collation="i;unicode-casemap" match-type="\#(matchType)">\#(text)</C:text-match></C:prop-filter>"#
            return try await client.report(Self.book, Self.query(filter, test: "anyof"), depth: "1").multistatus().hrefs
        }
        #expect(try await hits("contains", "example.org") == ["/alice/contacts/vc4.vcf"])
        #expect(try await hits("equals", "Alice.Smith@EXAMPLE.com") == ["/alice/contacts/vc3.vcf"])
        #expect(try await hits("starts-with", "BOB.") == ["/alice/contacts/vc4.vcf"])
        #expect(try await hits("ends-with", ".COM") == ["/alice/contacts/vc3.vcf"])
    }

    @Test func paramFiltersAndIsNotDefined() async throws {
        let client = TestServer.alice()
        try await Self.put(client, "work.vcf", Self.card("work", fn: "Wanda Work", extra: ["item1.EMAIL;TYPE=INTERNET,WORK:w@corp.example"]))
        try await Self.put(client, "home.vcf", Self.card("home", fn: "Hugo Home", extra: ["EMAIL;TYPE=HOME:h@home.example"]))
        try await Self.put(client, "none.vcf", Self.card("none", fn: "Nora Nomail"))
        func hits(_ filter: String, test: String? = nil) async throws -> [String] {
            try await client.report(Self.book, Self.query(filter, test: test), depth: "1").multistatus().hrefs.map { String($0.dropFirst(Self.book.count)) }
        }
        #expect(try await hits(#"<C:prop-filter name="EMAIL"><C:param-filter name="TYPE"><C:text-match match-type="equals">work</C:text-match></C:param-filter></C:prop-filter>"#)
            == ["work.vcf"])
        #expect(try await hits(#"<C:prop-filter name="EMAIL"><C:is-not-defined/></C:prop-filter>"#) == ["none.vcf"])
        #expect(try await hits(#"<C:prop-filter name="EMAIL"/><C:prop-filter name="FN"><C:text-match>nora</C:text-match></C:prop-filter>"#)
            == ["home.vcf", "none.vcf", "work.vcf"])
        #expect(try await hits(#"<C:prop-filter name="EMAIL"/><C:prop-filter name="FN"><C:text-match>o</C:text-match></C:prop-filter>"#, test: "allof")
            == ["home.vcf", "work.vcf"])
        #expect(try await hits("") == ["home.vcf", "none.vcf", "work.vcf"])
    }

    @Test func reportWithoutFilterOrPropsAnswersEveryHref() async throws {
        let client = TestServer.alice()
        try await Self.put(client, "a.vcf", Self.card("a", fn: "A"))
        let body = #"<C:addressbook-query xmlns:C="urn:ietf:params:xml:ns:carddav"/>"#
        let ms = try await client.report(Self.book, body, depth: "1").multistatus()
        #expect(ms.hrefs == ["/alice/contacts/a.vcf"])
    }

    @Test func supportedCollationSetIsAdvertised() async throws {
        let ms = try await TestServer.alice().propfind(Self.book, props: [.carddav("supported-collation-set")]).multistatus()
        let set = try #require(ms[Self.book]?.ok(.carddav("supported-collation-set")))
        #expect(Set(set.children(.carddav("supported-collation")).map(\.text)) == ["i;ascii-casemap", "i;octet", "i;unicode-casemap"])
    }

    // MARK: Refusals

    @Test func unknownCollationIs403SupportedCollation() async throws {
        let filter = #"<C:prop-filter name="FN"><C:text-match collation="i;x-bogus">a</C:text-match></C:prop-filter>"#
        let r = try await TestServer.alice().report(Self.book, Self.query(filter), depth: "1", expect: 403)
        let error = try XMLReader.parse(r.response.body)
        #expect(error.name == .dav("error"))
        #expect(error.child(.carddav("supported-collation")) != nil)
    }

    @Test(arguments: [
        "<C:addressbook-query xmlns:C='urn:ietf:params:xml:ns:carddav'><C:filter>",
        AddressBookQueryTests.query(#"<C:prop-filter><C:text-match>a</C:text-match></C:prop-filter>"#),
        AddressBookQueryTests.query(#"<C:prop-filter name="FN"><C:text-match match-type="sounds-like">a</C:text-match></C:prop-filter>"#),
        AddressBookQueryTests.query(#"<C:prop-filter name="FN"><C:text-match negate-condition="true">a</C:text-match></C:prop-filter>"#),
        AddressBookQueryTests.query(#"<C:prop-filter name="FN" test="none"/>"#),
        AddressBookQueryTests.query("", limit: -1),
        AddressBookQueryTests.query("").replacing("</C:filter>", with: "</C:filter><C:limit><C:nresults>many</C:nresults></C:limit>"),
        AddressBookQueryTests.query("", props: #"<C:address-data><C:prop/></C:address-data>"#),
    ])
    func badRequestsAre400(_ body: String) async throws {
        let r = try await TestServer.alice().report(Self.book, body, depth: "1", expect: nil)
        #expect(r.status == 400, "\(body) gave \(r.status): \(r.text)")
    }

    @Test func unsupportedAddressDataIs403() async throws {
        let body = Self.query("", props: #"<C:address-data content-type="application/vcard+json"/>"#)
        let r = try await TestServer.alice().report(Self.book, body, depth: "1", expect: 403)
        #expect(r.text.contains("supported-address-data"))
    }

    @Test func onlyAnAddressBookCanBeQueried() async throws {
        let client = TestServer.alice()
        try await client.put("/alice/calendar/e.ics", Payloads.event(uid: "e"))
        try await Self.put(client, "c.vcf", Self.card("c", fn: "C"))
        for target in ["/alice/calendar/", "/alice/", "/alice/contacts/c.vcf"] {
            let r = try await client.report(target, Self.query(""), depth: "1", expect: 403)
            #expect(r.text.contains("supported-report"), "\(target)")
        }
        try await client.report("/alice/nowhere/", Self.query(""), depth: "1", expect: 404)
        let bob = client.as("bob", password: "pb")
        try await bob.report(Self.book, Self.query(""), depth: "1", expect: 403)
    }

    // MARK: Storage

    @Test func objectsThatDoNotParseAreSkipped() async throws {
        let server = TestServer.make()
        let client = TestServer.alice(server)
        try await Self.put(client, "good.vcf", Self.card("good", fn: "Good Card"))
        let broken = Array("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken Card\r\nnot a content line\r\n".utf8)
        _ = try await server.storage.putObject(ObjectContent(bytes: broken, contentType: "text/vcard", summary: nil),
                                               at: ResourcePath(decoding: "/alice/contacts/broken.vcf"), condition: .none)
        let filter = #"<C:prop-filter name="FN"><C:text-match>card</C:text-match></C:prop-filter>"#
        let ms = try await client.report(Self.book, Self.query(filter), depth: "1").multistatus()
        #expect(ms.hrefs == ["/alice/contacts/good.vcf"])
    }

    @Test func backendCandidatesNarrowTheSearchButTheCoreDecides() async throws {
        let storage = NarrowingStorage(candidates: [
            QueryCandidate(name: "b.vcf", isExactMatch: true),
            QueryCandidate(name: "c.vcf", isExactMatch: false),
        ])
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let server = DAVServer(storage: storage, authenticator: StaticAuthenticator(["alice": "pa"]), rights: OwnerOnlyRights(),
                               configuration: ServerConfiguration(), logger: logger)
        let client = TestServer.alice(server)
        for name in ["a", "b", "c"] { try await Self.put(client, "\(name).vcf", Self.card(name, fn: "Card \(name.uppercased())")) }
        // No filter: the backend's exact candidate and its inexact one that parses, never a.vcf.
        let all = try await client.report(Self.book, Self.query(""), depth: "1").multistatus()
        #expect(all.hrefs == ["/alice/contacts/b.vcf", "/alice/contacts/c.vcf"])
        // A filter: even the backend's exact candidate is checked against it.
        let filter = #"<C:prop-filter name="FN"><C:text-match match-type="ends-with">c</C:text-match></C:prop-filter>"#
        let some = try await client.report(Self.book, Self.query(filter, props: "<C:address-data/>"), depth: "1").multistatus()
        #expect(some.hrefs == ["/alice/contacts/c.vcf"])
        #expect(some["/alice/contacts/c.vcf"]?.ok(.carddav("address-data"))?.text.contains("FN:Card C") == true)
    }
}

/// MemoryStorage whose query hook answers a fixed candidate list for address books.
private struct NarrowingStorage: Storage {
    let base = MemoryStorage()
    let candidates: [QueryCandidate]

    func query(_ query: StorageQuery, in collection: ResourcePath) async throws -> [QueryCandidate]? {
        query.componentType == "VCARD" ? candidates : nil
    }

    func resource(at path: ResourcePath) async throws -> Resource? { try await base.resource(at: path) }
    func members(of collection: ResourcePath) async throws -> [Resource] { try await base.members(of: collection) }
    func objects(in collection: ResourcePath, named names: [String]) async throws -> [StoredObject] {
        try await base.objects(in: collection, named: names)
    }
    func putObject(_ content: ObjectContent, at path: ResourcePath, condition: WriteCondition) async throws -> PutOutcome {
        try await base.putObject(content, at: path, condition: condition)
    }
    func deleteObject(at path: ResourcePath, condition: WriteCondition) async throws {
        try await base.deleteObject(at: path, condition: condition)
    }
    func createCollection(at path: ResourcePath, kind: CollectionKind, properties: [QName: PropertyValue]) async throws {
        try await base.createCollection(at: path, kind: kind, properties: properties)
    }
    func deleteCollection(at path: ResourcePath) async throws { try await base.deleteCollection(at: path) }
    func transfer(from source: ResourcePath, to destination: ResourcePath, overwrite: Bool, keepSource: Bool) async throws -> Bool {
        try await base.transfer(from: source, to: destination, overwrite: overwrite, keepSource: keepSource)
    }
    func setProperties(_ changes: [QName: PropertyValue?], at path: ResourcePath) async throws {
        try await base.setProperties(changes, at: path)
    }
    func changes(in collection: ResourcePath, since token: String?, limit: Int?) async throws -> ChangeSet {
        try await base.changes(in: collection, since: token, limit: limit)
    }
}
