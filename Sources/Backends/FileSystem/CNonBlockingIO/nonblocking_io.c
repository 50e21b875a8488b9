#define _GNU_SOURCE
#include "CNonBlockingIO.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/uio.h>
#include <unistd.h>
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#endif

static int open_cached(const char *path, int flags) {
#if defined(SYS_openat2) && defined(RESOLVE_CACHED)
    struct open_how how = {.flags = (unsigned long long)flags, .resolve = RESOLVE_CACHED};
    return (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
#else
    (void)path;
    (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

int pocketdav_open_cached(const char *path) {
    // O_NONBLOCK: opening a FIFO left where an item was must not wait for a writer; on a regular
    // file it changes nothing.
    return open_cached(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
}

int pocketdav_open_path_cached(const char *path) {
    return open_cached(path, O_PATH | O_CLOEXEC);
}

ssize_t pocketdav_pread_nowait(int fd, void *buf, size_t count, off_t offset) {
#ifdef RWF_NOWAIT
    struct iovec one = {.iov_base = buf, .iov_len = count};
    return preadv2(fd, &one, 1, offset, RWF_NOWAIT);
#else
    (void)fd; (void)buf; (void)count; (void)offset;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

long pocketdav_filesystem_type(const char *path) {
    struct statfs s;
    if (statfs(path, &s) != 0) return -1;
    return (long)s.f_type;
}
