// libgit2's public API (Debian: libgit2-dev). Only the GitStorage target imports it, so only the
// pocketdav binary links libgit2.
#include <git2.h>

// git_libgit2_opts is variadic, which Swift cannot call; these wrap the options pocketdav sets.

/// GIT_OPT_ENABLE_FSYNC_GITDIR: fsync object files, packs and refs (and their folders) as they
/// are written, so a commit acknowledged to a client survives a power cut.
static inline int pocketdav_git_set_fsync(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, enabled);
}
