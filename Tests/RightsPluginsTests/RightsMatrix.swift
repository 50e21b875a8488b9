import DAVCore

/// The rights matrix: for one rights plugin, the expected outcome of every method, by every role,
/// on every target. A plugin's table is 20 rows (5 roles × 4 targets) of 13 cells (one per
/// `Column`), written as a string so the table reads like the spreadsheet it is.
struct RightsTable: Sendable {
    let plugin: String
    let rows: [(role: Role, target: Target, cells: String)]

    /// Every (role, target) with its parsed outcomes, checked to be complete and unambiguous.
    func cells() throws -> [(role: Role, target: Target, column: Column, expected: Outcome)] {
        var seen: Set<String> = []
        var out: [(Role, Target, Column, Outcome)] = []
        for row in rows {
            guard seen.insert("\(row.role)/\(row.target)").inserted else {
                throw MatrixError("\(plugin): row \(row.role) × \(row.target) appears twice")
            }
            let letters = row.cells.split(separator: " ")
            guard letters.count == Column.allCases.count else {
                throw MatrixError("\(plugin): row \(row.role) × \(row.target) has \(letters.count) cells, not \(Column.allCases.count)")
            }
            for (column, letter) in zip(Column.allCases, letters) {
                guard let outcome = Outcome(rawValue: String(letter)) else {
                    throw MatrixError("\(plugin): '\(letter)' is not an outcome (Y F A N M)")
                }
                out.append((row.role, row.target, column, outcome))
            }
        }
        guard seen.count == Role.allCases.count * Target.allCases.count else {
            throw MatrixError("\(plugin): \(seen.count) rows, every role × target needs one")
        }
        return out
    }
}

/// Who sends the request.
enum Role: String, CaseIterable, Sendable {
    /// alice, who owns every target.
    case owner
    /// bob, another user.
    case other
    /// carol, member of the group `team` (which the from_file rules grant to).
    case groupMember
    /// No credentials.
    case anonymous
    /// `admin`, an administrator of the admin API: an ordinary user for DAV rights.
    case admin

    var user: String? {
        switch self {
        case .owner: "alice"
        case .other: "bob"
        case .groupMember: "carol"
        case .anonymous: nil
        case .admin: "admin"
        }
    }
}

/// What the request is aimed at; all of it is alice's.
enum Target: String, CaseIterable, Sendable {
    /// `/alice/cal/e1.ics`, in a private calendar.
    case item
    /// `/alice/cal/`.
    case collection
    /// `/alice/shared/s1.ics`, in the calendar the from_file rules share with `team`.
    case sharedItem
    /// `/alice/shared/`.
    case sharedCollection

    var isItem: Bool { self == .item || self == .sharedItem }
    /// The calendar the target is or lies in.
    var calendar: String { self == .item || self == .collection ? "/alice/cal/" : "/alice/shared/" }
    var path: String { isItem ? calendar + (self == .item ? "e1.ics" : "s1.ics") : calendar }
    /// The SUMMARY of the event in the target's calendar: it must never show up in a response
    /// the role may not read.
    var secret: String { self == .item || self == .collection ? "Private-alice" : "Shared-alice" }
}

/// One matrix column. For an item target / a collection target the request is:
enum Column: String, CaseIterable, Sendable {
    /// GET the item / GET the calendar (export).
    case get = "GET"
    /// PUT over the item (write-content) / PUT a new item into the calendar (bind).
    case put = "PUT"
    /// DELETE the item / the calendar.
    case delete = "DELETE"
    /// PROPFIND Depth 0 on the item / Depth 1 on the calendar.
    case propfind = "PROPFIND"
    /// PROPPATCH `DAV:displayname` on the item / the calendar.
    case proppatch = "PROPPATCH"
    /// MKCOL inside the calendar (refused by RFC 4791 §4.2 whoever asks) / beside it in `/alice/`.
    case mkcol = "MKCOL"
    /// MKCALENDAR, the same two places.
    case mkcalendar = "MKCALENDAR"
    /// COPY the target into the actor's own space.
    case copySource = "COPY-src"
    /// COPY the actor's own item into the calendar / own calendar into `/alice/`.
    case copyDestination = "COPY-dst"
    /// MOVE the target into the actor's own space.
    case moveSource = "MOVE-src"
    /// MOVE the actor's own item / calendar into alice's space.
    case moveDestination = "MOVE-dst"
    /// calendar-multiget sent to the actor's own calendar with the item's href (the hrefs reach
    /// into alice's calendar) / calendar-query on the calendar itself.
    case report = "REPORT"
    /// ACL (RFC 3744 §8.1) on the target.
    case acl = "ACL"

    /// Methods whose success must change the stored data (a granted ACL replaces the stored one).
    var writes: Bool { ![.get, .propfind, .report].contains(self) }
}

/// The expected status class of a cell.
enum Outcome: String, Sendable {
    /// Done: 2xx; for a multiget, the href answered 200 with calendar-data.
    case allowed = "Y"
    /// 403; for a multiget, the href answered 403 without calendar-data.
    case forbidden = "F"
    /// 401 with a challenge: anonymous and not granted.
    case unauthenticated = "A"
    /// 404.
    case notFound = "N"
    /// 405: the method is not implemented.
    case notAllowed = "M"
}

struct MatrixError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
