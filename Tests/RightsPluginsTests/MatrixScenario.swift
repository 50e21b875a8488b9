import DAVCore
import DAVTesting
import Logging
import RightsPlugins

/// One fresh world per cell: a `MemoryStorage` seeded with alice's two calendars and every other
/// user's own calendar, the server under test (the plugin, a static group directory with carol
/// in `team`), and a snapshot of the whole storage to prove a refused request changed nothing.
struct MatrixScenario {
    static let users = ["alice": "pa", "bob": "pb", "carol": "pc", "admin": "pd"]
    static let groups = StaticGroups(["team": ["carol"]])

    let storage: MemoryStorage
    let server: DAVServer

    static func make(rights makeRights: (MemoryStorage) throws -> any RightsPolicy, sharedACL: String?) async throws
        -> MatrixScenario
    {
        let storage = MemoryStorage()
        var configuration = ServerConfiguration()
        configuration.createDefaultCollections = false
        var logger = Logger(label: "matrix")
        logger.logLevel = .critical
        // Seeded through a server where each user owns their space, whatever the plugin under test.
        let seeder = DAVServer(storage: storage, authenticator: StaticAuthenticator(users), rights: OwnerOnlyRights(),
                               configuration: configuration, logger: logger)
        let alice = DAVTestClient(server: seeder, user: "alice", password: "pa")
        try await alice.mkcalendar("/alice/cal/")
        try await alice.put("/alice/cal/e1.ics", Payloads.event(uid: "e1", summary: Target.item.secret))
        try await alice.mkcalendar("/alice/shared/")
        try await alice.put("/alice/shared/s1.ics", Payloads.event(uid: "s1", summary: Target.sharedItem.secret))
        try await alice.mkcalendar("/alice/own/")
        try await alice.put("/alice/own/mine.ics", Payloads.event(uid: "mine-alice", summary: "Mine-alice"))
        for user in ["bob", "carol", "admin"] {
            let client = DAVTestClient(server: seeder, user: user, password: users[user]!)
            try await client.mkcalendar("/\(user)/cal/")
            try await client.put("/\(user)/cal/mine.ics", Payloads.event(uid: "mine-\(user)", summary: "Mine-\(user)"))
        }
        let server = DAVServer(storage: storage, authenticator: StaticAuthenticator(users), rights: try makeRights(storage),
                               groups: groups, configuration: configuration, logger: logger)
        if let sharedACL {
            // Through the plugin under test, as the owner would: the ACL method.
            try await DAVTestClient(server: server, user: "alice", password: "pa").acl("/alice/shared/", sharedACL)
        }
        return MatrixScenario(storage: storage, server: server)
    }

    func client(_ role: Role) -> DAVTestClient {
        DAVTestClient(server: server, user: role.user, password: role.user.map { Self.users[$0]! } ?? "")
    }

    /// The role's own calendar and an item in it (alice's is `/alice/own/`, so copying it into
    /// her other calendars raises no UID conflict). Anonymous borrows bob's.
    static func own(_ role: Role) -> (calendar: String, item: String) {
        let user = role == .anonymous ? "bob" : role.user!
        let calendar = role == .owner ? "/alice/own/" : "/\(user)/cal/"
        return (calendar, calendar + "mine.ics")
    }

    /// The request a cell sends.
    static func request(_ column: Column, on target: Target, by role: Role)
        -> (method: String, path: String, headers: [String: String], body: String)
    {
        let own = own(role)
        let home = "/" + (role == .anonymous ? "bob" : role.user!) + "/"
        let item = target.isItem
        let proppatch = #"<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:displayname>Hacked</D:displayname></D:prop></D:set></D:propertyupdate>"#
        switch column {
        case .get: return ("GET", target.path, [:], "")
        case .put:
            return ("PUT", item ? target.path : target.calendar + "new.ics", ["Content-Type": "text/calendar"],
                    Payloads.event(uid: item ? (target == .item ? "e1" : "s1") : "new", summary: "Overwritten"))
        case .delete: return ("DELETE", target.path, [:], "")
        case .propfind:
            return ("PROPFIND", target.path, ["Depth": item ? "0" : "1", "Content-Type": "application/xml"],
                    DAVTestClient.propfindBody([.dav("getetag"), .dav("displayname")]))
        case .proppatch: return ("PROPPATCH", target.path, ["Content-Type": "application/xml"], proppatch)
        case .mkcol: return ("MKCOL", item ? target.calendar + "sub/" : "/alice/newcol/", [:], "")
        case .mkcalendar: return ("MKCALENDAR", item ? target.calendar + "sub/" : "/alice/newcal/", [:], "")
        case .copySource, .moveSource:
            let destination = item ? own.calendar + "copied.ics" : home + "copiedcol/"
            return (column == .copySource ? "COPY" : "MOVE", target.path, ["Destination": destination], "")
        case .copyDestination, .moveDestination:
            let (source, destination) = item ? (own.item, target.calendar + "planted.ics") : (own.calendar, "/alice/plantedcol/")
            return (column == .copyDestination ? "COPY" : "MOVE", source, ["Destination": destination], "")
        case .report:
            if item {
                // Anonymous has no calendar of its own: it asks the target's calendar directly.
                let at = role == .anonymous ? target.calendar : own.calendar
                return ("REPORT", at, ["Content-Type": "application/xml"], Payloads.multiget([target.path]))
            }
            return ("REPORT", target.path, ["Depth": "1", "Content-Type": "application/xml"], calendarQuery)
        case .acl:
            return ("ACL", target.path, ["Content-Type": "application/xml"], bobReads)
        }
    }

    /// Every collection and object with its bytes and properties; sync tokens and ctags are left
    /// out (they may move without a visible change).
    func snapshot() async throws -> [String: String] {
        var out: [String: String] = [:]
        var pending: [ResourcePath] = [.root]
        while let next = pending.popLast() {
            for member in try await storage.members(of: next) {
                switch member {
                case .collection(let c):
                    out[c.path.description + "/"] = "\(c.kind) " + c.properties.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ";")
                    pending.append(c.path)
                case .object(let o):
                    let bytes = try await storage.objects(in: next, named: [o.path.name!]).first?.bytes ?? []
                    out[o.path.description] = String(decoding: bytes, as: UTF8.self)
                        + o.properties.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ";")
                }
            }
        }
        return out
    }

    /// The ACL the ACL column sends: bob may read. A successful ACL request always changes the
    /// stored ACL.
    static let bobReads = #"<D:acl xmlns:D="DAV:"><D:ace><D:principal><D:href>/bob/</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege></D:grant></D:ace></D:acl>"#

    static let calendarQuery = #"<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>"#
}

