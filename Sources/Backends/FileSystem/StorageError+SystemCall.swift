import DAVCore
import Glibc

extension StorageError {
    /// Maps a failed system call to the storage error the core turns into HTTP: a full disk or
    /// quota is 507, a vanished path 404, everything else a logged 500.
    init(error: SystemCallError) {
        switch error.errno {
        case ENOSPC, EDQUOT:
            self.init(.insufficientStorage, "no space left for \(error.path)", cause: error)
        case ENOENT, ENOTDIR:
            self.init(.notFound, "\(error.path) vanished during the operation", cause: error)
        case EROFS:
            self.init(.unavailable, "the storage folder is read-only (\(error.path))", cause: error)
        default:
            self.init(.io, "\(error)", cause: error)
        }
    }
}
