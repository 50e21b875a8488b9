import AuthPlugins
import DAVCore
import DAVTesting
import FileSystemStorage
import FoundationEssentials
import Logging
import RightsPlugins
import Testing

/// `DAVServer.immediateResponse(to:)`, the GET answered on the event loop, on the phone
/// profile's plugins (filesystem, cached logins, owner_only): it must answer exactly what
/// `handle(_:)` answers, and answer nothing (so the full path decides) whenever a check it
/// skips could say otherwise.
@Suite struct ImmediateResponseTests {
    static let event = ConformanceFixtures.event(uid: "e1")

    struct Fixture {
        let folder: CopyFixture.TemporaryFolder
        let server: DAVServer
        let cache: CachingAuthenticator

        init(rights: any RightsPolicy = OwnerOnlyRights(), groups: (any GroupDirectory)? = nil) throws {
            folder = try CopyFixture.TemporaryFolder()
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            cache = CachingAuthenticator(wrapping: StaticAuthenticator(["alice": "pa", "bob": "pb"]), failureDelay: .zero)
            server = DAVServer(storage: try FileSystemStorage(folder: folder.path, logger: logger), authenticator: cache,
                               rights: rights, groups: groups, logger: logger)
        }

        func request(_ path: String, method: String = "GET", user: String? = "alice", password: String? = nil,
                     headers: [String: String] = [:]) -> DAVRequest {
            var all = headers
            if let user {
                let secret = password ?? (user == "alice" ? "pa" : "pb")
                all["Authorization"] = "Basic " + Data("\(user):\(secret)".utf8).base64EncodedString()
            }
            return DAVRequest(method: method, path: path, headers: all, remoteAddress: "127.0.0.1")
        }

        /// The immediate answer, after warming what the full path warms (up to 50 tries, as
        /// parallel tests' writes make the filesystem check its indexes again).
        func immediate(_ request: DAVRequest) async -> DAVResponse? {
            for _ in 0..<50 {
                _ = await server.handle(request)
                if let response = server.immediateResponse(to: request) { return response }
            }
            return nil
        }

        /// Whether `request` gets no immediate answer at a moment when `owner`'s GET of the same
        /// item does, so the refusal is for `request`'s own reason, not a cold index; `nil` when
        /// no such moment was found.
        func refused(_ request: DAVRequest, whileAnswering owner: DAVRequest) async -> Bool? {
            for _ in 0..<50 {
                _ = await server.handle(owner)
                guard server.immediateResponse(to: owner) != nil else { continue }
                let refused = server.immediateResponse(to: request) == nil
                if server.immediateResponse(to: owner) != nil { return refused }
            }
            return nil
        }

        /// Whether `condition` held in one of 50 tries, warming between them.
        static func retry(_ condition: () async -> Bool) async -> Bool {
            for _ in 0..<50 { if await condition() { return true } }
            return false
        }

        func put(_ path: String, as user: String = "alice") async throws {
            let client = DAVTestClient(server: server, user: user, password: user == "alice" ? "pa" : "pb")
            let body = String(decoding: ImmediateResponseTests.event.bytes, as: UTF8.self)
            try await client.put(path, body)
        }
    }

