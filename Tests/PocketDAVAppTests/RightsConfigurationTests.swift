import DAVCore
import DAVTesting
import Foundation
import Logging
import Testing

@testable import PocketDAVApp

/// `[rights] type = "from_file"`: its key, and that a bad rights file stops startup (and
/// `config check`, which builds the rights the same way) with the file and line.
@Suite struct RightsConfigurationTests {
    static let logger = Logger(label: "test")

    /// A fresh folder holding `pocketdav.toml` (and, when given, `rights`).
    static func folder(toml: String, rights: String?) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rights-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try toml.write(to: dir.appendingPathComponent("pocketdav.toml"), atomically: true, encoding: .utf8)
        if let rights { try rights.write(to: dir.appendingPathComponent("rights"), atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func fromFileIsReadRelativeToTheConfiguration() async throws {
        let dir = try Self.folder(toml: "[rights]\ntype = \"from_file\"\n\n[rights.from_file]\nfile = \"rights\"\n",
                                  rights: "[own]\nuser: .+\ncollection: {user}\npermissions: RW\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try Configuration.load(file: dir.appendingPathComponent("pocketdav.toml").path)
        #expect(config.rights.type == .fromFile)
        #expect(config.rights.fromFile.file == dir.path + "/rights")
        let rights = try Wiring.makeRights(config.rights, storage: MemoryStorage(), logger: Self.logger)
        #expect(try await rights.permissions(for: Principal(name: "alice"), at: ResourcePath(decoding: "/alice/")) == [.read, .readFreeBusy, .writeContent, .writeProperties, .bind, .unbind])
        #expect(try await rights.permissions(for: Principal(name: "alice"), at: ResourcePath(decoding: "/bob/")) == [])
    }

    @Test func theDefaultFileIsDataRights() {
        #expect(Configuration.embeddedDefault.rights.fromFile.file == "./data/rights")
    }

    @Test func unknownKeysInTheSectionAreErrors() {
        #expect {
            try Configuration.parse("[rights]\ntype = \"from_file\"\n\n[rights.from_file]\nfiel = \"x\"\n", name: "p.toml")
        } throws: { error in
            "\(error)" == "p.toml:5: rights.from_file.fiel: unknown key"
        }
    }

    @Test func aBadRightsFileNamesItsFileAndLine() throws {
        let dir = try Self.folder(toml: "[rights]\ntype = \"from_file\"\n\n[rights.from_file]\nfile = \"rights\"\n",
                                  rights: "[own]\nuser: .+\ncollection: {user}\npermissions: RWx\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try Configuration.load(file: dir.appendingPathComponent("pocketdav.toml").path)
        #expect {
            try Wiring.makeRights(config.rights, storage: MemoryStorage(), logger: Self.logger)
        } throws: { error in
            "\(error)".hasPrefix("\(dir.path)/rights:4: [own] permissions: 'x' is not a permission letter")
        }
    }

    @Test func aMissingRightsFileNamesTheKey() throws {
        let dir = try Self.folder(toml: "[rights]\ntype = \"from_file\"\n", rights: nil)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try Configuration.load(file: dir.appendingPathComponent("pocketdav.toml").path)
        #expect {
            try Wiring.makeRights(config.rights, storage: MemoryStorage(), logger: Self.logger)
        } throws: { error in
            "\(error)" == "\(dir.path)/./data/rights: rights.from_file.file: cannot read the rights file"
        }
    }
}
