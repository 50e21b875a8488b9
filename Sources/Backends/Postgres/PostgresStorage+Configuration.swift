import DAVCore
import PostgresNIO

extension PostgresStorage {
    /// How to reach the database and how to keep it tidy.
    ///
    /// The password never appears in `url` (it would end up in shell histories, process lists and
    /// configuration backups); it comes from a file or `PGPASSWORD`, and `description` leaves it out.
    public struct Configuration: Sendable, CustomStringConvertible {
        /// Where the server is and who to log in as, parsed from `postgres://user@host:port/database`.
        public var endpoint: PostgresURL
        /// The password, if the server asks for one. Never logged.
        public var password: String?
        public var tls: TLSMode
        /// Connections kept to the server at most (default 10).
        public var poolSize: Int
        /// The PostgreSQL schema holding pocketdav's tables (default `public`). Several pocketdav
        /// deployments can share one database in different schemas.
        public var schema: String
        /// How long deletions are remembered for sync (default 90 days; `nil` = for ever). Clients
        /// whose token is older than the oldest remembered deletion resync from scratch.
        public var changeRetention: Duration?
        /// How often the retention task runs (default one hour).
        public var retentionInterval: Duration
        /// How long a request waits for a connection before answering 503 (default 5 seconds).
        public var unavailableAfter: Duration
        /// What `pg_stat_activity` shows for pocketdav's connections.
        var applicationName = "pocketdav"

        public enum TLSMode: String, Sendable, CaseIterable {
            /// Plain TCP.
            case disable
            /// TLS when the server offers it, without certificate checks: protects against passive
            /// eavesdropping only (libpq's `sslmode=prefer`).
            case prefer
            /// TLS with the certificate and host name checked against the system's trust store;
            /// the connection fails otherwise (libpq's `sslmode=verify-full`).
            case require
        }

        public init(endpoint: PostgresURL, password: String? = nil, tls: TLSMode = .prefer, poolSize: Int = 10,
                    schema: String = "public", changeRetention: Duration? = .seconds(90 * 86_400),
                    retentionInterval: Duration = .seconds(3600), unavailableAfter: Duration = .seconds(5)) {
            self.endpoint = endpoint
            self.password = password
            self.tls = tls
            self.poolSize = poolSize
            self.schema = schema
            self.changeRetention = changeRetention
            self.retentionInterval = retentionInterval
            self.unavailableAfter = unavailableAfter
        }

        /// Whether `name` can be used as `schema`: lower-case letters, digits and `_`, not starting
        /// with a digit, at most 63 bytes (so it never needs quoting).
        public static func isValidSchema(_ name: String) -> Bool {
            guard let first = name.utf8.first, name.utf8.count <= 63, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
            else { return false }
            return name.utf8.allSatisfy {
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || $0 == UInt8(ascii: "_")
            }
        }

        public var description: String {
            "\(endpoint) tls=\(tls.rawValue) pool=\(poolSize) schema=\(schema) password=\(password == nil ? "none" : "<set>")"
        }

        func clientConfiguration() -> PostgresClient.Configuration {
            var configuration: PostgresClient.Configuration
            if let socket = endpoint.unixSocketPath {
                configuration = .init(unixSocketPath: socket, username: endpoint.user, password: password,
                                      database: endpoint.database)
            } else {
                configuration = .init(host: endpoint.host, port: endpoint.port, username: endpoint.user, password: password,
                                      database: endpoint.database, tls: tls.client)
            }
            configuration.options.maximumConnections = poolSize
            configuration.options.connectTimeout = unavailableAfter
            // Unqualified table names in every statement resolve to the configured schema.
            configuration.options.additionalStartupParameters = [("search_path", schema),
                                                                 ("application_name", applicationName)]
            return configuration
        }
    }
}

extension PostgresStorage.Configuration.TLSMode {
    var client: PostgresClient.Configuration.TLS {
        switch self {
        case .disable:
            return .disable
        case .prefer:
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            return .prefer(tls)
        case .require:
            return .require(.makeClientConfiguration())
        }
    }
}
