import Glibc

/// A fresh directory under /tmp for one test, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        var template = Array("/tmp/pocketdav-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXFailure(call: "mkdtemp", code: errno) }
        path = String(cString: made)
    }

    func remove() {
        _ = system("rm -rf '\(path)'")
    }

    struct POSIXFailure: Error {
        var call: String
        var code: Int32
    }
}
