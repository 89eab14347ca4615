/*
 * shim.h — the calls the tool runner needs that Swift's Glibc module hides on Linux.
 *
 * glibc declares pipe2(2) only under _GNU_SOURCE and posix_spawn_file_actions_addclosefrom_np(3)
 * only under __USE_MISC with _GNU_SOURCE, and Swift's Glibc module is built without them;
 * FreeBSD declares both by default (__BSD_VISIBLE). Both C libraries have both functions:
 * pipe2 since glibc 2.9 and FreeBSD 10.0, addclosefrom_np since glibc 2.34 and FreeBSD 13.1
 * (freebsd-src include/spawn.h). The prototypes are repeated here (a C redeclaration) and
 * wrapped under names of our own. Checked for FreeBSD by .ci/freebsd-c-check; a program calling
 * both links against zig's FreeBSD 14.3 libc.so.7 symbol list (and fails for 13.0, which lacks
 * addclosefrom_np).
 */
#ifndef JAILTOP_CTOOLSPAWN_SHIM_H
#define JAILTOP_CTOOLSPAWN_SHIM_H

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

int pipe2(int fds[2], int flags);
int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *restrict actions, const char *restrict path);

/* A pipe whose both ends close on exec, made atomically (no other thread's spawn inherits it). */
static inline int jt_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

/* The spawned child closes every descriptor from `from` up, whatever opened them. */
static inline int jt_spawn_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

/*
 * The spawned child starts in `path` (jailtop runs every tool in /: cbsd reads a CBSDfile from
 * its working directory, and no tool should hold the admin's directory busy). glibc declares
 * addchdir_np under _GNU_SOURCE since 2.29; FreeBSD in the same __BSD_VISIBLE block of spawn.h
 * as addclosefrom_np (13.1 and later).
 */
static inline int jt_spawn_chdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

/*
 * The posix_spawn flag that starts the child in a session of its own, with no controlling
 * terminal (so a tool cannot open /dev/tty and write over the dashboard), or 0 where there is
 * none. glibc has POSIX_SPAWN_SETSID (0x80) since 2.26 but defines it only under _GNU_SOURCE,
 * which Swift's Glibc module is built without, hence the literal. FreeBSD's spawn.h has no
 * such flag (freebsd-src include/spawn.h): there the tool gets a process group of its own.
 */
static inline short jt_spawn_new_session_flag(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 26))
    return 0x80;
#elif defined(POSIX_SPAWN_SETSID)
    return POSIX_SPAWN_SETSID;
#else
    return 0;
#endif
}

#endif
