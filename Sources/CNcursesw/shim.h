/*
 * shim.h — ncurses with the wide-character API for jailtop's terminal, plus what Swift cannot
 * import by itself (function-like macros, globals, the signal handlers of TerminalGuard).
 * Imported by exactly one Swift module, JailtopCurses. See style.md §7 for each pitfall.
 */
#ifndef JAILTOP_CNCURSESW_SHIM_H
#define JAILTOP_CNCURSESW_SHIM_H

/*
 * Without one of these, curses.h leaves out cchar_t, wget_wch, setcchar (pitfall 1).
 * Never plain _XOPEN_SOURCE: on FreeBSD, DragonFly and OpenBSD it hides interfaces
 * (htop configure.ac).
 */
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
/* Debian: the unified ncurses header. FreeBSD: base ncurses, which is the wide library. */
#include <curses.h>
/* What differs between FreeBSD and Linux (jt_signal_is_fault). */
#include "platform.h"

/* WINDOW* and SCREEN* import as different Swift types per ncurses build (pitfall 4). */
typedef WINDOW *jt_window;
typedef SCREEN *jt_screen;

/* ---- Globals and macros Swift cannot use directly (pitfalls 2 and 3) ---------------- */

static inline jt_window jt_stdscr(void) { return stdscr; }
static inline jt_window jt_curscr(void) { return curscr; }
static inline int jt_colors(void) { return COLORS; }
static inline int jt_color_pairs(void) { return COLOR_PAIRS; }
/* FreeBSD spells these as macros over __stdinp/__stdoutp. */
static inline FILE *jt_stdin(void) { return stdin; }
static inline FILE *jt_stdout(void) { return stdout; }

static inline void jt_getmaxyx(jt_window win, int *rows, int *cols) {
    int y = 0, x = 0;
    if (win != NULL) {
        getmaxyx(win, y, x);
    }
    *rows = y < 0 ? 0 : y;
    *cols = x < 0 ? 0 : x;
}

static inline attr_t jt_a_normal(void) { return A_NORMAL; }
static inline attr_t jt_a_bold(void) { return A_BOLD; }
static inline attr_t jt_a_reverse(void) { return A_REVERSE; }
static inline attr_t jt_a_underline(void) { return A_UNDERLINE; }
static inline attr_t jt_a_dim(void) { return A_DIM; }

static inline int jt_key_f(int n) { return KEY_F(n); }

/* Key codes and results as plain integer constants (all import as Swift Int). */
enum {
    JT_OK = OK,
    JT_ERR = ERR,
    JT_KEY_CODE_YES = KEY_CODE_YES,
    JT_KEY_UP = KEY_UP,
    JT_KEY_DOWN = KEY_DOWN,
    JT_KEY_LEFT = KEY_LEFT,
    JT_KEY_RIGHT = KEY_RIGHT,
    JT_KEY_PPAGE = KEY_PPAGE,
    JT_KEY_NPAGE = KEY_NPAGE,
    JT_KEY_HOME = KEY_HOME,
    JT_KEY_END = KEY_END,
    JT_KEY_FIND = KEY_FIND,     /* Home on some terminals (vt220 keypad) */
    JT_KEY_SELECT = KEY_SELECT, /* End on some terminals */
    JT_KEY_A1 = KEY_A1,         /* keypad upper left: Home */
    JT_KEY_C1 = KEY_C1,         /* keypad lower left: End */
    JT_KEY_A3 = KEY_A3,         /* keypad upper right: PgUp */
    JT_KEY_C3 = KEY_C3,         /* keypad lower right: PgDn */
    JT_KEY_ENTER = KEY_ENTER,
    JT_KEY_BACKSPACE = KEY_BACKSPACE,
    JT_KEY_DC = KEY_DC,
    JT_KEY_IC = KEY_IC,
    JT_KEY_BTAB = KEY_BTAB,
    JT_KEY_RESIZE = KEY_RESIZE,
    JT_KEY_MOUSE = KEY_MOUSE,
    JT_CCHARW_MAX = CCHARW_MAX,
};

/* ---- Mouse ------------------------------------------------------------------------------ */

/* What jailtop takes from the mouse: a press of the first button, and the wheel (buttons 4
 * and 5, which ncurses reports with mouse version 2, as FreeBSD's and Debian's ncurses 6 do).
 * No click interval: a press is reported at once, not after waiting for a double click. */
