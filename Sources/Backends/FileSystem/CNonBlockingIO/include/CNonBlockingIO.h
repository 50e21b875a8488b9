// System calls that never wait for a disk, for reading a small file on the calling thread
// when the kernel already holds everything needed (FileSystemStorage's GET path). Swift's Glibc
// module has neither: openat2 has no glibc wrapper, and syscall(2) is variadic.
#include <sys/types.h>

/// openat2(AT_FDCWD, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, RESOLVE_CACHED): fails with EAGAIN instead
/// of reading a directory from disk (Linux 5.12), with ENOSYS on older kernels or headers.
int pocketdav_open_cached(const char *path);

/// The same with O_PATH | O_CLOEXEC: a descriptor for fstat only. The file is not opened (no
/// permission check, no filesystem open call), so it is the cheapest way to learn which file a
/// path names now.
int pocketdav_open_path_cached(const char *path);

/// preadv2(fd, [buf, count], offset, RWF_NOWAIT): fails with EAGAIN instead of reading from
/// disk, or returns fewer bytes (Linux 4.14); EOPNOTSUPP where the filesystem cannot tell.
ssize_t pocketdav_pread_nowait(int fd, void *buf, size_t count, off_t offset);

/// statfs(path).f_type, the filesystem's magic number (statfs(2)); -1 with errno on failure.
/// Swift's Glibc module does not include <sys/vfs.h>.
long pocketdav_filesystem_type(const char *path);
