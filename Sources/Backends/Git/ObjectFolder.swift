import Glibc

/// The plain-file side of a git object folder (`objects/`): listing loose objects and packs,
/// syncing and removing files. libgit2 has no API to enumerate loose objects alone.
struct ObjectFolder: Sendable {
    /// `<git dir>/objects`.
    let path: String

    var packFolder: String { path + "/pack" }

    /// Loose objects: `objects/xx/<38 hex digits>`. Temporary files libgit2 writes before
    /// renaming (`tmp_object_git2_*`) are not objects and are left alone.
    func looseObjects() -> [(oid: GitOID, file: String)] {
        var found: [(oid: GitOID, file: String)] = []
        for fanOut in Self.list(path) where fanOut.utf8.count == 2 && GitOID(hex: fanOut + String(repeating: "0", count: 38)) != nil {
            let folder = path + "/" + fanOut
            for name in Self.list(folder) where name.utf8.count == 38 {
                if let oid = GitOID(hex: fanOut + name) { found.append((oid, folder + "/" + name)) }
            }
        }
        return found
    }

    /// Pack names (`pack-<hash>`) in `objects/pack`, except those protected by a `.keep` file.
    func packs() -> [String] {
        let names = Set(Self.list(packFolder))
        return names.filter { $0.hasSuffix(".pack") }.map { String($0.dropLast(5)) }
            .filter { !names.contains($0 + ".keep") }.sorted()
    }

    /// Removes a pack and its companion files (index, reverse index, bitmap).
    func removePack(_ name: String) {
        // The index goes first: without it, readers stop looking into the pack.
        for suffix in [".idx", ".pack", ".rev", ".bitmap"] { unlink(packFolder + "/" + name + suffix) }
    }

    /// Removes libgit2's temporary object files (`objects/tmp_object_git2_*`) older than an
    /// hour: a process killed while writing an object leaves one behind, and nothing else would
    /// ever remove it. A live write renames its file within milliseconds.
    func removeAbandonedTemporaryFiles() -> Int {
        var removed = 0
        for name in Self.list(path) where name.hasPrefix("tmp_") {
            var info = stat()
            let file = path + "/" + name
            if stat(file, &info) == 0, time(nil) - info.st_mtim.tv_sec > 3600, unlink(file) == 0 { removed += 1 }
        }
        return removed
    }

    /// fsync a file or folder; `false` if it could not be opened or synced.
    @discardableResult
    static func sync(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return fsync(fd) == 0
    }

    static func list(_ folder: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
