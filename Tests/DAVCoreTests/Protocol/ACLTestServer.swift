import DAVCore
import DAVTesting
import FoundationEssentials
import Logging
import RightsPlugins

/// A server with the `acl` rights plugin around `MemoryStorage`: users alice, bob, carol and
/// dave; the group `staff` = {bob}. Every user has logged in once, so homes exist and the ACL
/// method recognises them.
struct ACLTestServer {
    let server: DAVServer
    let storage: MemoryStorage
    let rights: ACLRights

    static let users = ["alice": "pa", "bob": "pb", "carol": "pc", "dave": "pd"]

    static func make(fallback: ACLRights.Fallback = .ownerOnly, cacheTTL: Duration = .seconds(5),
                     storage: MemoryStorage = MemoryStorage(), shares: MemoryAccountStore = MemoryAccountStore())
        async throws -> ACLTestServer
    {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let rights = ACLRights(storage: storage, shares: shares, fallback: fallback, cacheTTL: cacheTTL)
        let server = DAVServer(storage: storage, authenticator: StaticAuthenticator(users), rights: rights,
                               groups: StaticGroups(["staff": ["bob"]]), logger: logger)
        let made = ACLTestServer(server: server, storage: storage, rights: rights)
        for user in users.keys.sorted() { try await made.client(user).propfind("/\(user)/") }
        return made
    }

    func client(_ user: String?) -> DAVTestClient {
        DAVTestClient(server: server, user: user, password: user.flatMap { Self.users[$0] } ?? "")
    }

    var alice: DAVTestClient { client("alice") }
    var bob: DAVTestClient { client("bob") }
    var carol: DAVTestClient { client("carol") }
    var anonymous: DAVTestClient { client(nil) }
}

enum ACLBodies {
    /// One ACE; `principal` is the inner XML of `DAV:principal` (`<D:href>/bob/</D:href>`,
    /// `<D:all/>`), `privileges` local names in DAV: (`read`, `write`).
    static func ace(_ principal: String, _ privileges: [String], deny: Bool = false) -> String {
        let list = privileges.map { "<D:privilege><D:\($0)/></D:privilege>" }.joined()
        return "<D:ace><D:principal>\(principal)</D:principal><D:\(deny ? "deny" : "grant")>\(list)</D:\(deny ? "deny" : "grant")></D:ace>"
    }

    static func user(_ name: String) -> String { "<D:href>/\(name)/</D:href>" }

    static func acl(_ aces: String...) -> String {
        #"<?xml version="1.0" encoding="utf-8"?><D:acl xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">"#
            + aces.joined() + "</D:acl>"
    }

    /// The same ACL set the way robur's server takes it: PROPPATCH of `DAV:acl`.
    static func proppatch(_ aces: String..., extra: String = "") -> String {
        #"<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:acl>"#
            + aces.joined() + "</D:acl>" + extra + "</D:prop></D:set></D:propertyupdate>"
    }
}

extension TestResponse {
    /// The precondition element named in a `DAV:error` body, if any.
    var condition: QName? {
        guard let root = try? XMLReader.parse(response.body), root.name == .dav("error") else { return nil }
        return root.children.first?.name
    }
}

extension ParsedMultistatus.Response {
    /// The privileges in `current-user-privilege-set`.
    var privileges: Set<QName> {
        Set(ok(.dav("current-user-privilege-set"))?.children.compactMap(\.children.first?.name) ?? [])
    }
}
