import AuthPlugins
import DAVCore
import DAVTesting
import Foundation
import Testing

@testable import PocketDAVApp

@Suite struct ConfigurationTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theDocumentedExampleParsesToTheDefaults() throws {
        let path = Self.packageRoot.appendingPathComponent("docs/pocketdav.example.toml").path
        let config = try Configuration.load(file: path)
        let defaults = Configuration.embeddedDefault
        #expect(config.server.hosts == defaults.server.hosts)
        #expect(config.server.maxRequestBody == defaults.server.maxRequestBody)
        #expect(config.server.maxResourceSize == defaults.server.maxResourceSize)
        #expect(config.auth.types == [.htpasswd])
        #expect(config.rights.type == .ownerOnly)
        #expect(config.storage.type == .filesystem)
        #expect(config.storage.filesystem.folder.hasSuffix("docs/../data/collections"))
        #expect(config.storage.git.repository.hasSuffix("docs/../data/collections.git"))
        #expect(config.storage.git.branch == defaults.storage.git.branch)
        #expect(config.storage.git.gcEvery == defaults.storage.git.gcEvery)
        #expect(config.storage.git.remote == nil)
        try config.validate(name: path)
    }

    @Test func everyKeyInTheReferenceIsInTheExample() throws {
        // The reference table and the example file must not drift apart.
        let reference = try String(contentsOfFile: Self.packageRoot.appendingPathComponent("docs/configuration.md").path, encoding: .utf8)
        let example = try String(contentsOfFile: Self.packageRoot.appendingPathComponent("docs/pocketdav.example.toml").path, encoding: .utf8)
        let keys = reference.split(separator: "\n").filter { $0.hasPrefix("| `") }.compactMap { $0.split(separator: "`").dropFirst().first }
        #expect(keys.count >= 20)
        for key in keys { #expect(example.contains("\(key) =") || example.contains("# \(key) ="), "\(key) missing from the example") }
    }

    @Test func unknownKeysNameTheKeyAndLine() {
        let text = "[server]\nhosts = [\"127.0.0.1:5232\"]\n\n[storage.filesystem]\nfolderr = \"x\"\n"
        #expect {
            try Configuration.parse(text, name: "p.toml")
        } throws: { error in
            "\(error)" == "p.toml:5: storage.filesystem.folderr: unknown key"
        }
        #expect(throws: ConfigError.self) { try Configuration.parse("[srever]\n", name: "p.toml") }
    }

    @Test func wrongTypesAndValuesAreErrors() {
        let cases = [
            "[server]\nmax_connections = \"many\"\n": "server.max_connections",
            "[server]\nhosts = [\"nohostport\"]\n": "server.hosts",
            "[server]\nmax_connections = 0\n": "server.max_connections",
            "[rights]\ntype = \"owner-only\"\n": "rights.type",
            "[auth]\ntype = [\"ldap\"]\n": "auth.type",
            "[logging]\nlevel = \"loud\"\n": "logging.level",
            "[storage]\ntype = 3\n": "storage.type",
            "[server\n": "p.toml:",
        ]
        for (text, expected) in cases {
            do {
                _ = try Configuration.parse(text, name: "p.toml")
                Issue.record("accepted: \(text)")
            } catch {
                #expect("\(error)".contains(expected), "\(error) should name \(expected)")
            }
        }
    }

    @Test func gitStorageKeysAreReadAndSecretsStayOutOfTheURL() throws {
        let text = """
            [storage]
            type = "git"
            [storage.git]
            repository = "cal.git"
            remote = "https://alice@git.example.org/cal.git"
            token_file = "token"
            gc_every = 50
            """
        let config = try Configuration.parse(text, name: "p.toml")
        #expect(config.storage.type == .git)
        #expect(config.storage.git.repository == "cal.git" && config.storage.git.gcEvery == 50)
        #expect(config.storage.git.remote == "https://alice@git.example.org/cal.git")
        #expect(config.storage.git.tokenFile == "token")
        #expect {
            try Configuration.parse("[storage.git]\nremote = \"https://alice:s3cret@git.example.org/cal.git\"\n", name: "p.toml")
        } throws: { error in
            "\(error)".contains("p.toml:2: storage.git.remote") && !"\(error)".contains("s3cret")
        }
        #expect(throws: ConfigError.self) { try Configuration.parse("[storage.git]\nrepositry = \"x\"\n", name: "p.toml") }
    }

    @Test func anSSHRemoteNeedsAPinnedHostKey() throws {
        let unpinned = try Configuration.parse(
            "[storage]\ntype = \"git\"\n[storage.git]\nremote = \"git@backup.example.org:cal.git\"\n", name: "p.toml")
        #expect(throws: ConfigError.self) { try unpinned.validate(name: "p.toml") }
        let pinned = try Configuration.parse(
            "[storage]\ntype = \"git\"\n[storage.git]\nremote = \"ssh://git@backup.example.org/cal.git\"\n"
                + "ssh_host_key = \"SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8\"\n", name: "p.toml")
        try pinned.validate(name: "p.toml")
        let https = try Configuration.parse("[storage]\ntype = \"git\"\n[storage.git]\nremote = \"https://example.org/cal.git\"\n",
                                            name: "p.toml")
        try https.validate(name: "p.toml")
        #expect(throws: ConfigError.self) {
            try Configuration.parse("[storage.git]\nssh_host_key = \"MD5:aa:bb\"\n", name: "p.toml")
        }
    }

    @Test func publicBindNeedsTheOptIn() throws {
        let open = try Configuration.parse("[server]\nhosts = [\"0.0.0.0:5232\"]\n", name: "p.toml")
        #expect(throws: ConfigError.self) { try open.validate(name: "p.toml") }
        let allowed = try Configuration.parse("[server]\nhosts = [\"0.0.0.0:5232\"]\nallow_public_bind = true\n", name: "p.toml")
        try allowed.validate(name: "p.toml")
        let loopback = try Configuration.parse("[server]\nhosts = [\"[::1]:5232\", \"localhost:8080\"]\n", name: "p.toml")
        try loopback.validate(name: "p.toml")
        #expect(loopback.server.hosts.map(\.port) == [5232, 8080])
    }
}

