import DAVCore
import DAVTesting
import Logging
import RightsPlugins
import Testing
@testable import AuthPlugins

/// owner_only, plus anonymous read access everywhere under `/public/`.
private struct PublicFolderRights: RightsPolicy {
    func permissions(for principal: Principal?, at path: ResourcePath) async throws -> Permissions {
        if path.segments.first == "public" { return principal == nil ? .readOnly : .all }
        return try await OwnerOnlyRights().permissions(for: principal, at: path)
    }
}

private let event = """
    BEGIN:VCALENDAR\r
    VERSION:2.0\r
    PRODID:-//Test//EN\r
    BEGIN:VEVENT\r
    UID:e1\r
    DTSTAMP:20250101T000000Z\r
    DTSTART:20250601T100000Z\r
    DURATION:PT1H\r
    SUMMARY:Meeting\r
    END:VEVENT\r
    END:VCALENDAR\r

    """

/// The new plugins behind a real `DAVServer` (in process): what the server lets through.
@Suite struct AuthPluginsHTTPTests {
    let accounts = MemoryAccountStore()
    let server: DAVServer

    init() {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let chain = AuthenticatorChain([
            StaticAuthenticator(["alice": "pa"]),
            APIKeyAuthenticator(store: accounts, logger: logger),
            RemoteUserAuthenticator(configuration: .init(trustedProxies: [PeerAddress("10.0.0.2")!]), logger: logger),
        ])
        server = DAVServer(storage: MemoryStorage(), authenticator: CachingAuthenticator(wrapping: chain, failureDelay: .zero),
                           rights: PublicFolderRights(), logger: logger)
    }

    func send(_ method: String, _ path: String, headers: [String: String] = [:], body: String = "",
              from address: String = "127.0.0.1") async -> Int {
        await server.handle(DAVRequest(method: method, path: path, headers: headers, body: Array(body.utf8),
                                       remoteAddress: address)).status
    }

