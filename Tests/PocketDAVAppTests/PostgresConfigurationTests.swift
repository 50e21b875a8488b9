import Foundation
import PostgresStorage
import Testing

@testable import PocketDAVApp

@Suite struct PostgresConfigurationTests {
    static let base = "[storage]\ntype = \"postgres\"\n[storage.postgres]\n"

    @Test func aPasswordInTheURLIsRefusedNamingTheKey() {
        let text = Self.base + "url = \"postgres://dav:hunter2@db.example/dav\"\n"
        do {
            _ = try Configuration.parse(text, name: "p.toml")
            Issue.record("a URL with a password was accepted")
        } catch {
            #expect("\(error)".hasPrefix("p.toml:4: storage.postgres.url: must not contain a password"))
            #expect(!"\(error)".contains("hunter2"), "the error repeats the password")
        }
    }

    @Test func theURLIsRequiredAndValuesAreChecked() {
        let cases = [
            Self.base + "pool_size = 10\n": "storage.postgres.url",
            Self.base + "url = \"http://db/dav\"\n": "storage.postgres.url",
            Self.base + "url = \"postgres://dav@db/dav\"\ntls = \"sometimes\"\n": "storage.postgres.tls",
            Self.base + "url = \"postgres://dav@db/dav\"\npool_size = 0\n": "storage.postgres.pool_size",
            Self.base + "url = \"postgres://dav@db/dav\"\nschema = \"Robert'); DROP\"\n": "storage.postgres.schema",
            Self.base + "url = \"postgres://dav@db/dav\"\nchange_retention_days = -1\n": "storage.postgres.change_retention_days",
            Self.base + "url = \"postgres://dav@db/dav\"\npasword_file = \"x\"\n": "storage.postgres.pasword_file",
        ]
        for (text, key) in cases {
            do {
                _ = try Configuration.parse(text, name: "p.toml")
                Issue.record("accepted: \(text)")
            } catch {
                #expect("\(error)".contains(key), "\(error) should name \(key)")
            }
        }
    }

    @Test func thePasswordComesFromTheFileBeforeTheEnvironment() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pocketdav-pgconf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "from-file\nignored\n".write(to: folder.appendingPathComponent("pgpass"), atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("p.toml")
        try (Self.base + "url = \"postgres://dav@db.example:6432/dav\"\npassword_file = \"pgpass\"\nchange_retention_days = 0\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let config = try Configuration.load(file: file.path)
        let storage = try config.storage.postgres.storageConfiguration(environment: ["PGPASSWORD": "from-env"])
        #expect(storage.password == "from-file")
        #expect(storage.endpoint.port == 6432 && storage.changeRetention == nil)
        #expect(!"\(storage)".contains("from-file"), "the configuration's description shows the password")

        let withoutFile = try Configuration.parse(Self.base + "url = \"postgres://dav@db/dav\"\n", name: "p.toml")
        #expect(try withoutFile.storage.postgres.storageConfiguration(environment: ["PGPASSWORD": "from-env"]).password == "from-env")
        #expect(try withoutFile.storage.postgres.storageConfiguration(environment: [:]).password == nil)
    }
}
