import DAVCore

/// A `postgres://user@host:port/database` URL. A password in it is refused: it belongs in a file
/// or `PGPASSWORD`, where it does not leak through configuration backups and process lists.
///
/// The host may be a percent-encoded folder (`postgres://pocketdav@%2Frun%2Fpostgresql/dav`), which
/// means the server's unix socket in that folder, as in libpq.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var host: String
    public var port: Int
    public var database: String

    public init(user: String, host: String, port: Int = 5432, database: String) {
        self.user = user
        self.host = host
        self.port = port
        self.database = database
    }

    /// Why a URL was refused; the message names what to change.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(parsing text: String) throws(Invalid) {
        let schemes = ["postgres://", "postgresql://"]
        guard let scheme = schemes.first(where: { text.hasPrefix($0) }) else {
            throw Invalid(description: "must start with postgres:// (postgres://user@host:port/database)")
        }
        let rest = text.dropFirst(scheme.count)
        guard !rest.contains("?"), !rest.contains("#") else {
            throw Invalid(description: "query parameters are not supported; use the other storage.postgres keys")
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw Invalid(description: "names no database (postgres://user@host:port/database)")
        }
        let authority = rest[..<slash]
        let database = try Self.decode(rest[rest.index(after: slash)...])
        guard !database.isEmpty, !database.contains("/") else {
            throw Invalid(description: "names no database (postgres://user@host:port/database)")
        }
        guard let at = authority.lastIndex(of: "@") else {
            throw Invalid(description: "names no user (postgres://user@host:port/database)")
        }
        let userInfo = authority[..<at]
        if userInfo.contains(":") {
            throw Invalid(description: "must not contain a password; put it in password_file or the PGPASSWORD environment variable")
        }
        let user = try Self.decode(userInfo)
        guard !user.isEmpty else { throw Invalid(description: "names no user (postgres://user@host:port/database)") }
        var hostPort = authority[authority.index(after: at)...]
        var port = 5432
        let closingBracket = hostPort.lastIndex(of: "]")
        if let colon = hostPort.lastIndex(of: ":"), closingBracket.map({ colon > $0 }) ?? true {
            guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else {
                throw Invalid(description: "has an invalid port")
            }
            port = p
            hostPort = hostPort[..<colon]
        }
        if hostPort.hasPrefix("["), hostPort.hasSuffix("]") { hostPort = hostPort.dropFirst().dropLast() }
        let host = try Self.decode(hostPort)
        guard !host.isEmpty else { throw Invalid(description: "names no host") }
        self.init(user: user, host: host, port: port, database: database)
    }

    /// The unix socket file when `host` is a folder (libpq's convention).
    public var unixSocketPath: String? {
        host.hasPrefix("/") ? "\(host)/.s.PGSQL.\(port)" : nil
    }

    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(shownHost):\(port)/\(database)"
    }

    private static func decode(_ part: Substring) throws(Invalid) -> String {
        do {
            return try ResourcePath.percentDecode(part.utf8)
        } catch .invalidUTF8 {
            throw Invalid(description: "is not valid UTF-8")
        } catch {
            throw Invalid(description: "has an invalid percent escape")
        }
    }
}
