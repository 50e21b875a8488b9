import Testing

@testable import GitStorage

/// Object ids parse without libgit2: sync tokens are read before, or without, any repository
/// loading it (GitLibrary).
@Suite struct GitOIDTests {
    @Test func fortyHexDigitsRoundTripInLowerCase() throws {
        let empty = try #require(GitOID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbee4904"))
        #expect(empty.hex == "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
        #expect(empty.short == "4b825dc")
        let upper = try #require(GitOID(hex: "4B825DC642CB6EB9A060E54BF8D69288FBEE4904"))
        #expect(upper == empty)
        let each = "0123456789abcdef0123456789abcdeffedcba98"
        #expect(GitOID(hex: each)?.hex == each)
    }

    @Test(arguments: ["", "4b825dc", "4b825dc642cb6eb9a060e54bf8d69288fbee490", "4b825dc642cb6eb9a060e54bf8d69288fbee49040",
                      "4b825dc642cb6eb9a060e54bf8d69288fbee490g", "4b825dc642cb6eb9a060e54bf8d69288fbee490 ",
                      "ä4b825dc642cb6eb9a060e54bf8d69288fbee49"])
    func anythingElseIsNotAnID(_ text: String) {
        #expect(GitOID(hex: text) == nil)
    }
}