    @Test func anAdministratorsKeyCannotUseTheAdminAPI() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let chain = AuthenticatorChain([StaticAuthenticator(["root": "pr"]), APIKeyAuthenticator(store: accounts, logger: logger)])
        let groups = GroupStore(store: accounts, users: nil)
        let server = DAVServer(storage: MemoryStorage(), authenticator: CachingAuthenticator(wrapping: chain, failureDelay: .zero),
                               rights: OwnerOnlyRights(), groups: groups,
                               admin: AdminAPI(accounts: nil, groups: groups, role: AdminRole(users: ["root"])), logger: logger)
        let userKey = try await APIKeys(store: accounts).create(name: "root-key", scope: .user("root"), readOnly: false)
        let serviceKey = try await APIKeys(store: accounts).create(name: "svc", scope: .service, readOnly: false)
        func status(_ headers: [String: String]) async -> Int {
            await server.handle(DAVRequest(method: "GET", path: "/.admin/groups", headers: headers, body: [],
                                           remoteAddress: "127.0.0.1")).status
        }
        #expect(await status(["Authorization": "Basic cm9vdDpwcg=="]) == 200)  // root:pr
        #expect(await status(["X-Api-Key": userKey]) == 403)
        #expect(await status(["X-Api-Key": serviceKey, "X-Forwarded-User": "root"]) == 403)
    }

    @Test func aReadOnlyKeyReadsButCannotWrite() async throws {
        let alice = DAVTestClient(server: server, user: "alice", password: "pa")
        try await alice.put("/alice/calendar/e1.ics", event)
        let key = try await APIKeys(store: accounts).create(name: "viewer", scope: .user("alice"), readOnly: true)
        let writer = try await APIKeys(store: accounts).create(name: "writer", scope: .user("alice"), readOnly: false)
        let h = ["X-Api-Key": key]
        #expect(await send("GET", "/alice/calendar/e1.ics", headers: h) == 200)
        #expect(await send("PROPFIND", "/alice/calendar/", headers: h.merging(["Depth": "1"]) { $1 }) == 207)
        #expect(await send("PUT", "/alice/calendar/e2.ics", headers: h.merging(["Content-Type": "text/calendar"]) { $1 },
                           body: event.replacing("UID:e1", with: "UID:e2")) == 403)
        #expect(await send("DELETE", "/alice/calendar/e1.ics", headers: h) == 403)
        #expect(await send("PROPPATCH", "/alice/calendar/", headers: h, body: #"<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:displayname>x</D:displayname></D:prop></D:set></D:propertyupdate>"#) == 403)
        #expect(await send("MKCOL", "/alice/new/", headers: h) == 403)
        #expect(await send("MOVE", "/alice/calendar/e1.ics", headers: h.merging(["Destination": "/alice/calendar/e3.ics"]) { $1 }) == 403)
        try await alice.get("/alice/calendar/e1.ics")

        #expect(await send("PUT", "/alice/calendar/e2.ics", headers: ["Authorization": "Bearer \(writer)", "Content-Type": "text/calendar"],
                           body: event.replacing("UID:e1", with: "UID:e2")) == 201)
    }

    @Test func aServiceKeyActsForTheForwardedUserWithTheirRightsOnly() async throws {
        let key = try await APIKeys(store: accounts).create(name: "bridge", scope: .service, readOnly: false)
        #expect(await send("MKCOL", "/bob/notes/", headers: ["X-Api-Key": key, "X-Forwarded-User": "bob"]) == 201)
        #expect(await send("PROPFIND", "/alice/", headers: ["X-Api-Key": key, "X-Forwarded-User": "bob", "Depth": "0"]) == 403)
        #expect(await send("PROPFIND", "/bob/", headers: ["X-Api-Key": key, "X-Forwarded-User": "../alice", "Depth": "0"]) == 401)
        #expect(await send("PROPFIND", "/bob/", headers: ["X-Api-Key": key, "Depth": "0"]) == 401)
    }

    @Test func aKeyHeaderIsACredentialButUnrelatedHeadersAreNot() async throws {
        // Anonymous reading of public data still works, with any headers a client sends...
        #expect(await send("GET", "/public/nothing.ics", headers: ["X-Requested-With": "x", "X-Api-Key": ""]) == 404)
        // ...but a wrong key is not quietly served as anonymous, even where anonymous may read.
        #expect(await send("GET", "/public/nothing.ics", headers: ["X-Api-Key": "pdk_wrong"]) == 401)
        #expect(await send("GET", "/public/nothing.ics", headers: ["Authorization": "Bearer \(APIKey.generate())"]) == 401)
    }

    @Test func aKeyOverPlainHTTPFromAfarIsRefused() async throws {
        let key = try await APIKeys(store: accounts).create(name: "phone", scope: .user("alice"), readOnly: false)
        #expect(await send("PROPFIND", "/alice/", headers: ["X-Api-Key": key, "Depth": "0"], from: "203.0.113.5") == 401)
        #expect(await send("PROPFIND", "/alice/", headers: ["X-Api-Key": key, "Depth": "0"]) == 207)
    }

    @Test func aFirstLoginOverHTTPClaimsTheNameAndItsHome() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let tofu = try TrustOnFirstUseAuthenticator(configuration: .init(bcryptCost: 4), store: accounts, logger: logger)
        let chain = AuthenticatorChain([StaticAuthenticator(["alice": "pa"]), tofu])
        let server = DAVServer(storage: MemoryStorage(), authenticator: CachingAuthenticator(wrapping: chain, failureDelay: .zero),
                               rights: OwnerOnlyRights(), logger: logger)
        let newcomer = DAVTestClient(server: server, user: "newcomer", password: "mine")
        try await newcomer.put("/newcomer/calendar/e1.ics", event)
        try await newcomer.as("newcomer", password: "guess").get("/newcomer/calendar/e1.ics", expect: 401)
        try await newcomer.as("alice", password: "other").get("/alice/", expect: 401)  // htpasswd-style users are not claimable
        #expect(try await tofu.users() == ["newcomer"])
        try await newcomer.get("/newcomer/calendar/e1.ics")
    }

    @Test func theRemoteUserHeaderCountsOnlyFromTheProxy() async throws {
        #expect(await send("PROPFIND", "/carol/", headers: ["X-Remote-User": "carol", "Depth": "0"], from: "10.0.0.2") == 207)
        // Header injection from elsewhere: neither carol nor anonymous.
        #expect(await send("PROPFIND", "/carol/", headers: ["X-Remote-User": "carol", "Depth": "0"], from: "10.0.0.9") == 401)
        #expect(await send("GET", "/public/nothing.ics", headers: ["X-Remote-User": "carol"], from: "10.0.0.9") == 401)
        #expect(await send("GET", "/public/nothing.ics", from: "10.0.0.9") == 404)
    }
}
