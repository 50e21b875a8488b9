import DAVCore
import DAVTesting
import Glibc
import Logging
import PostgresStorage
import Testing

/// Without a reachable database, calls fail with `.unavailable` after the deadline, which the
/// core answers with 503 and Retry-After. Needs no PostgreSQL: the port is closed on purpose.
@Suite struct PostgresUnavailableTests {
    static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func unreachable() -> PostgresStorage {
        let configuration = PostgresStorage.Configuration(
            endpoint: PostgresURL(user: "nobody", host: "127.0.0.1", port: closedPort(), database: "none"), tls: .disable,
            unavailableAfter: .milliseconds(500))
        var logger = Logger(label: "pg-test")
        logger.logLevel = .critical
        return PostgresStorage(configuration: configuration, logger: logger)
    }

    @Test func callsAnswerUnavailableWhenTheDatabaseIsAway() async throws {
        let storage = Self.unreachable()
        try await storage.withRunningClient {
            do {
                try await storage.migrate()
                Issue.record("migrate succeeded without a database")
            } catch let error as StorageError {
                #expect(error.code == .unavailable)
            }
            do {
                _ = try await storage.resource(at: .root)
                Issue.record("a read succeeded without a database")
            } catch let error as StorageError {
                #expect(error.code == .unavailable)
            }
        }
    }

    @Test func theClientSees503WithRetryAfter() async throws {
        let storage = Self.unreachable()
        try await storage.withRunningClient {
            var logger = Logger(label: "pg-test")
            logger.logLevel = .critical
            let server = DAVServer(storage: storage, authenticator: StaticAuthenticator(["alice": "pa"]),
                                   rights: AliceOwnsEverything(), configuration: ServerConfiguration(), logger: logger)
            let response = await DAVTestClient(server: server, user: "alice", password: "pa")
                .request("PUT", "/alice/calendar/a.ics", headers: ["Content-Type": "text/calendar"],
                         body: String(decoding: ConformanceFixtures.event(uid: "a").bytes, as: UTF8.self))
            #expect(response.status == 503)
            #expect(response.header("Retry-After") == "5")
            #expect(!response.text.contains("127.0.0.1"), "details of the failure reached the client")
        }
    }

    struct AliceOwnsEverything: RightsPolicy {
        func permissions(for principal: Principal?, at path: ResourcePath) async throws -> Permissions {
            principal == nil ? [] : .all
        }
    }

    @Test func urlsCarryNoPassword() throws {
        #expect(throws: PostgresURL.Invalid.self) { try PostgresURL(parsing: "postgres://dav:secret@db/pocketdav") }
        do {
            _ = try PostgresURL(parsing: "postgres://dav:secret@db/pocketdav")
        } catch {
            #expect("\(error)".contains("password_file"))
        }
        let plain = try PostgresURL(parsing: "postgres://dav@db.example:6432/pocketdav")
        #expect(plain == PostgresURL(user: "dav", host: "db.example", port: 6432, database: "pocketdav"))
        #expect(try PostgresURL(parsing: "postgresql://dav@[::1]/dav").host == "::1")
        let socket = try PostgresURL(parsing: "postgres://dav@%2Frun%2Fpostgresql/dav")
        #expect(socket.unixSocketPath == "/run/postgresql/.s.PGSQL.5432")
        for bad in ["mysql://dav@db/x", "postgres://db/x", "postgres://dav@db", "postgres://dav@db:0/x", "postgres://dav@db/x?sslmode=require"] {
            #expect(throws: PostgresURL.Invalid.self, "\(bad)") { try PostgresURL(parsing: bad) }
        }
    }
}
