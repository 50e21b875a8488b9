import Glibc

/// A fresh directory under /tmp for one test, with helpers to look at and tamper with the files
/// behind the storage's back. Removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init(existing path: String) { self.path = path }

    init() throws {
        var template = Array("/tmp/pocketdav-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXFailure(call: "mkdtemp", code: errno) }
        path = String(cString: made)
    }

    func remove() {
        _ = system("rm -rf '\(path)'")
    }

    /// `collection-root/<relative>`, the file behind URL path `/<relative>`.
    func item(_ relative: String) -> String { path + "/collection-root/" + relative }

    /// Writes a file (creating folders) the way a hand edit or Radicale would.
    func write(_ relative: String, _ text: String) throws {
        let full = item(relative)
        var parent = ""
        for part in full.split(separator: "/").dropLast() {
            parent += "/" + part
            _ = mkdir(parent, 0o700)
        }
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw POSIXFailure(call: "open \(full)", code: errno) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count else { throw POSIXFailure(call: "write", code: errno) }
    }

    func read(_ relative: String) -> [UInt8]? { Self.readFile(item(relative)) }

    func text(_ relative: String) -> String? { read(relative).map { String(decoding: $0, as: UTF8.self) } }

    func exists(_ relative: String) -> Bool { access(item(relative), F_OK) == 0 }

    func delete(_ relative: String) { unlink(item(relative)) }

    /// Permission bits of a file or folder below collection-root.
    func mode(_ relative: String) -> UInt32? { Self.mode(atPath: item(relative)) }

    static func mode(atPath path: String) -> UInt32? {
        var s = stat()
        guard fstatat(AT_FDCWD, path, &s, 0) == 0 else { return nil }
        return UInt32(s.st_mode) & 0o7777
    }

    /// Names in a folder below collection-root, dot-files included.
    func list(_ relative: String) -> [String] { Self.list(atPath: item(relative)) }

    static func list(atPath path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Appends raw bytes (to damage a journal).
    func append(_ relative: String, _ text: String) throws {
        let fd = open(item(relative), O_WRONLY | O_APPEND)
        guard fd >= 0 else { throw POSIXFailure(call: "open", code: errno) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        _ = Glibc.write(fd, bytes, bytes.count)
    }

    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n <= 0 { return out }
            out += buffer[0..<n]
        }
    }

    struct POSIXFailure: Error {
        var call: String
        var code: Int32
    }
}
