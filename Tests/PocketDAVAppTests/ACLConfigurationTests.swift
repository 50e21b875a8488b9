import DAVCore
import DAVTesting
import Logging
import RightsPlugins
import Testing

@testable import PocketDAVApp

/// `[rights] type = "acl"` and `[rights.acl]`.
@Suite struct ACLConfigurationTests {
    @Test func aclRightsAndTheFallbackAreRead() throws {
        let config = try Configuration.parse("[rights]\ntype = \"acl\"\n\n[rights.acl]\nowner_fallback = \"owner_write\"\n", name: "p.toml")
        #expect(config.rights.type == .acl)
        #expect(config.rights.acl.ownerFallback == .ownerWrite)
        #expect(Configuration.embeddedDefault.rights.acl.ownerFallback == .ownerOnly)
    }

    @Test func typosAndBadValuesNameFileKeyAndValue() {
        let cases = [
            "[rights]\ntype = \"acl\"\n[rights.acl]\nowner_fallbak = \"owner_only\"\n": "p.toml:4: rights.acl.owner_fallbak: unknown key",
            "[rights]\ntype = \"acl\"\n[rights.acl]\nowner_fallback = \"everyone\"\n":
                "p.toml:4: rights.acl.owner_fallback: 'everyone' is not one of: owner_only, owner_write, authenticated",
        ]
        for (text, expected) in cases {
            #expect(throws: ConfigError.self) { try Configuration.parse(text, name: "p.toml") }
            do {
                _ = try Configuration.parse(text, name: "p.toml")
            } catch {
                #expect("\(error)" == expected)
            }
        }
    }

    @Test func wiringBuildsAnACLPolicyThatSharesThroughTheStorage() async throws {
        var config = Configuration()
        config.rights.type = .acl
        let rights = try Wiring.makeRights(config.rights, storage: MemoryStorage(), logger: Logger(label: "test"))
        #expect(rights is any AccessControl)
        config.rights.type = .ownerOnly
        #expect(!(try Wiring.makeRights(config.rights, storage: MemoryStorage(), logger: Logger(label: "test")) is any AccessControl))
    }
}
