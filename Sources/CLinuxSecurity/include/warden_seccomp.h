#ifndef WARDEN_SECCOMP_H
#define WARDEN_SECCOMP_H

/*
 * What Swift's Glibc module lacks for seccomp and the exec sidecar: prctl and seccomp(2) (variadic or
 * missing), the BPF and seccomp structs and constants, the audit architecture values (composite macros
 * that Swift does not import), SO_PEERCRED's struct ucred and accept4 (GNU-only), and an async-signal-safe
 * signal-to-pipe handler.
 */

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <sys/types.h>

/* AUDIT_ARCH_X86_64 and AUDIT_ARCH_AARCH64 from <linux/audit.h>. */
static const uint32_t WARDEN_AUDIT_ARCH_X86_64 = 0xC000003EU;
static const uint32_t WARDEN_AUDIT_ARCH_AARCH64 = 0xC00000B7U;

/* offsetof(struct seccomp_data, nr / arch / args[0]); the low half of args[0] on little-endian machines. */
static const uint32_t WARDEN_SECCOMP_DATA_NR_OFFSET = 0;
static const uint32_t WARDEN_SECCOMP_DATA_ARCH_OFFSET = 4;
static const uint32_t WARDEN_SECCOMP_DATA_ARG0_OFFSET = 16;

/* prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); returns 0 or -1 with errno set. */
int warden_set_no_new_privs(void);

/* seccomp(SECCOMP_SET_MODE_FILTER, flags, &{count, filter}); returns 0 or -1 with errno set. */
int warden_seccomp_install_filter(unsigned int flags, const struct sock_filter *filter, unsigned short count);

/* The peer of a connected unix socket (SO_PEERCRED); returns 0 or -1 with errno set. */
int warden_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid);

/* The peer's supplementary groups as they were at connect(2) (SO_PEERGROUPS, Linux 4.13): returns 0 or -1 with errno
 * set. `count` is the number of groups the peer has, also on ERANGE (when `capacity` was too small; call again). */
int warden_peer_groups(int fd, gid_t *groups, int capacity, int *count);

/* accept4(fd, NULL, NULL, SOCK_CLOEXEC); returns the new descriptor or -1 with errno set. */
int warden_accept_cloexec(int fd);

/* Marks every descriptor from `first` up close-on-exec (close_range, else a loop); returns 0 or -1. */
int warden_mark_descriptors_cloexec(unsigned int first);

/*
 * Installs handlers for SIGINT, SIGTERM and SIGHUP that write the signal number as one byte to a new
 * close-on-exec pipe; returns the pipe's read end or -1 with errno set. Call once per process.
 */
int warden_forward_signals_to_pipe(void);

#endif
