#define _GNU_SOURCE
#include "warden_seccomp.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

int warden_set_no_new_privs(void) {
    return prctl(PR_SET_NO_NEW_PRIVS, 1UL, 0UL, 0UL, 0UL);
}

int warden_seccomp_install_filter(unsigned int flags, const struct sock_filter *filter, unsigned short count) {
    struct sock_fprog program = {.len = count, .filter = (struct sock_filter *)filter};
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &program);
}

int warden_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid) {
    struct ucred credentials;
    socklen_t length = sizeof(credentials);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) return -1;
    if (length != sizeof(credentials)) {
        errno = EINVAL;
        return -1;
    }
    *pid = credentials.pid;
    *uid = credentials.uid;
    *gid = credentials.gid;
    return 0;
}

int warden_peer_groups(int fd, gid_t *groups, int capacity, int *count) {
    socklen_t length = (socklen_t)((size_t)capacity * sizeof(gid_t));
    int result = getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &length);
    /* On success and on ERANGE alike, length is the size of the peer's whole list. */
    *count = (int)(length / sizeof(gid_t));
    return result;
}

int warden_accept_cloexec(int fd) {
    return accept4(fd, NULL, NULL, SOCK_CLOEXEC);
}

int warden_mark_descriptors_cloexec(unsigned int first) {
    if (syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return 0;
    long maximum = sysconf(_SC_OPEN_MAX);
    if (maximum < 0 || maximum > 65536) maximum = 65536;
    for (long fd = first; fd < maximum; fd++) {
        int flags = fcntl((int)fd, F_GETFD);
        if (flags >= 0) (void)fcntl((int)fd, F_SETFD, flags | FD_CLOEXEC);
    }
    return 0;
}

/* The write end for the handler; set once before the handlers are installed. */
static int warden_signal_pipe_write_end = -1;

static void warden_signal_to_pipe(int signal_number) {
    int saved = errno;
    unsigned char byte = (unsigned char)signal_number;
    (void)!write(warden_signal_pipe_write_end, &byte, 1);
    errno = saved;
}

int warden_forward_signals_to_pipe(void) {
    int ends[2];
    if (pipe2(ends, O_CLOEXEC | O_NONBLOCK) != 0) return -1;
    warden_signal_pipe_write_end = ends[1];
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = warden_signal_to_pipe;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    for (unsigned i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
        if (sigaction(signals[i], &action, NULL) != 0) return -1;
    }
    return ends[0];
}
