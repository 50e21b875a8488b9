import DAVCore
import DAVTesting
import RightsPlugins
import Testing

/// Each rights plugin × owner / other user / group member / anonymous / admin × every method ×
/// item and collection, through the whole server (in-process HTTP on `MemoryStorage`). Every
/// cell is a fresh world and is asserted: its status class, that a refused request left the
/// storage byte-for-byte unchanged, that an allowed write changed it, and that no response
/// shows alice's events to a role that may not read them.
///
/// Adding a plugin means adding one table and one line to `plugins`.
///
/// Outcomes: Y done (a multiget href answered with calendar-data), F 403 (a multiget href 403
/// without data), A 401 with a challenge, N 404, M 405. Columns are `Column`'s cases; what each
/// sends for an item and for a collection target is documented there.
@Suite struct RightsMatrixTests {
    // ACL: plugins without ACL support answer 405 (M) to signed-in users; anonymous requests get
    // the 401 challenge first, as for every method. The acl plugin's table asserts the method.

    static let ownerOnly = RightsTable(plugin: "owner_only", rows: [
        //                                GET PUT DEL PFD PPT MKC MKL CPs CPd MVs MVd REP ACL
        (.owner, .item,                  "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   M"),
        (.owner, .collection,            "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   M"),
        (.owner, .sharedItem,            "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   M"),
        (.owner, .sharedCollection,      "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   M"),
        (.other, .item,                  "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.other, .collection,            "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.other, .sharedItem,            "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.other, .sharedCollection,      "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        // Groups mean nothing to owner_only: carol is just another user.
        (.groupMember, .item,            "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.groupMember, .collection,      "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.groupMember, .sharedItem,      "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.groupMember, .sharedCollection, "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.anonymous, .item,              "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .collection,        "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .sharedItem,        "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .sharedCollection,  "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.admin, .item,                  "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.admin, .collection,            "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.admin, .sharedItem,            "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.admin, .sharedCollection,      "F   F   F   F   F   F   F   F   F   F   F   F   M"),
    ])

    static let ownerWrite = RightsTable(plugin: "owner_write", rows: [
        //                                GET PUT DEL PFD PPT MKC MKL CPs CPd MVs MVd REP ACL
        (.owner, .item,                  "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   M"),
        (.owner, .collection,            "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   M"),
        (.owner, .sharedItem,            "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   M"),
        (.owner, .sharedCollection,      "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   M"),
        // Everybody reads (and so may copy out); only the owner writes.
        (.other, .item,                  "Y   F   F   Y   F   F   F   Y   F   F   F   Y   M"),
        (.other, .collection,            "Y   F   F   Y   F   F   F   Y   F   F   F   Y   M"),
        (.other, .sharedItem,            "Y   F   F   Y   F   F   F   Y   F   F   F   Y   M"),
        (.other, .sharedCollection,      "Y   F   F   Y   F   F   F   Y   F   F   F   Y   M"),
        (.groupMember, .item,            "Y   F   F   Y   F   F   F   Y   F   F   F   Y   M"),
        (.groupMember, .collection,      "Y   F   F   Y   F   F   F   Y   F   F   F   Y   M"),
        (.groupMember, .sharedItem,      "Y   F   F   Y   F   F   F   Y   F   F   F   Y   M"),
        (.groupMember, .sharedCollection, "Y   F   F   Y   F   F   F   Y   F   F   F   Y   M"),
        (.anonymous, .item,              "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .collection,        "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .sharedItem,        "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .sharedCollection,  "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.admin, .item,                  "Y   F   F   Y   F   F   F   Y   F   F   F   Y   M"),
        (.admin, .collection,            "Y   F   F   Y   F   F   F   Y   F   F   F   Y   M"),
        (.admin, .sharedItem,            "Y   F   F   Y   F   F   F   Y   F   F   F   Y   M"),
        (.admin, .sharedCollection,      "Y   F   F   Y   F   F   F   Y   F   F   F   Y   M"),
    ])

    static let authenticated = RightsTable(plugin: "authenticated", rows: [
        //                                GET PUT DEL PFD PPT MKC MKL CPs CPd MVs MVd REP ACL
        (.owner, .item,                  "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   M"),
        (.owner, .collection,            "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   M"),
        (.owner, .sharedItem,            "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   M"),
        (.owner, .sharedCollection,      "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   M"),
        // Every account reads and writes every space (MKCOL inside a calendar stays refused).
        (.other, .item,                  "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   M"),
        (.other, .collection,            "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   M"),
        (.other, .sharedItem,            "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   M"),
        (.other, .sharedCollection,      "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   M"),
        (.groupMember, .item,            "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   M"),
        (.groupMember, .collection,      "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   M"),
        (.groupMember, .sharedItem,      "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   M"),
        (.groupMember, .sharedCollection, "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   M"),
        (.anonymous, .item,              "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .collection,        "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .sharedItem,        "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .sharedCollection,  "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.admin, .item,                  "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   M"),
        (.admin, .collection,            "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   M"),
        (.admin, .sharedItem,            "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   M"),
        (.admin, .sharedCollection,      "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   M"),
    ])

    /// owner_only's rules plus one share: group `team` reads alice's `shared` calendar.
    static let rulesFile = """
        [root]
        user: .+
        collection:
        permissions: R

        [principal]
        user: .+
        collection: {user}
        permissions: RW

        [own-collections]
        user: .+
        collection: {user}/[^/]+
        permissions: rw

        [team-reads-alice-shared]
        groups: team
        collection: alice/shared
        permissions: r
        """

    static let fromFile = RightsTable(plugin: "from_file", rows: [
        //                                GET PUT DEL PFD PPT MKC MKL CPs CPd MVs MVd REP ACL
        (.owner, .item,                  "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   M"),
        (.owner, .collection,            "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   M"),
        (.owner, .sharedItem,            "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   M"),
        (.owner, .sharedCollection,      "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   M"),
        (.other, .item,                  "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.other, .collection,            "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.other, .sharedItem,            "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.other, .sharedCollection,      "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        // The team reads the shared calendar (and may copy from it), writes nothing of alice's,
        // and sees nothing of her private calendar.
        (.groupMember, .item,            "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.groupMember, .collection,      "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.groupMember, .sharedItem,      "Y   F   F   Y   F   F   F   Y   F   F   F   Y   M"),
        (.groupMember, .sharedCollection, "Y   F   F   Y   F   F   F   Y   F   F   F   Y   M"),
        (.anonymous, .item,              "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .collection,        "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .sharedItem,        "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .sharedCollection,  "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.admin, .item,                  "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.admin, .collection,            "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.admin, .sharedItem,            "F   F   F   F   F   F   F   F   F   F   F   F   M"),
        (.admin, .sharedCollection,      "F   F   F   F   F   F   F   F   F   F   F   F   M"),
    ])

    /// The acl plugin (fallback owner_only) with one ACE set by alice through the ACL method:
    /// group `team` reads `/alice/shared/`. Its ACL column sends an ACL granting bob read: only
    /// the owner may, and only on a collection (objects inherit their collection's ACL).
    static let acl = RightsTable(plugin: "acl", rows: [
        //                                GET PUT DEL PFD PPT MKC MKL CPs CPd MVs MVd REP ACL
        (.owner, .item,                  "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   F"),
        (.owner, .collection,            "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y"),
        (.owner, .sharedItem,            "Y   Y   Y   Y   Y   F   F   Y   Y   Y   Y   Y   F"),
        (.owner, .sharedCollection,      "Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y"),
        (.other, .item,                  "F   F   F   F   F   F   F   F   F   F   F   F   F"),
        (.other, .collection,            "F   F   F   F   F   F   F   F   F   F   F   F   F"),
        (.other, .sharedItem,            "F   F   F   F   F   F   F   F   F   F   F   F   F"),
        (.other, .sharedCollection,      "F   F   F   F   F   F   F   F   F   F   F   F   F"),
        // The team reads the shared calendar (and may copy from it), changes nothing of alice's,
        // not even the ACL that lets it in.
        (.groupMember, .item,            "F   F   F   F   F   F   F   F   F   F   F   F   F"),
        (.groupMember, .collection,      "F   F   F   F   F   F   F   F   F   F   F   F   F"),
        (.groupMember, .sharedItem,      "Y   F   F   Y   F   F   F   Y   F   F   F   Y   F"),
        (.groupMember, .sharedCollection, "Y   F   F   Y   F   F   F   Y   F   F   F   Y   F"),
        (.anonymous, .item,              "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .collection,        "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .sharedItem,        "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.anonymous, .sharedCollection,  "A   A   A   A   A   A   A   A   A   A   A   A   A"),
        (.admin, .item,                  "F   F   F   F   F   F   F   F   F   F   F   F   F"),
        (.admin, .collection,            "F   F   F   F   F   F   F   F   F   F   F   F   F"),
        (.admin, .sharedItem,            "F   F   F   F   F   F   F   F   F   F   F   F   F"),
        (.admin, .sharedCollection,      "F   F   F   F   F   F   F   F   F   F   F   F   F"),
    ])

    /// What alice sends through the acl plugin before each cell: team reads her shared calendar.
    static let teamReadsShared = #"<D:acl xmlns:D="DAV:"><D:ace><D:principal><D:href>/team/</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege></D:grant></D:ace></D:acl>"#

    /// Each plugin's table, how to build it on a cell's storage, and the ACL alice sets through
    /// it before the cell runs (nil: none).
    static let plugins: [(table: RightsTable, make: @Sendable (MemoryStorage) throws -> any RightsPolicy, acl: String?)] = [
        (ownerOnly, { _ in OwnerOnlyRights() }, nil),
        (ownerWrite, { _ in OwnerWriteRights() }, nil),
        (authenticated, { _ in AuthenticatedRights() }, nil),
        (fromFile, { _ in try FromFileRights(parsing: rulesFile, file: "matrix-rights") }, nil),
        (acl, { ACLRights(storage: $0, shares: nil, fallback: .ownerOnly) }, teamReadsShared),
    ]

    @Test(arguments: plugins.indices) func everyCell(_ index: Int) async throws {
        let (table, make, acl) = Self.plugins[index]
        let cells = try table.cells()
        #expect(cells.count == Role.allCases.count * Target.allCases.count * Column.allCases.count)
        for cell in cells {
            let result = try await MatrixCell.run(rights: make, sharedACL: acl, role: cell.role, target: cell.target,
                                                  column: cell.column)
            #expect(result.observed == cell.expected.rawValue,
                     "\(table.plugin): \(cell.role) × \(cell.column.rawValue) × \(cell.target)")
            for problem in result.problems {
                Issue.record("\(table.plugin): \(cell.role) × \(cell.column.rawValue) × \(cell.target): \(problem)")
            }
        }
    }

    /// For DAV rights an admin (of the admin API) is an ordinary user: no plugin gives the admin
    /// role anything another user does not get.
    @Test func adminIsAnOrdinaryUserForDAVRights() throws {
        for (table, _, _) in Self.plugins {
            for row in table.rows where row.role == .admin {
                let other = table.rows.first { $0.role == .other && $0.target == row.target }
                #expect(other?.cells == row.cells, "\(table.plugin): admin × \(row.target)")
            }
        }
    }
}
