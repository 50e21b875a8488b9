import DAVCore
import RightsPlugins
import Testing

private let readWrite = Permissions.readOnly.union(.write)

private func rights(_ text: String) throws -> FromFileRights {
    try FromFileRights(parsing: text, file: "rights")
}

/// What `principal` gets at `raw` (a path such as `/alice/cal/`).
private func granted(_ policy: FromFileRights, _ principal: Principal?, _ raw: String) async throws -> Permissions {
    try await policy.permissions(for: principal, at: ResourcePath(decoding: raw))
}

private func user(_ name: String, groups: Set<String> = []) -> Principal { Principal(name: name, groups: groups) }

/// The rules of Radicale's documented examples, with the results its documentation gives them.
@Suite struct RadicaleExampleFileTests {
    /// Radicale's documentation: the owner_only equivalent.
    static let ownerOnly = """
        # Allow reading root collection for authenticated users
        [root]
        user: .+
        collection:
        permissions: R

        # Allow reading and writing principal collection (same as username)
        [principal]
        user: .+
        collection: {user}
        permissions: RW

        # Allow reading and writing calendars and address books that are direct
        # children of the principal collection
        [calendars]
        user: .+
        collection: {user}/[^/]+
        permissions: rw
        """

    @Test func ownerOnlyExample() async throws {
        let policy = try rights(Self.ownerOnly)
        let alice = user("alice")
        #expect(try await granted(policy, alice, "/") == .readOnly)
        #expect(try await granted(policy, alice, "/alice/") == readWrite)
        #expect(try await granted(policy, alice, "/alice/cal/") == readWrite)
        #expect(try await granted(policy, alice, "/alice/cal/x.ics") == readWrite)
        #expect(try await granted(policy, alice, "/bob/") == [])
        #expect(try await granted(policy, alice, "/bob/cal/") == [])
        #expect(try await granted(policy, alice, "/bob/cal/x.ics") == [])
        for path in ["/", "/alice/", "/alice/cal/", "/alice/cal/x.ics"] {
            #expect(try await granted(policy, nil, path) == [], "anonymous at \(path)")
        }
        #expect(policy.warnings.isEmpty)
    }

    @Test func ownerWriteExample() async throws {
        let policy = try rights(Self.ownerOnly + """

            [read-all-principals]
            user: .+
            collection: [^/]+
            permissions: R

            [read-all-calendars-addressbooks]
            user: .+
            collection: [^/]+/[^/]+
            permissions: r
            """)
        let bob = user("bob")
        #expect(try await granted(policy, bob, "/alice/") == .readOnly)
        #expect(try await granted(policy, bob, "/alice/cal/") == .readOnly)
        #expect(try await granted(policy, bob, "/alice/cal/x.ics") == .readOnly)
        #expect(try await granted(policy, bob, "/bob/cal/x.ics") == readWrite)
        #expect(try await granted(policy, nil, "/alice/cal/x.ics") == [])
    }

    @Test func authenticatedExample() async throws {
        let policy = try rights("""
            [root-and-principals]
            user: .+
            collection: [^/]*
            permissions: RW

            [calendars-addressbooks]
            user: .+
            collection: [^/]+/[^/]+
            permissions: rw
            """)
        let bob = user("bob")
        #expect(try await granted(policy, bob, "/") == readWrite)
        #expect(try await granted(policy, bob, "/alice/") == readWrite)
        #expect(try await granted(policy, bob, "/alice/cal/x.ics") == readWrite)
        #expect(try await granted(policy, nil, "/alice/") == [])
    }

    @Test func adminReadsEverything() async throws {
        let policy = try rights("""
            [admin-read-all]
            user: admin
            collection: .*
            permissions: Rr
            """ + "\n" + Self.ownerOnly)
        let admin = user("admin")
        #expect(try await granted(policy, admin, "/") == .readOnly)
        #expect(try await granted(policy, admin, "/alice/") == .readOnly)
        #expect(try await granted(policy, admin, "/alice/cal/x.ics") == .readOnly)
        // First match wins: the admin rule also covers the admin's own space, read-only.
        #expect(try await granted(policy, admin, "/admin/cal/") == .readOnly)
        #expect(try await granted(policy, user("administrator"), "/alice/") == [])
    }

    @Test func publicCollectionExample() async throws {
        let policy = try rights("""
            [public-principal]
            user: .+
            collection: public
            permissions: R

            [public-calendars-addressbooks]
            user: .+
            collection: public/[^/]+
            permissions: r

            [public-calendars-addressbooks-restricted]
            user: .*
            collection: public/[^/]+
            permissions: i

            [public-calendars-freebusy]
            user: .*
            collection: public/[^/]+
            permissions: f
            """)
        #expect(try await granted(policy, user("bob"), "/public/") == .readOnly)
        #expect(try await granted(policy, user("bob"), "/public/holidays/x.ics") == .readOnly)
        // Anonymous requests stop at the first match, 'i', which grants nothing here (fails
        // closed); Radicale would allow a plain GET. The warning says so.
        #expect(try await granted(policy, nil, "/public/holidays/") == [])
        #expect(policy.warnings.count == 1)
        #expect(policy.warnings.first?.hasPrefix("rights:11: [public-calendars-addressbooks-restricted]") == true)
    }

