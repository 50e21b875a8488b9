import FoundationEssentials
import Testing

@testable import DAVCore

/// The `Authorization` header read into credentials (RFC 7617), and the base64 decoder under it,
/// which must decode every well-formed encoding as Foundation's does.
@Suite struct BasicCredentialsTests {
    private func credentials(_ authorization: String) -> Credentials {
        BasicAuthorization.credentials(from: DAVRequest(method: "GET", path: "/", headers: ["Authorization": authorization]),
                                       credentialHeaders: [])
    }

    @Test func readsBasicAndBearer() {
        let basic = credentials("Basic " + Data("alice:pa:ss wörd".utf8).base64EncodedString())
        #expect(basic.basic?.username == "alice")
        #expect(basic.basic?.password == "pa:ss wörd")
        #expect(credentials("basic   YTpi  ").basic?.username == "a")
        #expect(credentials("Bearer tok.en").bearer == "tok.en")
        // Everything after the first colon, even a password that starts with a combining mark.
        let combining = credentials("Basic " + Data("bob:\u{301}x:y".utf8).base64EncodedString())
        #expect(combining.basic?.username == "bob")
        #expect(combining.basic?.password.unicodeScalars.elementsEqual("\u{301}x:y".unicodeScalars) == true)
    }

    /// Optional whitespace (RFC 9110 §5.6.3) around header parts: spaces and tabs, nothing else.
    @Test func onlySpacesAndTabsAreTrimmed() {
        #expect(Substring(" \t a b \t").trimmingWhitespace() == "a b")
        #expect(Substring(" \t ").trimmingWhitespace() == "")
        #expect(Substring("\u{A0}é\n").trimmingWhitespace() == "\u{A0}é\n")
        #expect(ETag(header: " \tW/\"x y\" ") == ETag("x y"))
        #expect(credentials("  Basic YTpi\t").basic?.password == "b")
    }

    @Test(arguments: ["Basic", "Basic YWxpY2U=", "Basic YWxp Y2U6cGE=", "Basic !!!!", "Basic /w==", "Digest YTpi"])
    func anythingElseGivesNoBasicCredentials(_ authorization: String) {
        // No colon, a space inside, not base64, not UTF-8 (0xFF), another scheme.
        #expect(credentials(authorization).basic == nil)
    }

    @Test func decodesWhatFoundationDecodesAndNoMore() {
        var generator = SystemRandomNumberGenerator()
        var valid = ["", "YQ==", "YWI=", "YWJj", "+/+/", "//==", "AAA=", "YWJjZA=="]
        var damaged: [String] = []
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<12, using: &generator)
            let text = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
            valid.append(text)
            guard !text.isEmpty else { continue }
            // One character replaced by any printable one.
            var chars = Array(text.utf8)
            chars[Int.random(in: 0..<chars.count, using: &generator)] = UInt8.random(in: 32...126, using: &generator)
            damaged.append(String(decoding: chars, as: UTF8.self))
        }
        for text in valid {
            #expect(Base64.decode(Substring(text)) == Data(base64Encoded: text).map { Array($0) }, "\(text.debugDescription)")
        }
        // What it accepts of the damaged ones, Foundation decodes alike; Foundation also
        // tolerates `=` in the middle, which RFC 4648 §3.3 does not.
        for text in damaged {
            if let decoded = Base64.decode(Substring(text)) {
                #expect(decoded == Data(base64Encoded: text).map { Array($0) }, "\(text.debugDescription)")
            }
        }
        for text in ["=", "==", "===", "====", "A===", "YQ", "YQ=", "Y=Q=", "YQ==YQ==", "Y Q==", "YW\u{0}j", "-_-_", "YWJj\n",
                     "YWJjZA=a", "SA=d"] {
            #expect(Base64.decode(Substring(text)) == nil, "\(text.debugDescription)")
        }
    }
}
