import CToolSpawn
import JailtopModel

/// posix_spawn attributes for a child that starts with no signal blocked and every signal at
/// its default disposition. Threads of a Swift program (and of test runners) block signals,
/// and children inherit that mask: a shell would ignore Ctrl-C, a tmux server could not be
/// told to exit. Used for the tools jailtop runs, the shell in a jail, and the terminal tests.
public enum CleanSpawnAttributes {
    /// Calls `body` with attributes that reset the signal mask and dispositions.
    /// - Parameter newProcessGroup: the child leads a process group of its own (its pid), so
    ///   one `kill(-pid, …)` reaches it and everything it starts, and the terminal's ^C does not.
    ///   Where the C library can (glibc), it leads a new session, which also leaves it without a
    ///   controlling terminal; FreeBSD's spawn.h has no POSIX_SPAWN_SETSID, so there it gets a
    ///   process group only (see CToolSpawn/shim.h).
    public static func with<R>(newProcessGroup: Bool = false, _ body: (UnsafePointer<PosixSpawn.Attributes>) -> R) -> R {
        var attributes = PosixSpawn.emptyAttributes()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newProcessGroup {
            // Not both: setpgid(2) after setsid(2) fails for a session leader, and the spawn with it.
            let newSession = Int32(jt_spawn_new_session_flag())
            if newSession != 0 {
                flags |= newSession
            } else {
                flags |= Int32(POSIX_SPAWN_SETPGROUP)
                posix_spawnattr_setpgroup(&attributes, 0)
            }
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        return withUnsafePointer(to: &attributes) { body($0) }
    }
}
