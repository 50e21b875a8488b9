import DAVCore
import FoundationEssentials
import Testing

@testable import GitStorage

/// Pinning ssh host keys, as OpenSSH prints their fingerprints.
@Suite struct SSHHostKeyPinTests {
    @Test func aPinMatchesExactlyItsDigest() throws {
        let zeros = [UInt8](repeating: 0, count: 32)
        let pin = try #require(SSHHostKeyPin("SHA256:" + String(repeating: "A", count: 43)))
        #expect(pin.matches(sha256: zeros))
        #expect(!pin.matches(sha256: [1] + zeros.dropFirst()))
        #expect(SSHHostKeyPin("SHA256:" + String(repeating: "A", count: 43) + "=") == pin, "padding is optional")
        for bad in ["", "AAAA", "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48", "SHA256:short"] {
            #expect(SSHHostKeyPin(bad) == nil, "\(bad)")
        }
    }

    @Test func sshRemotesAreRecognised() {
        for ssh in ["ssh://git@host/repo.git", "git@host:repo.git", "host:repo.git", "git+ssh://host/r"] {
            #expect(SSHHostKeyPin.isSSH(ssh), "\(ssh)")
        }
        for other in ["https://host/repo.git", "file:///srv/repo.git", "/srv/repo.git", "./repo.git", "http://h:8080/r"] {
            #expect(!SSHHostKeyPin.isSSH(other), "\(other)")
        }
    }
}

/// The caches behind the git backend keep the newest values within their budget.
@Suite struct BoundedCacheTests {
    @Test func theOldestInsertionGoesFirstAndReinsertingRenews() {
        var cache = BoundedCache<String, Int>(capacity: 2)
        cache["a"] = 1
        cache["b"] = 2
        cache["a"] = 3  // renewed: now newer than b
        cache["c"] = 4
        #expect(cache["a"] == 3 && cache["b"] == nil && cache["c"] == 4)
        cache["a"] = nil
        cache["d"] = 5
        #expect(cache["c"] == 4 && cache["d"] == 5)
    }

    @Test func costsCountAgainstTheBudgetButTheNewestAlwaysStays() {
        var cache = BoundedCache<String, [Int]>(budget: 5) { $0.count }
        cache["small"] = [1, 2]
        cache["medium"] = [1, 2, 3]
        #expect(cache["small"] != nil && cache["medium"] != nil)
        cache["big"] = Array(0..<10)
        #expect(cache["small"] == nil && cache["medium"] == nil && cache["big"]?.count == 10)
    }
}

@Suite struct GitPushBackoffTests {
    @Test func retriesBackOffExponentiallyUpToFiveMinutes() {
        let waits = (1...12).map { GitMaintenance.backoff(afterFailures: $0) }
        #expect(waits.prefix(4) == [.seconds(2), .seconds(4), .seconds(8), .seconds(16)])
        #expect(waits.last == .seconds(300))
        #expect(zip(waits, waits.dropFirst()).allSatisfy { $0 <= $1 })
    }
}

/// The kind names in `.pocketdav-props.json` are a file format: existing repositories hold them.
@Suite struct CollectionMetadataFormatTests {
    private struct KindField: Decodable { var kind: String }

    @Test func kindsAreStoredByTheirFixedNames() throws {
        let names: [(CollectionKind, String)] = [(.plain, "plain"), (.calendar, "calendar"), (.addressBook, "addressbook")]
        for (kind, name) in names {
            let written = CollectionMetadata(id: "x", kind: kind).encoded()
            #expect(try JSONDecoder().decode(KindField.self, from: Data(written)).kind == name)
            #expect(try CollectionMetadata.decode(Array(#"{"id": "x", "kind": "\#(name)"}"#.utf8)).kind == kind)
        }
        #expect(throws: (any Error).self) { try CollectionMetadata.decode(Array(#"{"id": "x", "kind": "VCALENDAR"}"#.utf8)) }
    }
}
