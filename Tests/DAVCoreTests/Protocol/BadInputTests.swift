import DAVCore
import DAVTesting
import Testing

/// Every bad input gets a clear 4xx: never a 500, a crash or a hang.
@Suite struct BadInputTests {
    @Test(arguments: [
        "/alice/../bob/calendar/", "/alice/%2e%2e/bob/", "/alice/a%2Fb/", "/alice/%00x", "/alice/.Radicale.props",
        "/alice/calendar/%ZZ", "/alice/%C3%28/", "relative/path",
    ])
    func traversalAndMalformedPathsAre400(_ path: String) async throws {
        let r = await TestServer.alice().request("GET", path)
        #expect(r.status == 400, "\(path) gave \(r.status)")
    }

    @Test func malformedXMLIs400WithMessage() async throws {
        let client = TestServer.alice()
        for body in ["<D:propfind xmlns:D='DAV:'><D:prop>", "<propfind", "\u{0}\u{1}garbage", "<x:y/>"] {
            let r = await client.request("PROPFIND", "/alice/", headers: ["Depth": "0"], body: body)
            #expect(r.status == 400, "\(body) gave \(r.status)")
        }
    }

    @Test func xmlEntityAttacksAreRefused() async throws {
        let client = TestServer.alice()
        let xxe = #"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><D:propfind xmlns:D="DAV:"><D:prop><D:displayname>&x;</D:displayname></D:prop></D:propfind>"#
        let laughs = #"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:displayname>&c;</D:displayname></D:prop></D:set></D:propertyupdate>"#
        let r1 = await client.request("PROPFIND", "/alice/", headers: ["Depth": "0"], body: xxe)
        #expect(r1.status == 400 && !r1.text.contains("root:"))
        let r2 = await client.request("PROPPATCH", "/alice/calendar/", body: laughs)
        #expect(r2.status == 400)
    }

    @Test func badHeadersAre400() async throws {
        let client = TestServer.alice()
        #expect(await client.request("PROPFIND", "/alice/", headers: ["Depth": "2"]).status == 400)
        #expect(await client.request("PUT", "/alice/calendar/e.ics", headers: ["If-Match": "no-quotes", "Content-Type": "text/calendar"],
                                     body: Payloads.event(uid: "e")).status == 400)
        #expect(await client.request("COPY", "/alice/calendar/", headers: [:]).status == 400)
        #expect(await client.request("COPY", "/alice/calendar/", headers: ["Destination": "/alice/c2/", "Overwrite": "maybe"]).status == 400)
    }

    @Test func wrongBodiesAre4xx() async throws {
        let client = TestServer.alice()
        #expect(await client.request("REPORT", "/alice/calendar/", body: "").status == 400)
        #expect(await client.request("PROPPATCH", "/alice/calendar/", body: #"<D:propfind xmlns:D="DAV:"/>"#).status == 400)
        #expect(await client.request("REPORT", "/alice/calendar/", body: Payloads.syncCollection(limit: 0)).status == 400)
        #expect(await client.request("BREW", "/alice/").status == 405)
    }
}
