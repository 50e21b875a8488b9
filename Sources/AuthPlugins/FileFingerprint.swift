#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat` says about a file, to notice cheaply that it was replaced or changed.
///
/// The inode catches atomic replacement (rename); size, mtime and ctime catch editing in place.
/// ctime is included because an editor can restore mtime, but nothing can set ctime back.
struct FileFingerprint: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: timespec
    var changed: timespec
    var owner: uid_t
    var group: gid_t

    init(_ st: stat) {
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        #if os(Linux)
        modified = st.st_mtim
        changed = st.st_ctim
        #else
        modified = st.st_mtimespec
        changed = st.st_ctimespec
        #endif
        owner = st.st_uid
        group = st.st_gid
    }

    static func == (a: Self, b: Self) -> Bool {
        a.device == b.device && a.inode == b.inode && a.size == b.size
            && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
            && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
            && a.owner == b.owner && a.group == b.group
    }
}