static inline void jt_mouse_on(void) {
    mmask_t mask = BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
    mask |= BUTTON5_PRESSED;
#endif
    (void)mousemask(mask, NULL);
    (void)mouseinterval(0);
}

/* The pending mouse event after KEY_MOUSE: 1 a press or click, 2 wheel up, 3 wheel down,
 * 0 anything else or none; *x and *y its cell. */
static inline int jt_get_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 2;
#ifdef BUTTON5_PRESSED
    if (event.bstate & BUTTON5_PRESSED) return 3;
#endif
    return 0;
}

/* ---- Wide-character cells --------------------------------------------------------- */

/* Fills *out from a NUL-terminated wide string: one spacing character, then combining marks. */
static inline int jt_setcchar(cchar_t *out, const wchar_t *wch, attr_t attrs, int pair) {
    return setcchar(out, wch, attrs, (short)pair, NULL);
}

/* Reads a cell back: wch needs JT_CCHARW_MAX + 1 elements. */
static inline int jt_getcchar(const cchar_t *cell, wchar_t *wch, attr_t *attrs, int *pair) {
    short p = 0;
    int rc = getcchar(cell, wch, attrs, &p, NULL);
    *pair = p;
    return rc;
}

/* Writes a row of cells at (y, x) without moving the cursor or wrapping. */
static inline int jt_put_row(jt_window win, int y, int x, const cchar_t *cells, int n) {
    if (wmove(win, y, x) == ERR) {
        return ERR;
    }
    return wadd_wchnstr(win, cells, n);
}

/* Reads up to n cells of row y (wide characters once, their extension columns skipped). */
static inline int jt_read_row(jt_window win, int y, cchar_t *cells, int n) {
    return mvwin_wchnstr(win, y, 0, cells, n);
}

static inline int jt_read_cell(jt_window win, int y, int x, cchar_t *cell) {
    return mvwin_wch(win, y, x, cell);
}

static inline int jt_clear_from(jt_window win, int y, int x, int to_bottom) {
    if (wmove(win, y, x) == ERR) {
        return ERR;
    }
    return to_bottom ? wclrtobot(win) : wclrtoeol(win);
}

static inline int jt_wcwidth(int c) { return wcwidth((wchar_t)c); }

/* ---- Input ------------------------------------------------------------------------ */

/* Waits up to timeout_ms (negative: forever) for a key; returns OK, KEY_CODE_YES or ERR. */
static inline int jt_get_wch(jt_window win, int timeout_ms, int *out) {
    wint_t ch = 0;
    wtimeout(win, timeout_ms);
    int rc = wget_wch(win, &ch);
    *out = (int)ch;
    return rc;
}

static inline int jt_unget_wch(int c) { return unget_wch((wchar_t)c); }

/* ---- Locale ----------------------------------------------------------------------- */

/* Whether the LC_CTYPE codeset (after setlocale) is UTF-8, as htop's CRT_init decides. */
static inline int jt_codeset_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    if (cs == NULL) {
        return 0;
    }
    char norm[16];
    size_t n = 0;
    for (const char *p = cs; *p != '\0' && n + 1 < sizeof norm; ++p) {
        if (*p == '-' || *p == '_') {
            continue;
        }
        norm[n++] = (char)((*p >= 'a' && *p <= 'z') ? *p - 'a' + 'A' : *p);
    }
    norm[n] = '\0';
    return strcmp(norm, "UTF8") == 0;
}

/* ---- TerminalGuard (htop CRT.c) ----------------------------------------------------
 * Process-wide state for the signal handlers. Swift emits the C functions it calls into every
 * object file that calls them, and the optimizer inlines TerminalGuard's accessors into other
 * files, so `static` variables here would exist once per object file (the handler would set one
 * flag and the UI loop read another: seen in a release build). Weak definitions are merged into
 * one by the linker. Each has an initializer: Swift's importer emits no storage for a C
 * tentative definition, and the link then fails with "undefined reference".
 */

#define JT_GUARD_MAX_SIGNAL 32
#define JT_GUARD_SHARED __attribute__((weak))

