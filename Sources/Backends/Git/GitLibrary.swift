import CGit2

/// Process-wide libgit2 set-up. libgit2 is loaded here, by the first git storage, not linked
/// (CGit2.h): every libgit2 call comes after `load()`.
enum GitLibrary {
    /// libgit2 could not be loaded: not installed, or a build for another version.
    struct Unavailable: Error, CustomStringConvertible {
        let reason: String
        var description: String {
            "the git storage needs libgit2 (Debian: apt-get install libgit2-\(LIBGIT2_SOVERSION)): \(reason)"
        }
    }

    private static let loaded: Result<Void, Unavailable> = {
        if let failure = pocketdav_git_load() {
            return .failure(Unavailable(reason: String(cString: failure)))
        }
        git_libgit2_init()
        return .success(())
    }()

    static func load() throws(Unavailable) { try loaded.get() }

    /// Turns on fsync of objects, packs and refs for the whole process (libgit2's option is
    /// global). Never turned off again, so one storage asking for it protects all.
    static func enableFsync() throws(Unavailable) {
        try load()
        _ = pocketdav_git_set_fsync(1)
    }
}
