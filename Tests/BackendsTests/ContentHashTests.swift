import Testing

@testable import FileSystemStorage

/// The filesystem etag is lowercase hex SHA-256 of the stored bytes: it must not change across
/// versions, or every client would download everything again after an upgrade.
@Suite struct ContentHashTests {
    @Test func isLowercaseHexSHA256() {
        // FIPS 180-2 test vectors.
        #expect(ContentHash.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentHash.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