@Suite struct AdminConfigurationTests {
    @Test func defaultsComeFromTheEnvironment() throws {
        let config = try Configuration.parse("", name: "a.toml")
        #expect(config.admin.enabled)
        #expect(config.admin.role(environment: [:]) == AdminRole(users: ["admin"]))
        #expect(config.admin.role(environment: ["ADMIN_USER": "boss"]) == AdminRole(users: ["boss"]))
        #expect(config.admin.role(environment: ["ADMIN_USER": ""]) == AdminRole(users: ["admin"]))
    }

    @Test func keysAreRead() throws {
        let text = "[admin]\nusers = [\"ann\", \"ben\"]\ngroup = \"admins\"\nenabled = false\n"
        let config = try Configuration.parse(text, name: "a.toml")
        #expect(config.admin.role(environment: ["ADMIN_USER": "boss"]) == AdminRole(users: ["ann", "ben"], group: "admins"))
        #expect(!config.admin.enabled)
        #expect(Wiring.makeAdmin(config, groups: GroupStore(store: MemoryAccountStore())) == nil)
    }

    @Test func badValuesNameFileKeyAndValue() {
        let cases = [
            ("[admin]\nusers = [\"ok\", \"../root\"]\n", "admin.users", "../root"),
            ("[admin]\ngroup = \"a b\"\n", "admin.group", "a b"),
            ("[admin]\nenabled = \"yes\"\n", "admin.enabled", "string"),
            ("[admin]\nuser = [\"x\"]\n", "admin.user", "unknown key"),
        ]
        for (text, key, value) in cases {
            do {
                _ = try Configuration.parse(text, name: "a.toml")
                Issue.record("\(text) parsed")
            } catch {
                let message = "\(error)"
                #expect(message.contains("a.toml") && message.contains(key) && message.contains(value), "\(message)")
            }
        }
    }

    @Test func passwordAccountsComeFromTheFirstTypeThatKeepsThem() throws {
        let config = try Configuration.parse("[auth.htpasswd]\nfile = \"/tmp/users\"\n", name: "a.toml")
        #expect((try Wiring.makePasswordAccounts(config) as? HtpasswdAccounts)?.file == "/tmp/users")
    }
}
