import DAVCore
import RightsPlugins
import Testing

/// Every way a rights file can be wrong stops the load with the file and line.
@Suite struct RightsFileErrorTests {
    static let valid = "[ok]\nuser: .+\ncollection: {user}\npermissions: RW\n"

    /// (file text, expected line, a phrase the message must contain)
    static let cases: [(String, Int?, String)] = [
        (valid + "[bad]\nuser: .+\ncollection: .*\npermissions: rwx\n", 8, "'x' is not a permission letter"),
        (valid + "[bad]\nuser: .+\ncollection: .*\npermissions: rwd\n", 8, "'d' denies deleting"),
        (valid + "[bad]\nuser: .+\ncollection: .*\npermissions: U\n", 8, "'U' is set by Radicale"),
        (valid + "[bad]\nuser: .+\ncollection: .*\npermissions: r w\n", 8, "' ' is not a permission letter"),
        (valid + "[bad]\nuser: (\ncollection: .*\npermissions: r\n", 6, "[bad] user: '(' is not a valid regular expression"),
        (valid + "[bad]\nuser: .+\ncollection: [a-\npermissions: r\n", 7, "[bad] collection: '[a-' is not a valid regular expression"),
        (valid + "[bad]\nuser: .+\npermissions: r\n", 5, "[bad] has no 'collection' key"),
        (valid + "[bad]\nuser: .+\ncollection: .*\n", 5, "[bad] has no 'permissions' key"),
        (valid + "[bad]\nuser: .+\ncollection: .*\npermissions: r\nowner: alice\n", 9, "unknown key 'owner'"),
        (valid + "[bad]\nuser: .+\ncollection: .*\npermission: r\n", 8, "Radicale 3 spells it 'permissions'"),
        (valid + "[ok]\nuser: .+\ncollection: .*\npermissions: r\n", 5, "section [ok] appears twice"),
        (valid + "[bad]\nuser: .+\nuser: .*\ncollection: .*\npermissions: r\n", 7, "'user' is set twice"),
        ("user: .+\n" + valid, 1, "appears before any [section] header"),
        (valid + "[bad]\nuser .+\n", 6, "expected \"key = value\""),
        (valid + "[bad]\nuser: .+\ncollection: a\n  b\npermissions: r\n", 8, "multi-line values are not supported"),
        (valid + "[bad]\nuser: .+\ncollection: %(login)s\npermissions: r\n", 7, "write {user} instead"),
        (valid + "[bad]\nuser: .+\ncollection: 100%\npermissions: r\n", 7, "must be written '%%'"),
        (valid + "[bad]\nuser: (.+)\ncollection: {1}\npermissions: r\n", 7, "{1} refers to a group the 'user' regex does not capture (it has 1)"),
        (valid + "[bad]\ngroups: team\ncollection: {0}\npermissions: r\n", 7, "cannot be used in a rule with 'groups'"),
        (valid + "[bad]\nuser: .+\ncollection: {login}\npermissions: r\n", 7, "{login} is not a placeholder"),
        (valid + "[bad]\nuser: .+\ncollection: a{2}\npermissions: r\n", 7, "{2} refers to a group"),
        (valid + "[bad]\nuser: .+\ncollection: a{2,}\npermissions: r\n", 7, "{2,} is not a placeholder"),
        (valid + "[bad]\nuser: a}\ncollection: .*\npermissions: r\n", 6, "a single '}' must be written '}}'"),
        (valid + "[bad]\nuser: {user}\ncollection: .*\npermissions: r\n", 6, "{user} cannot be used in 'user'"),
        (valid + "[bad]\nuser: a{\ncollection: .*\npermissions: r\n", 6, "a single '{' must be written '{{'"),
        (valid + "[bad] # note\nuser: .+\n", 5, "a section header must be"),
        (valid + "[bad]\nuser:\ncollection: .*\npermissions: r\n", 5, "needs a non-empty 'user' regex or 'groups' list"),
        (valid + "[bad]\ncollection: .*\npermissions: r\n", 5, "needs a non-empty 'user' regex or 'groups' list"),
    ]

    @Test(arguments: cases.indices) func badFileNamesTheLine(_ index: Int) {
        let (text, line, phrase) = Self.cases[index]
        do {
            _ = try FromFileRights(parsing: text, file: "/etc/pocketdav/rights")
            Issue.record("case \(index) loaded: \(text)")
        } catch {
            #expect(error.file == "/etc/pocketdav/rights")
            #expect(error.line == line, "case \(index): \(error)")
            #expect(error.message.contains(phrase), "case \(index): \(error)")
            #expect(error.description.hasPrefix("/etc/pocketdav/rights:\(line.map(String.init) ?? "")"))
        }
    }

    @Test func aMissingFileNamesThePath() {
        #expect(throws: RightsFileError(file: "/nonexistent/rights", "cannot read the rights file")) {
            try FromFileRights(contentsOf: "/nonexistent/rights")
        }
    }

    @Test func anEmptyFileDeniesEverything() async throws {
        let policy = try FromFileRights(parsing: "# nothing yet\n", file: "rights")
        #expect(try await policy.permissions(for: Principal(name: "alice"), at: ResourcePath(decoding: "/alice/")) == [])
        #expect(try await policy.permissions(for: nil, at: .root) == [])
    }
}
