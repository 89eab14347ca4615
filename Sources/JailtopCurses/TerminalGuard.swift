import CNcursesw

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Restores the terminal on every way out of jailtop (htop's `CRT.c`, style.md pitfall 13).
///
/// - **Quit signals** (SIGINT, SIGTERM, SIGHUP, SIGQUIT) only set a flag — an async-signal-safe
///   `volatile sig_atomic_t` written by a C handler — and cut short the UI loop's wait for a key,
///   so the loop sees `quitRequested` and leaves through its normal path (`stop()`). A second
///   SIGINT/SIGTERM/SIGQUIT while one is pending restores the terminal and dies of the signal.
///   Signals that were ignored at start (nohup) stay ignored. While `suspend` gives the terminal
///   to a child, SIGINT and SIGQUIT are left to the child, as `system(3)` does.
/// - **Crash signals** (SIGILL — a Swift trap on x86_64 —, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT,
///   SIGFPE) get a C handler that calls `endwin()`, puts stderr back, then restores the handler
///   that was there before and re-raises, so the Swift runtime's backtracer still runs.
/// - **stderr** goes to an unlinked temporary file while curses is up, and is replayed to the
///   real stderr when curses stops, is suspended, or the program crashes or calls `exit()`.
///
/// Install before starting `CursesTerminal`; never touches SIGWINCH or SIGTSTP (ncurses owns
/// them). The state is process-wide, like signal dispositions.
///
/// ```swift
/// TerminalGuard.install()
/// defer { TerminalGuard.restore() }
/// let terminal = try CursesTerminal(options: .fromEnvironment())
/// defer { terminal.stop() }
/// while !TerminalGuard.quitRequested { ... terminal.nextEvent(timeout: .seconds(1)) ... }
/// ```
public enum TerminalGuard {
    /// What to install.
    public struct Options: Sendable, Equatable {
        public var quitSignals: Bool
        public var crashSignals: Bool
        public var captureStderr: Bool

        public init(quitSignals: Bool = true, crashSignals: Bool = true, captureStderr: Bool = true) {
            self.quitSignals = quitSignals
            self.crashSignals = crashSignals
            self.captureStderr = captureStderr
        }
    }

    /// The signals turned into an orderly quit request.
    public static let quitSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    /// The signals after which the terminal is restored before the process dies.
    public static let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE]

    /// Installs the handlers (once; later calls do nothing until `restore()`).
    public static func install(_ options: Options = Options()) {
        jt_guard_install(options.quitSignals ? 1 : 0, options.crashSignals ? 1 : 0, options.captureStderr ? 1 : 0)
    }

    /// After a crash, the runtime's backtrace goes to this file (named on the terminal) rather
    /// than onto the terminal; nil leaves it on stderr.
    public static func sendCrashBacktrace(toFile path: String?) {
        jt_guard_set_crash_log(path)
    }

    /// Puts back the handlers that were there before `install` and ends stderr capture. Call
    /// after `CursesTerminal.stop()`. Does not clear a pending quit request.
    public static func restore() {
        jt_guard_uninstall()
    }

    public static var isInstalled: Bool { jt_guard_is_installed() != 0 }

    /// Whether the guard handles this signal now.
    public static func handles(signal: Int32) -> Bool { jt_guard_is_hooked(signal) != 0 }

    /// A quit signal arrived (or `requestQuit` was called): leave the UI loop.
    public static var quitRequested: Bool { jt_guard_quit_signal() != 0 }

    /// The first quit signal received, if any.
    public static var quitSignal: Int32? {
        let s = jt_guard_quit_signal()
        return s == 0 ? nil : s
    }

    /// Asks for an orderly quit as if `signal` had arrived (used when the tty goes away).
    public static func requestQuit(signal: Int32) {
        jt_guard_set_quit(signal)
    }

    /// Forgets a quit request (tests, or a UI that asks "really quit?").
    public static func clearQuitRequest() {
        jt_guard_clear_quit()
    }

    /// "SIGTERM" for 15, for messages.
    public static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGHUP: "SIGHUP"
        case SIGINT: "SIGINT"
        case SIGQUIT: "SIGQUIT"
        case SIGILL: "SIGILL"
        case SIGTRAP: "SIGTRAP"
        case SIGABRT: "SIGABRT"
        case SIGBUS: "SIGBUS"
        case SIGFPE: "SIGFPE"
        case SIGSEGV: "SIGSEGV"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }

    /// stderr is being captured now.
    package static var isCapturingStderr: Bool { jt_guard_is_capturing() != 0 }

    /// Curses took the screen: crash handlers must call `endwin`; stderr is captured if asked.
    package static func cursesDidStart() {
        jt_guard_curses_started()
    }

    /// Curses gave the screen back (stop or suspend): real stderr back, captured text replayed.
    package static func cursesDidStop() {
        jt_guard_curses_stopped()
    }

    /// While `CursesTerminal.suspend` runs its body, Ctrl-C and Ctrl-\ belong to the child on
    /// the terminal (a shell in a jail), not to jailtop: SIGINT/SIGQUIT are not quit requests.
    package static func setChildInForeground(_ running: Bool) {
        jt_guard_set_child_in_foreground(running ? 1 : 0)
    }
}