JT_GUARD_SHARED volatile sig_atomic_t jt_guard_quit_sig = 0;
JT_GUARD_SHARED volatile sig_atomic_t jt_guard_curses_active = 0;
JT_GUARD_SHARED volatile sig_atomic_t jt_guard_installed = 0;
JT_GUARD_SHARED volatile sig_atomic_t jt_guard_want_capture = 0;
JT_GUARD_SHARED volatile sig_atomic_t jt_guard_atexit_registered = 0;
JT_GUARD_SHARED volatile sig_atomic_t jt_guard_saved_stderr = -1;
JT_GUARD_SHARED volatile sig_atomic_t jt_guard_capture_fd = -1;
/* Curses is suspended for a child on the terminal (jexec): Ctrl-C and Ctrl-\ are the child's. */
JT_GUARD_SHARED volatile sig_atomic_t jt_guard_child_in_foreground = 0;
/* Handlers replaced by jt_guard_install. */
JT_GUARD_SHARED unsigned char jt_guard_hooked[JT_GUARD_MAX_SIGNAL] = {0};
JT_GUARD_SHARED struct sigaction jt_guard_saved[JT_GUARD_MAX_SIGNAL] = {0};

/* Puts the real stderr back and copies what was captured to it. Async-signal-safe. */
static void jt_guard_stderr_end(void) {
    int saved = jt_guard_saved_stderr;
    int capture = jt_guard_capture_fd;
    if (saved < 0 || capture < 0) {
        return;
    }
    jt_guard_saved_stderr = -1;
    jt_guard_capture_fd = -1;
    dup2(saved, STDERR_FILENO);
    close(saved);
    /* Replay at most the last 1 MiB: enough for any crash report. */
    off_t size = lseek(capture, 0, SEEK_END);
    off_t start = size > (off_t)(1 << 20) ? size - (off_t)(1 << 20) : 0;
    if (size > 0 && lseek(capture, start, SEEK_SET) >= 0) {
        char buf[4096];
        for (;;) {
            ssize_t n = read(capture, buf, sizeof buf);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                break;
            }
            ssize_t off = 0;
            while (off < n) {
                ssize_t w = write(STDERR_FILENO, buf + off, (size_t)(n - off));
                if (w < 0 && errno == EINTR) {
                    continue;
                }
                if (w <= 0) {
                    break;
                }
                off += w;
            }
        }
    }
    close(capture);
}

/* Sends fd 2 to an unlinked temporary file until jt_guard_stderr_end. 0 on success. */
static int jt_guard_stderr_begin(void) {
    if (jt_guard_capture_fd >= 0) {
        return 0;
    }
    char path[64];
    strcpy(path, "/tmp/jailtop-stderr.XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) {
        return -1;
    }
    unlink(path);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    if (saved < 0) {
        close(fd);
        return -1;
    }
    fcntl(saved, F_SETFD, FD_CLOEXEC);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (dup2(fd, STDERR_FILENO) < 0) {
        close(saved);
        close(fd);
        return -1;
    }
    jt_guard_saved_stderr = saved;
    jt_guard_capture_fd = fd;
    return 0;
}

/* Leaves curses and shows captured stderr; used from handlers, atexit and the normal path.
 * endwin() is not async-signal-safe; like htop's CRT_handleSIGSEGV we accept that, since the
 * alternative is leaving the user's terminal raw. */
static void jt_guard_emergency_restore(void) {
    if (jt_guard_curses_active) {
        jt_guard_curses_active = 0;
        endwin();
    }
    jt_guard_stderr_end();
}

/* Where the backtrace of a crash goes: this file (created then, never followed if it is a
 * symlink), named on the terminal; "" leaves it on stderr. The Swift runtime's backtracer
 * writes to fd 2 (SWIFT_BACKTRACE output-to=stderr, which jailtop sets for the dashboard). */
JT_GUARD_SHARED char jt_guard_crash_log[512] = {0};

static inline void jt_guard_set_crash_log(const char *path) {
    snprintf(jt_guard_crash_log, sizeof jt_guard_crash_log, "%s", path == NULL ? "" : path);
}

