/// An XML qualified name: namespace URI plus local name (Clark notation `{ns}name`).
public struct QName: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let namespace: String
    public let name: String

    public init(_ namespace: String, _ name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// Clark notation, `{DAV:}displayname`.
    public var description: String { "{\(namespace)}\(name)" }

    /// Parses Clark notation (`description`); `nil` unless it starts with `{` and has a non-empty
    /// local name. The namespace ends at the last `}`, since a local name cannot hold one.
    public init?(clark: String) {
        guard clark.hasPrefix("{"), let close = clark.lastIndex(of: "}") else { return nil }
        let local = clark[clark.index(after: close)...]
        guard !local.isEmpty else { return nil }
        self.init(String(clark[clark.index(after: clark.startIndex)..<close]), String(local))
    }

    public static func < (lhs: QName, rhs: QName) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}

/// The namespaces pocketdav speaks.
public enum Namespace {
    public static let dav = "DAV:"
    public static let caldav = "urn:ietf:params:xml:ns:caldav"
    public static let carddav = "urn:ietf:params:xml:ns:carddav"
    public static let calendarServer = "http://calendarserver.org/ns/"
    public static let appleICal = "http://apple.com/ns/ical/"
    /// pocketdav's own bookkeeping kept as collection properties (the ACL of a collection).
    /// Never shown by PROPFIND and never writable by PROPPATCH or MKCOL: a client that could
    /// write it could grant itself anything.
    public static let pocketdavInternal = "http://pocketdav.org/ns/internal"
}

extension QName {
    public static func dav(_ name: String) -> QName { QName(Namespace.dav, name) }
    public static func caldav(_ name: String) -> QName { QName(Namespace.caldav, name) }
    public static func carddav(_ name: String) -> QName { QName(Namespace.carddav, name) }
    public static func calendarServer(_ name: String) -> QName { QName(Namespace.calendarServer, name) }
    public static func appleICal(_ name: String) -> QName { QName(Namespace.appleICal, name) }
}
