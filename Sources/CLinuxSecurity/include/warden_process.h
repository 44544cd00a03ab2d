#ifndef WARDEN_PROCESS_H
#define WARDEN_PROCESS_H

#include <stddef.h>

/* Process hardening and secret-memory helpers for Warden's Hardening module.
 * They wrap what Swift cannot call directly (prctl is variadic, environ is not exported reliably) and keep
 * errno handling in one place. Each returns 0 on success and -1 with errno set on failure unless noted. */

/* prctl(PR_SET_DUMPABLE, 0): no core dumps, no ptrace attach by the same uid, /proc/<pid> files owned by root. */
int warden_process_set_nondumpable(void);

/* prctl(PR_GET_DUMPABLE): 1 when dumpable, 0 when not, -1 on error. */
int warden_process_is_dumpable(void);

/* setrlimit(RLIMIT_CORE, {0, 0}): soft and hard limit zero. */
int warden_process_disable_core_dumps(void);

/* Removes every environment variable whose name starts with "LD_" (raw byte prefix) and zeroes its string, so
 * it no longer shows in /proc/<pid>/environ either.
 * Returns how many were removed. Not thread-safe (no environment function is): call before starting threads. */
int warden_process_remove_ld_environment(void);

/* explicit_bzero: zeroes that the optimizer never removes. */
void warden_process_wipe(void *pointer, size_t count);

/* One private anonymous mapping of at least `count` bytes, page-aligned, excluded from core dumps
 * (MADV_DONTDUMP) and wiped in a forked child (MADV_WIPEONFORK, best effort). NULL with errno on failure. */
void *warden_process_map_secret(size_t count, size_t *mapped_count);

/* mlock(2) of the mapping; 0 on success, -1 with errno (RLIMIT_MEMLOCK too small, for example). */
int warden_process_lock(void *pointer, size_t count);

/* Wipes, unlocks and unmaps a mapping made by warden_process_map_secret. */
void warden_process_unmap_secret(void *pointer, size_t count);

#endif