    @Test func freeBusyOnlyWhenItComesFirst() async throws {
        let policy = try rights("""
            [public-calendars-freebusy]
            user: .*
            collection: public/[^/]+
            permissions: f
            """)
        #expect(try await granted(policy, nil, "/public/holidays/") == .readFreeBusy)
        #expect(try await granted(policy, user("bob"), "/public/holidays/x.ics") == .readFreeBusy)
        #expect(try await granted(policy, nil, "/public/") == [])
    }

    @Test func domainExampleUsesTheCapturedGroupEscaped() async throws {
        let policy = try rights("""
            [read-domain-principal]
            user: .+@([^@]+)
            collection: {0}
            permissions: R

            [read-domain-calendars-addressbooks]
            user: .+@([^@]+)
            collection: {0}/[^/]+
            permissions: r
            """)
        let ann = user("ann@example.org")
        #expect(try await granted(policy, ann, "/example.org/") == .readOnly)
        #expect(try await granted(policy, ann, "/example.org/cal/x.ics") == .readOnly)
        // The captured "example.org" is a literal: its dot does not match any character.
        #expect(try await granted(policy, ann, "/exampleXorg/") == [])
        #expect(try await granted(policy, ann, "/exampleXorg/cal/") == [])
        #expect(try await granted(policy, user("ann"), "/example.org/") == [])
    }

    /// Radicale's documentation of older versions: first match wins, so a block before a
    /// broader grant denies.
    @Test func firstMatchingSectionWins() async throws {
        let policy = try rights("""
            [block]
            user = mallory
            collection = .*
            permissions =

            [owner-write]
            user = .+
            collection = {user}(/.*)?
            permissions = RWrw

            [read]
            user = .*
            collection =
            permissions = R
            """)
        #expect(try await granted(policy, user("mallory"), "/mallory/cal/") == [])
        #expect(try await granted(policy, user("mallory"), "/") == [])
        #expect(try await granted(policy, user("alice"), "/alice/cal/") == readWrite)
        #expect(try await granted(policy, user("alice"), "/") == .readOnly)
        #expect(try await granted(policy, nil, "/") == .readOnly)
    }
}

@Suite struct FromFileSemanticsTests {
    @Test func upperCaseLettersApplyToFoldersAndLowerCaseToCollections() async throws {
        let policy = try rights("""
            [upper-only]
            user: alice
            collection: .*
            permissions: RW

            [lower-only]
            user: bob
            collection: .*
            permissions: rw
            """)
        #expect(try await granted(policy, user("alice"), "/") == readWrite)
        #expect(try await granted(policy, user("alice"), "/alice/") == readWrite)
        #expect(try await granted(policy, user("alice"), "/alice/cal/") == [])
        #expect(try await granted(policy, user("alice"), "/alice/cal/x.ics") == [])
        #expect(try await granted(policy, user("bob"), "/bob/") == [])
        #expect(try await granted(policy, user("bob"), "/bob/cal/") == readWrite)
        #expect(try await granted(policy, user("bob"), "/bob/cal/x.ics") == readWrite)
    }

    @Test func itemsAndDeeperPathsInheritFromTheirDepthTwoCollection() async throws {
        let policy = try rights("""
            [cal]
            user: .+
            collection: alice/cal
            permissions: r

            [deep]
            user: .+
            collection: alice/cal/x.ics
            permissions: rw
            """)
        #expect(try await granted(policy, user("bob"), "/alice/cal/x.ics") == .readOnly)
        #expect(try await granted(policy, user("bob"), "/alice/cal/sub/y.ics") == .readOnly)
        #expect(try await granted(policy, user("bob"), "/alice/other/x.ics") == [])
    }

    @Test func lockLetterRemovesPropertyWritesOnly() async throws {
        let policy = try rights("[r]\nuser: .+\ncollection: .*\npermissions: RWrwl\n")
        let expected = readWrite.subtracting(.writeProperties)
        #expect(try await granted(policy, user("bob"), "/bob/") == expected)
        #expect(try await granted(policy, user("bob"), "/bob/cal/x.ics") == expected)
    }

    @Test func ignoredLettersGrantNothing() async throws {
        let policy = try rights("[r]\nuser: .+\ncollection: .*\npermissions: DOoTtMmPpEe\n")
        #expect(try await granted(policy, user("bob"), "/bob/") == [])
        #expect(try await granted(policy, user("bob"), "/bob/cal/") == [])
    }

