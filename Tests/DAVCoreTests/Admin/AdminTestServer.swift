import DAVCore
import DAVTesting
import Logging
import RightsPlugins
import Synchronization

/// A server with the admin API: root (admin), alice and bob as password accounts in memory,
/// groups in a `MemoryAccountStore`, and rights that record every principal they are asked about.
struct AdminTestServer {
    let server: DAVServer
    let storage: MemoryStorage
    let accounts: MemoryPasswordAccounts
    let groups: GroupStore
    let rights: RecordingRights

    init(adminGroup: String? = nil, adminEnabled: Bool = true) {
        storage = MemoryStorage()
        accounts = MemoryPasswordAccounts(["root": "rp", "alice": "pa", "bob": "pb"])
        groups = GroupStore(store: MemoryAccountStore(), users: accounts)
        rights = RecordingRights()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let admin = AdminAPI(accounts: accounts, groups: groups, role: AdminRole(users: ["root"], group: adminGroup))
        server = DAVServer(storage: storage, authenticator: accounts, rights: rights, groups: groups,
                           admin: adminEnabled ? admin : nil, logger: logger)
    }

    var root: DAVTestClient { DAVTestClient(server: server, user: "root", password: "rp") }
    var alice: DAVTestClient { DAVTestClient(server: server, user: "alice", password: "pa") }
    var bob: DAVTestClient { DAVTestClient(server: server, user: "bob", password: "pb") }
    var anonymous: DAVTestClient { DAVTestClient(server: server) }
}

/// owner_only rights that remember the last principal asked about, to see `Principal.groups`.
final class RecordingRights: RightsPolicy {
    private let last = Mutex<Principal?>(nil)
    var lastPrincipal: Principal? { last.withLock { $0 } }

    func permissions(for principal: Principal?, at path: ResourcePath) async throws -> Permissions {
        last.withLock { $0 = principal }
        return try await OwnerOnlyRights().permissions(for: principal, at: path)
    }
}

extension DAVTestClient {
    /// A JSON request to the admin API, expecting `status`.
    @discardableResult
    func admin(_ method: String, _ path: String, _ json: String = "", expect status: Int) async throws -> TestResponse {
        try await request(method, path, headers: json.isEmpty ? [:] : ["Content-Type": "application/json"], body: json)
            .expect(status)
    }
}
