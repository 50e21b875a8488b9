import AuthPlugins
import DAVCore
import DAVTesting
import Logging
import Testing

@testable import PocketDAVApp

/// `[auth.api_key]`, `[auth.tofu]`, `[auth.remote_user]` and their wiring.
@Suite struct AuthConfigurationTests {
    @Test func everyPluginSectionIsRead() throws {
        let text = """
            [auth]
            type = ["htpasswd", "api_key", "remote_user", "tofu"]

            [auth.api_key]
            header = "X-Token"
            user_header = "X-Acting-For"
            allow_insecure = true

            [auth.tofu]
            pattern = "[a-z]+"
            hash = "argon2"
            max_new_accounts_per_hour = 3
            allow_insecure = true

            [auth.remote_user]
            header = "X-Auth-User"
            trusted_proxies = ["10.0.0.2", "::1"]
            """
        let auth = try Configuration.parse(text, name: "a.toml").auth
        #expect(auth.types == [.htpasswd, .apiKey, .remoteUser, .tofu])
        #expect(auth.apiKey.header == "X-Token" && auth.apiKey.userHeader == "X-Acting-For" && auth.apiKey.allowInsecure)
        #expect(auth.tofu.pattern == "[a-z]+" && auth.tofu.hash == .argon2 && auth.tofu.maxNewAccountsPerHour == 3)
        #expect(auth.tofu.allowInsecure)
        #expect(auth.remoteUser.header == "X-Auth-User")
        #expect(auth.remoteUser.trustedProxies == [PeerAddress("10.0.0.2")!, PeerAddress("::1")!])
    }

    @Test func theDefaultsAreTheDocumentedOnes() throws {
        let auth = try Configuration.parse("[auth]\ntype = [\"api_key\", \"tofu\"]\n", name: "a.toml").auth
        #expect(auth.apiKey.header == "X-Api-Key" && auth.apiKey.userHeader == "X-Forwarded-User" && !auth.apiKey.allowInsecure)
        #expect(auth.tofu.pattern == "[A-Za-z0-9._-]+" && auth.tofu.hash == .bcrypt && auth.tofu.maxNewAccountsPerHour == 10)
        #expect(!auth.tofu.allowInsecure)
        #expect(auth.remoteUser.header == "X-Remote-User" && auth.remoteUser.trustedProxies.isEmpty)
    }

    @Test func remoteUserWithoutTrustedProxiesRefusesToStart() {
        for text in ["[auth]\ntype = [\"remote_user\"]\n",
                     "[auth]\ntype = [\"remote_user\"]\n[auth.remote_user]\ntrusted_proxies = []\n"] {
            #expect {
                try Configuration.parse(text, name: "r.toml")
            } throws: { error in
                let message = "\(error)"
                return message.hasPrefix("r.toml") && message.contains("[auth.remote_user] trusted_proxies")
            }
        }
        // Not enabled: the section may stay empty.
        #expect(throws: Never.self) { try Configuration.parse("[auth.remote_user]\nheader = \"X-U\"\n", name: "r.toml") }
    }

    @Test func badValuesNameTheFileKeyAndValue() {
        let cases = [
            "[auth.remote_user]\ntrusted_proxies = [\"proxy.example\"]\n": ["auth.remote_user.trusted_proxies", "proxy.example"],
            "[auth.remote_user]\ntrusted_proxies = [\"10.0.0.0/8\"]\n": ["auth.remote_user.trusted_proxies", "10.0.0.0/8"],
            "[auth.remote_user]\nheader = \"X Remote\"\n": ["auth.remote_user.header", "X Remote"],
            "[auth.api_key]\nheader = \"Authorization\"\n": ["auth.api_key.header", "Authorization"],
            "[auth.api_key]\nuser_header = \"X-Api-Key\"\n": ["auth.api_key.user_header"],
            "[auth.api_key]\nallow_insecure = \"yes\"\n": ["auth.api_key.allow_insecure"],
            "[auth.api_key]\nheaders = \"X\"\n": ["auth.api_key.headers", "unknown key"],
            "[auth.tofu]\npattern = \"[a-\"\n": ["auth.tofu.pattern", "[a-"],
            "[auth.tofu]\nhash = \"md5\"\n": ["auth.tofu.hash", "md5"],
            "[auth.tofu]\nmax_new_accounts_per_hour = -1\n": ["auth.tofu.max_new_accounts_per_hour", "-1"],
            "[auth.tofu]\nrate = 1\n": ["auth.tofu.rate", "unknown key"],
            "[auth]\ntype = [\"tofu\", \"htpasswd\"]\n": ["auth.type", "tofu"],
            "[auth]\ntype = [\"apikey\"]\n": ["auth.type", "api_key"],
        ]
        for (text, expected) in cases {
            do {
                _ = try Configuration.parse(text, name: "p.toml")
                Issue.record("accepted: \(text)")
            } catch {
                let message = "\(error)"
                #expect(message.hasPrefix("p.toml"), "\(message)")
                for part in expected { #expect(message.contains(part), "\(message) should contain \(part)") }
            }
        }
    }

    @Test func pluginsThatKeepRecordsNeedAnAccountStore() throws {
        var config = Configuration.Auth()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        for kind in [Configuration.Auth.Kind.apiKey, .tofu] {
            config.types = [kind]
            #expect {
                try Wiring.makeAuthenticator(config, accounts: nil, source: "s.toml", logger: logger)
            } throws: { error in
                "\(error)".hasPrefix("s.toml: auth.type:") && "\(error)".contains(kind.rawValue)
            }
        }
        config.types = [.apiKey, .remoteUser, .tofu]
        config.remoteUser.trustedProxies = [PeerAddress("10.0.0.2")!]
        let chain = try Wiring.makeAuthenticator(config, accounts: MemoryAccountStore(), logger: logger)
        #expect(chain.credentialHeaders == ["x-api-key", "x-remote-user"])
    }
}
