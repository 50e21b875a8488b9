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
        var bytes: [UInt8] = []
        var iterator = part.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw Invalid(description: "has an invalid percent escape")
            }
            bytes.append(high << 4 | low)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Invalid(description: "is not valid UTF-8") }
        return text
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