/* Points fd 2 at the crash log, saying so on the (restored) terminal first. */
static void jt_guard_redirect_crash_output(void) {
    if (jt_guard_crash_log[0] == '\0') {
        return;
    }
    int fd = open(jt_guard_crash_log, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
    if (fd < 0) {
        return;
    }
    static const char said[] = "jailtop: crashed; the backtrace is in ";
    ssize_t ignored = write(STDERR_FILENO, said, sizeof said - 1);
    ignored = write(STDERR_FILENO, jt_guard_crash_log, strlen(jt_guard_crash_log));
    ignored = write(STDERR_FILENO, "\n", 1);
    (void)ignored;
    dup2(fd, STDERR_FILENO);
    close(fd);
}

/* Crash: restore the terminal, then hand the signal to the handler that was there before
 * (the Swift runtime's backtracer, or the default action and its core dump). A fault the
 * kernel raised for an instruction (SIGSEGV, SIGBUS, SIGFPE, SIGILL — a Swift trap on x86_64
 * is ud2) simply happens again when this handler returns, now with the original siginfo and
 * address. Anything else (abort(), kill, SIGTRAP: int3 resumes after the instruction) gets
 * the previous handler called here, then is raised again with the default action; it stays
 * blocked until this handler returns, and then ends the process. Which si_code values mean "the
 * kernel, for an instruction" differs between Linux and FreeBSD: jt_signal_is_fault in
 * platform.h. When in doubt it answers no: a real fault still kills the process with the right
 * signal, after a backtrace. */
static void jt_guard_on_crash(int sig, siginfo_t *info, void *context) {
    jt_guard_emergency_restore();
    jt_guard_redirect_crash_output();
    if (sig > 0 && sig < JT_GUARD_MAX_SIGNAL && jt_guard_hooked[sig]) {
        if (sigaction(sig, &jt_guard_saved[sig], NULL) != 0) {
            signal(sig, SIG_DFL);
        }
    } else {
        signal(sig, SIG_DFL);
    }
    int refaults = jt_signal_is_fault(info) && sig != SIGTRAP && sig != SIGABRT;
    if (!refaults) {
        /* A sent signal (kill -SEGV, abort()) does not happen again by itself, and the Swift
         * runtime's handler returns after its backtrace expecting it to: call that handler
         * now, then die of the signal with its default action (pending until we return). */
        int hooked = sig > 0 && sig < JT_GUARD_MAX_SIGNAL && jt_guard_hooked[sig];
        struct sigaction *previous = hooked ? &jt_guard_saved[sig] : NULL;
        if (previous != NULL && (previous->sa_flags & SA_SIGINFO) && previous->sa_sigaction != NULL) {
            previous->sa_sigaction(sig, info, context);
        } else if (previous != NULL && previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN) {
            previous->sa_handler(sig);
        }
        signal(sig, SIG_DFL);
        raise(sig);
    }
}

/* Quit signals only raise a flag the UI loop polls (and interrupt its wait for a key).
 * A second SIGINT/SIGTERM/SIGQUIT while the first is still pending means the loop is stuck:
 * restore the terminal and die of the signal. SIGHUP often arrives twice (kernel and shell),
 * so it never escalates. While a child has the terminal, SIGINT and SIGQUIT from the keyboard
 * are meant for it (as system(3) ignores them in the parent); the child itself still gets the
 * default disposition, since handled signals are reset by exec. */
static void jt_guard_on_quit(int sig) {
    int saved_errno = errno;
    if (jt_guard_child_in_foreground && (sig == SIGINT || sig == SIGQUIT)) {
        errno = saved_errno;
        return;
    }
    if (jt_guard_quit_sig == 0) {
        jt_guard_quit_sig = sig;
    } else if (sig != SIGHUP) {
        jt_guard_emergency_restore();
        signal(sig, SIG_DFL);
        raise(sig);
    }
    errno = saved_errno;
}

static void jt_guard_atexit(void) { jt_guard_emergency_restore(); }

static void jt_guard_hook(int sig, void (*handler)(int), void (*action)(int, siginfo_t *, void *), int flags,
                          int skip_if_ignored) {
    if (sig <= 0 || sig >= JT_GUARD_MAX_SIGNAL || jt_guard_hooked[sig]) {
        return;
    }
    struct sigaction old;
    memset(&old, 0, sizeof old);
    if (sigaction(sig, NULL, &old) != 0) {
        return;
    }
    /* Started with the signal ignored (nohup, background job): keep it that way. */
    if (skip_if_ignored && old.sa_handler == SIG_IGN) {
        return;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    if (action != NULL) {
        sa.sa_sigaction = action;
        sa.sa_flags = flags | SA_SIGINFO;
    } else {
        sa.sa_handler = handler;
        sa.sa_flags = flags;
    }
    if (sigaction(sig, &sa, &jt_guard_saved[sig]) == 0) {
        jt_guard_hooked[sig] = 1;
    }
}

/* Installs the handlers once. Quit signals use SA_RESTART, so blocking reads elsewhere (a
 * suspended child's I/O, Swift's readLine, which spins on a stream left in error by EINTR)
 * carry on; the UI loop still wakes at once, because curses waits for keys in poll(), which
 * a handled signal always interrupts, SA_RESTART or not (signal(7)). Only Swift calls this and
 * jt_guard_uninstall: `inline`, as a plain static function no C file calls is -Wunused-function
 * in every C file that includes this header (.ci/freebsd-c-check compiles it with -Werror). */
static inline void jt_guard_install(int quit_signals, int crash_signals, int capture_stderr) {
    if (jt_guard_installed) {
        return;
    }
    if (quit_signals) {
        jt_guard_hook(SIGINT, jt_guard_on_quit, NULL, SA_RESTART, 1);
        jt_guard_hook(SIGTERM, jt_guard_on_quit, NULL, SA_RESTART, 1);
        jt_guard_hook(SIGHUP, jt_guard_on_quit, NULL, SA_RESTART, 1);
        jt_guard_hook(SIGQUIT, jt_guard_on_quit, NULL, SA_RESTART, 1);
    }
    if (crash_signals) {
        jt_guard_hook(SIGILL, NULL, jt_guard_on_crash, SA_ONSTACK, 0);
        jt_guard_hook(SIGTRAP, NULL, jt_guard_on_crash, SA_ONSTACK, 0);
        jt_guard_hook(SIGSEGV, NULL, jt_guard_on_crash, SA_ONSTACK, 0);
        jt_guard_hook(SIGBUS, NULL, jt_guard_on_crash, SA_ONSTACK, 0);
        jt_guard_hook(SIGABRT, NULL, jt_guard_on_crash, SA_ONSTACK, 0);
        jt_guard_hook(SIGFPE, NULL, jt_guard_on_crash, SA_ONSTACK, 0);
    }
    if (!jt_guard_atexit_registered) {
        jt_guard_atexit_registered = 1;
        atexit(jt_guard_atexit);
    }
    jt_guard_want_capture = capture_stderr ? 1 : 0;
    jt_guard_installed = 1;
}

/* Puts back every handler jt_guard_install replaced and ends stderr capture. */
static inline void jt_guard_uninstall(void) {
    for (int sig = 1; sig < JT_GUARD_MAX_SIGNAL; ++sig) {
        if (jt_guard_hooked[sig]) {
            sigaction(sig, &jt_guard_saved[sig], NULL);
            jt_guard_hooked[sig] = 0;
        }
    }
    jt_guard_stderr_end();
    jt_guard_want_capture = 0;
    jt_guard_installed = 0;
}

static inline int jt_guard_is_installed(void) { return jt_guard_installed; }
static inline int jt_guard_is_hooked(int sig) {
    return sig > 0 && sig < JT_GUARD_MAX_SIGNAL && jt_guard_hooked[sig];
}
static inline int jt_guard_quit_signal(void) { return jt_guard_quit_sig; }
static inline void jt_guard_set_quit(int sig) {
    if (jt_guard_quit_sig == 0) {
        jt_guard_quit_sig = sig;
    }
}
static inline void jt_guard_clear_quit(void) {
    jt_guard_quit_sig = 0;
}
static inline void jt_guard_set_child_in_foreground(int on) { jt_guard_child_in_foreground = on ? 1 : 0; }
static inline int jt_guard_is_capturing(void) { return jt_guard_capture_fd >= 0; }

/* Curses is up: the crash handler must call endwin; stderr goes to the capture file. */
static inline void jt_guard_curses_started(void) {
    jt_guard_curses_active = 1;
    if (jt_guard_installed && jt_guard_want_capture) {
        (void)jt_guard_stderr_begin();
    }
}

/* Curses is down (stop or suspend): real stderr back, captured text replayed. */
static inline void jt_guard_curses_stopped(void) {
    jt_guard_curses_active = 0;
    jt_guard_stderr_end();
}

#endif /* JAILTOP_CNCURSESW_SHIM_H */
