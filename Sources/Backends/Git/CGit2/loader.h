// Shared by loader.c and the generated functions.c; not part of the module's interface.
#include <git2.h>

extern const int pocketdav_git_function_count;
extern const char *const pocketdav_git_function_names[];

/// The libgit2 function at `index` of pocketdav_git_function_names. Aborts when libgit2 is not
/// loaded: every caller is behind GitLibrary.load(), which reports that as an error.
void *pocketdav_git_function(int index);
