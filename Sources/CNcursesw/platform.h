/*
 * platform.h — the one place where CNcursesw's C depends on which kernel it runs on.
 * Included by shim.h; nothing here is meant to be called from Swift directly.
 *
 * The Linux branch is compiled by every Swift build on Debian; the FreeBSD branch by
 * .ci/freebsd-c-check (zig cc for FreeBSD 14.3 amd64 and 15.0 arm64, against FreeBSD's own
 * libc headers), so neither goes unchecked in CI.
 */
#ifndef JAILTOP_CNCURSESW_PLATFORM_H
#define JAILTOP_CNCURSESW_PLATFORM_H

#include <signal.h>
#include <stddef.h>
#include <wchar.h>

#if !defined(__FreeBSD__) && !defined(__APPLE__)
/* glibc declares wcwidth(3) only under _XOPEN_SOURCE, which the shim must not define (it hides
 * interfaces on FreeBSD: see shim.h); this is glibc's own prototype. FreeBSD's wchar.h
 * declares it unconditionally. */
extern int wcwidth(wchar_t c);
#endif

/*
 * Whether a SIGSEGV/SIGBUS/SIGFPE/SIGILL/SIGTRAP was raised by the kernel for the faulting
 * instruction, so that it happens again by itself once the handler returns (see
 * jt_guard_on_crash in shim.h), as opposed to being sent by a process (kill(1), kill(2),
 * raise(3), sigqueue(2), a timer...), which does not recur and must be re-raised.
 *
 * POSIX only says that a fault's si_code is one of the ILL_/FPE_/SEGV_/BUS_/TRAP_ codes and
 * that a sent signal has SI_USER, SI_QUEUE, etc.; the values of the SI_ codes are the
 * system's. The fault codes are small positive numbers everywhere (SEGV_MAPERR is 1); the
 * SI_ codes are not:
 */
static inline int jt_signal_is_fault(const siginfo_t *info) {
    if (info == NULL) {
        return 0;
    }
#if defined(__FreeBSD__) || defined(__APPLE__)
    /*
     * FreeBSD: every SI_ code is positive and above all fault codes, from SI_USER 0x10001
     * (kill(2)) through SI_QUEUE 0x10002, SI_TIMER 0x10003, SI_ASYNCIO 0x10004,
     * SI_MESGQ 0x10005, SI_KERNEL 0x10006 to SI_LWP 0x10007 (thr_kill(2), which raise(3)
     * and so abort(3) use): freebsd-src sys/sys/signal.h; sys_kill() in sys/kern/kern_sig.c
     * sets SI_USER, sys_thr_kill() in sys/kern/kern_thr.c SI_LWP, lib/libc/gen/raise.c calls
     * thr_kill. Faults carry the small ILL_/BUS_/SEGV_/FPE_/TRAP_ codes of the same header
     * (e.g. sys/amd64/amd64/trap.c: general protection fault -> SIGBUS, BUS_OBJERR).
     * SI_NOINFO (0) is not a fault either. So `si_code > 0` alone took `kill -SEGV` for a
     * fault: the handler returned, nothing recurred, and jailtop ran on with curses ended.
     * Darwin uses the same numbering (SI_USER 0x10001 .. SI_MESGQ 0x10005 in its
     * sys/signal.h), without SI_KERNEL and SI_LWP.
     */
    _Static_assert(SI_USER > 0 && SI_USER < SI_QUEUE && SI_USER < SI_TIMER && SI_USER < SI_ASYNCIO &&
                       SI_USER < SI_MESGQ,
                   "SI_USER must be the lowest SI_ code");
    return info->si_code > 0 && info->si_code < SI_USER;
#else
    /*
     * Linux (glibc, musl): SI_USER is 0 (kill(2), raise(3)) and the other codes a process can
     * send are negative (SI_QUEUE -1, SI_TIMER -2, SI_MESGQ -3, SI_ASYNCIO -4, SI_SIGIO -5,
     * SI_TKILL -6: include/uapi/asm-generic/siginfo.h in Linux), so every positive code comes
     * from the kernel. That includes SI_KERNEL (0x80), the kernel's own signals: for SIGSEGV
     * it is how x86 reports a general protection fault (e.g. a non-canonical address; seen
     * here as si_code 128), and the faulting instruction runs again like any other fault.
     * The assertion stops a build on a system where this reasoning does not hold.
     */
    _Static_assert(SI_USER <= 0, "SI_USER is positive here: give this system its own branch");
    return info->si_code > 0;
#endif
}

#endif /* JAILTOP_CNCURSESW_PLATFORM_H */