    private func expectSame(_ a: DAVResponse, _ b: DAVResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.status == b.status, sourceLocation: sourceLocation)
        #expect(a.body == b.body, sourceLocation: sourceLocation)
        #expect(a.headers.map { "\($0.0): \($0.1)" } == b.headers.map { "\($0.0): \($0.1)" }, sourceLocation: sourceLocation)
    }

    @Test func answersAGetHeadAndConditionalGetExactlyAsTheFullPath() async throws {
        let f = try Fixture()
        try await f.put("/alice/calendar/e1.ics")
        let get = f.request("/alice/calendar/e1.ics")
        let fast = try #require(await f.immediate(get))
        expectSame(fast, await f.server.handle(get))
        #expect(fast.status == 200 && fast.body == Self.event.bytes)

        let head = f.request("/alice/calendar/e1.ics", method: "HEAD")
        let fastHead = try #require(await f.immediate(head))
        expectSame(fastHead, await f.server.handle(head))
        #expect(fastHead.body.isEmpty && fastHead.header("content-length") == String(Self.event.bytes.count))

        let etag = try #require(fast.header("etag"))
        let unchanged = f.request("/alice/calendar/e1.ics", headers: ["If-None-Match": etag])
        let notModified = try #require(await f.immediate(unchanged))
        expectSame(notModified, await f.server.handle(unchanged))
        #expect(notModified.status == 304)
    }

    @Test func leavesEveryRefusalToTheFullPath() async throws {
        let f = try Fixture()
        try await f.put("/alice/calendar/e1.ics")
        _ = await f.immediate(f.request("/alice/calendar/e1.ics"))
        _ = await f.server.handle(f.request("/bob/", user: "bob"))  // bob logged in and provisioned

        let cases: [(DAVRequest, Int)] = [
            (f.request("/alice/calendar/e1.ics", user: "bob"), 403),  // another user's item
            (f.request("/alice/calendar/e1.ics", user: nil), 401),  // anonymous
            (f.request("/alice/calendar/e1.ics", password: "wrong"), 401),  // a wrong password is never cached
            (f.request("/alice/calendar/missing.ics"), 404),
            (f.request("/alice/calendar/e1.ics", headers: ["If-Match": "\"other\""]), 412),
            (f.request("/alice/calendar/e1.ics/"), 200),  // trailing slash: rare, left to the full path
            (f.request("/alice/calendar/%2e%2e/e1.ics"), 400),  // traversal
        ]
        let owner = f.request("/alice/calendar/e1.ics")
        for (request, status) in cases {
            #expect(await f.refused(request, whileAnswering: owner) == true, "\(request.rawPath) \(request.headers)")
            #expect(await f.server.handle(request).status == status, "\(request.rawPath)")
        }
        // Not GET or HEAD, or a collection: never answered here (checked, like the cases above,
        // while the owner's GET is answered at once, so a cold index cannot pass them).
        for request in [f.request("/alice/calendar/e1.ics", method: "PROPFIND"),
                        f.request("/alice/calendar/e1.ics", method: "DELETE"), f.request("/alice/calendar")] {
            #expect(await f.refused(request, whileAnswering: owner) == true, "\(request.method) \(request.rawPath)")
        }
    }

    @Test func aDeletedItemOrAForgottenLoginIsNotAnswered() async throws {
        let f = try Fixture()
        try await f.put("/alice/calendar/e1.ics")
        let get = f.request("/alice/calendar/e1.ics")
        let calendar = try ResourcePath(decoding: "/alice/calendar/")
        // The refusal must be for the forgotten login, so it counts only while the storage still
        // answers at once afterwards; on a busy machine the index's 100 ms may run out between
        // the two, and the whole step is then tried again.
        let checked = await Fixture.retry {
            guard await f.immediate(get) != nil else { return false }
            f.cache.forget(user: "alice")  // a password changed through the admin API
            let refused = f.server.immediateResponse(to: get) == nil
            guard f.server.storage.cachedObject(in: calendar, named: "e1.ics") != nil else { return false }
            #expect(refused)
            return true
        }
        #expect(checked)

        #expect(await f.immediate(get) != nil)
        let alice = DAVTestClient(server: f.server, user: "alice", password: "pa")
        _ = try await alice.delete("/alice/calendar/e1.ics")
        #expect(f.server.immediateResponse(to: get) == nil)
        #expect(await f.server.handle(get).status == 404)
    }

    @Test func aFirstLoginIsProvisionedByTheFullPath() async throws {
        let f = try Fixture()
        try await f.put("/alice/calendar/e1.ics")
        let get = f.request("/alice/calendar/e1.ics")
        // A second server on the same storage and login cache: alice's login is cached and her
        // item readable at once, but this server has not provisioned her yet.
        let fresh = DAVServer(storage: f.server.storage, authenticator: f.cache, rights: OwnerOnlyRights(),
                              logger: f.server.logger)
        var checked = false
        for _ in 0..<50 where !checked {
            guard await f.immediate(get) != nil else { continue }
            #expect(fresh.immediateResponse(to: get) == nil)
            checked = f.server.immediateResponse(to: get) != nil
        }
        #expect(checked)
        #expect(await fresh.handle(get).status == 200)
        #expect(await Fixture.retry {
            _ = await fresh.handle(get)
            return fresh.immediateResponse(to: get) != nil
        }, "answered once provisioned")
    }

    /// A rights plugin without the hook (an ACL store on disk, a contributor's plugin) keeps every
    /// GET on the full path; groups are read only from a fresh snapshot.
    @Test func pluginsWithoutAnImmediateAnswerKeepTheFullPath() async throws {
        struct AsyncOnlyRights: RightsPolicy {
            func permissions(for principal: Principal?, at path: ResourcePath) async throws -> Permissions {
                try await OwnerOnlyRights().permissions(for: principal, at: path)
            }
        }
        let f = try Fixture(rights: AsyncOnlyRights())
        try await f.put("/alice/calendar/e1.ics")
        #expect(await f.immediate(f.request("/alice/calendar/e1.ics")) == nil)

        let groups = StaticGroups([:])
        let g = try Fixture(groups: groups)
        try await g.put("/alice/calendar/e1.ics")
        #expect(await g.immediate(g.request("/alice/calendar/e1.ics")) == nil, "StaticGroups has no cached answer")

        // GroupStore answers from its snapshot, which the full path has just taken.
        let h = try Fixture(groups: GroupStore(store: MemoryAccountStore()))
        try await h.put("/alice/calendar/e1.ics")
        #expect(await h.immediate(h.request("/alice/calendar/e1.ics")) != nil)
    }
}
