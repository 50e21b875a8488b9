import CGit2

/// Process-wide libgit2 set-up.
enum GitLibrary {
    private static let initialized: Bool = {
        git_libgit2_init()
        return true
    }()

    static func initialize() { _ = initialized }

    /// Turns on fsync of objects, packs and refs for the whole process (libgit2's option is
    /// global). Never turned off again, so one storage asking for it protects all.
    static func enableFsync() {
        initialize()
        _ = pocketdav_git_set_fsync(1)
    }
}
