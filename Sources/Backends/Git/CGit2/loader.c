#include "loader.h"
#include "CGit2.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// Filled once, under pthread_once, before pocketdav_git_load returns success; read-only after,
// so readers need no further synchronisation.
static void **functions;
// git_libgit2_opts is variadic, so functions.c has no forward for it; it is looked up here.
static int (*libgit2_opts)(int, ...);
static char failure[512];
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

static void load(void) {
    const char *soname = "libgit2.so." LIBGIT2_SOVERSION;
    void *library = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(failure, sizeof failure, "cannot load %s: %s", soname, dlerror());
        return;
    }
    void **found = calloc((size_t)pocketdav_git_function_count, sizeof *found);
    for (int i = 0; found != NULL && i < pocketdav_git_function_count; i++) {
        found[i] = dlsym(library, pocketdav_git_function_names[i]);
        if (found[i] == NULL) {
            snprintf(failure, sizeof failure, "%s has no %s", soname, pocketdav_git_function_names[i]);
            free(found);
            dlclose(library);
            return;
        }
    }
    if (found == NULL) {
        snprintf(failure, sizeof failure, "out of memory loading %s", soname);
        dlclose(library);
        return;
    }
    libgit2_opts = (int (*)(int, ...))dlsym(library, "git_libgit2_opts");
    if (libgit2_opts == NULL) {
        snprintf(failure, sizeof failure, "%s has no git_libgit2_opts", soname);
        free(found);
        dlclose(library);
        return;
    }
    functions = found;
}

const char *pocketdav_git_load(void) {
    pthread_once(&loaded, load);
    return functions != NULL ? NULL : failure;
}

static void require_loaded(void) {
    if (pocketdav_git_load() != NULL) {
        fprintf(stderr, "pocketdav: libgit2 called before it was loaded: %s\n", failure);
        abort();
    }
}

void *pocketdav_git_function(int index) {
    require_loaded();
    return functions[index];
}

int pocketdav_git_set_fsync(int enabled) {
    require_loaded();
    return libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, enabled);
}
