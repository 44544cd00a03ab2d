#define _GNU_SOURCE
#include "warden_process.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

extern char **environ;

int warden_process_set_nondumpable(void) {
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int warden_process_is_dumpable(void) {
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
}

int warden_process_disable_core_dumps(void) {
    struct rlimit limit = {0, 0};
    return setrlimit(RLIMIT_CORE, &limit);
}

int warden_process_remove_ld_environment(void) {
    int removed = 0;
    /* unsetenv shifts environ, so rescan from the start after each removal. */
    for (;;) {
        char **entry = environ;
        char *match = NULL;
        for (; entry != NULL && *entry != NULL; entry++) {
            if (strncmp(*entry, "LD_", 3) == 0) {
                match = *entry;
                break;
            }
        }
        if (match == NULL) {
            return removed;
        }
        const char *equals = strchr(match, '=');
        size_t entry_length = strlen(match);
        size_t length = equals != NULL ? (size_t)(equals - match) : entry_length;
        char name[length + 1];
        memcpy(name, match, length);
        name[length] = '\0';
        if (unsetenv(name) != 0) {
            /* A name unsetenv refuses cannot be removed by name: drop the entry itself. */
            char **slot = environ;
            while (*slot != match) {
                slot++;
            }
            do {
                slot[0] = slot[1];
                slot++;
            } while (slot[-1] != NULL);
        }
        /* The string itself still lies in the initial environment block that /proc/<pid>/environ shows (or in
         * memory setenv allocated, which glibc never frees): zero it so the value is gone, not just unlisted. */
        explicit_bzero(match, entry_length);
        removed++;
    }
}

void warden_process_wipe(void *pointer, size_t count) {
    explicit_bzero(pointer, count);
}

void *warden_process_map_secret(size_t count, size_t *mapped_count) {
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0) {
        page = 4096;
    }
    size_t pages = (count + (size_t)page - 1) / (size_t)page;
    if (pages == 0) {
        pages = 1;
    }
    size_t length = pages * (size_t)page;
    void *pointer = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pointer == MAP_FAILED) {
        return NULL;
    }
    (void)madvise(pointer, length, MADV_DONTDUMP);
#ifdef MADV_WIPEONFORK
    (void)madvise(pointer, length, MADV_WIPEONFORK);
#endif
    *mapped_count = length;
    return pointer;
}

int warden_process_lock(void *pointer, size_t count) {
    return mlock(pointer, count);
}

void warden_process_unmap_secret(void *pointer, size_t count) {
    explicit_bzero(pointer, count);
    (void)munlock(pointer, count);
    (void)munmap(pointer, count);
}