    @Test func aNameCannotWidenTheRuleItIsSubstitutedInto() async throws {
        let policy = try rights("[own]\nuser: .+\ncollection: {user}(/.*)?\npermissions: RWrw\n")
        #expect(try await granted(policy, user("a.b"), "/a.b/cal/") == readWrite)
        #expect(try await granted(policy, user("a.b"), "/aXb/cal/") == [])
        #expect(try await granted(policy, user(".*"), "/alice/") == [])
        #expect(try await granted(policy, user(".+"), "/alice/cal/") == [])
        #expect(try await granted(policy, user("a|alice"), "/alice/") == [])
        #expect(try await granted(policy, user("(alice)?"), "/alice/") == [])
        #expect(try await granted(policy, user("[a-z]+"), "/alice/") == [])
        #expect(try await granted(policy, user("alice)|(.*"), "/bob/") == [])
        // Every printable ASCII character that can be in a path segment matches only itself.
        let punctuation = "!\"#$%&'()*+,-.:;<=>?@[]^_`{|}~ x"
        #expect(try await granted(policy, user(punctuation), try ResourcePath(segments: [punctuation, "cal"]).description + "/") == readWrite)
        #expect(try await granted(policy, user(punctuation), "/alice/") == [])
    }

    @Test func capturedGroupsAreEscapedToo() async throws {
        let policy = try rights("[dom]\nuser: (.+)-team\ncollection: {0}/[^/]+\npermissions: r\n")
        #expect(try await granted(policy, user("ops-team"), "/ops/cal/") == .readOnly)
        #expect(try await granted(policy, user(".*-team"), "/ops/cal/") == [])
    }

    @Test func aGroupThatTookNoPartInTheMatchDoesNotMatch() async throws {
        let policy = try rights("[opt]\nuser: (x)?alice\ncollection: {0}.*\npermissions: RWrw\n")
        #expect(try await granted(policy, user("alice"), "/bob/") == [])
        #expect(try await granted(policy, user("xalice"), "/x/") == readWrite)
    }

    @Test func doubledBracesAreLiteralBraces() async throws {
        let policy = try rights("[q]\nuser: a{{2}}\ncollection: b{{1,2}}/c\npermissions: r\n")
        #expect(try await granted(policy, user("aa"), "/b/c/") == .readOnly)
        #expect(try await granted(policy, user("aa"), "/bb/c/") == .readOnly)
        #expect(try await granted(policy, user("a"), "/b/c/") == [])
        #expect(try await granted(policy, user("aa"), "/bbb/c/") == [])
    }

    @Test func anonymousMatchesAsTheEmptyUser() async throws {
        let policy = try rights("""
            [anyone]
            user: .*
            collection: public/[^/]+
            permissions: r

            [empty-only]
            user: (?:)
            collection:
            permissions: R
            """)
        #expect(try await granted(policy, nil, "/public/cal/x.ics") == .readOnly)
        #expect(try await granted(policy, nil, "/") == .readOnly)
        #expect(try await granted(policy, user("bob"), "/") == [])
        #expect(try await granted(policy, nil, "/alice/") == [])
    }

    @Test func groupsGrantWithTheUserOnlyPlaceholder() async throws {
        let policy = try rights("""
            [team-shared]
            groups: team, ops
            collection: alice/shared
            permissions: r

            [team-own]
            groups: team
            collection: {user}/team-notes
            permissions: rw
            """)
        let carol = user("carol", groups: ["team"])
        #expect(try await granted(policy, carol, "/alice/shared/x.ics") == .readOnly)
        #expect(try await granted(policy, user("dave", groups: ["ops"]), "/alice/shared/") == .readOnly)
        #expect(try await granted(policy, carol, "/carol/team-notes/") == readWrite)
        #expect(try await granted(policy, carol, "/alice/team-notes/") == [])
        #expect(try await granted(policy, user("carol"), "/alice/shared/") == [])
        #expect(try await granted(policy, user("team"), "/alice/shared/") == [])
        #expect(try await granted(policy, nil, "/alice/shared/") == [])
    }

    @Test func defaultSectionFillsMissingKeys() async throws {
        let policy = try rights("""
            [DEFAULT]
            user: .+

            [root]
            collection:
            permissions: R

            [mine]
            user: alice
            collection: alice
            permissions: RW
            """)
        #expect(try await granted(policy, user("bob"), "/") == .readOnly)
        #expect(try await granted(policy, user("alice"), "/alice/") == readWrite)
        #expect(try await granted(policy, user("bob"), "/alice/") == [])
    }

    @Test func pythonStyleSyntaxIsAccepted() async throws {
        let policy = try rights("""
            ; configparser comments, '=' and ':' both split, keys are case-insensitive
            [named]
            USER = (?P<who>[a-z]+)
            Collection = {0}/100%%
            permissions = r
            """)
        #expect(try await granted(policy, user("alice"), "/alice/100%25/") == .readOnly)
    }
}
