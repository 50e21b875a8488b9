// libgit2's public API (Debian: libgit2-dev) for the git backend. pocketdav does not link
// libgit2: the first git storage loads it (pocketdav_git_load), so a server on another backend
// never maps libgit2 and the libraries it pulls in (libcrypto, Kerberos, libssh2: 2.7 MB
// resident), and runs without them installed.
#include <git2.h>

/// Loads libgit2 (the soname the headers were built for) and every function the backend calls,
/// once per process. Returns NULL when it is ready, or why it is not.
const char *pocketdav_git_load(void);

/// git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, enabled): fsync object files, packs and refs
/// (and their folders) as they are written, so a commit acknowledged to a client survives a
/// power cut. git_libgit2_opts is variadic, which Swift cannot call.
int pocketdav_git_set_fsync(int enabled);
