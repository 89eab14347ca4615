import JailtopModel

/// Makes a crash quick and its report findable. The Swift runtime reads `SWIFT_BACKTRACE` once,
/// when the process starts, and by default waits up to 30 s for a key on a terminal after a
/// crash (interactive mode), which leaves an admin's terminal hanging. So an interactive
/// jailtop started without the variable starts itself again with it set (never interactive,
/// to stderr), and the dashboard sends that stderr to a file it names (`TerminalGuard`).
/// A `SWIFT_BACKTRACE` the user set is left alone.
enum CrashBacktraces {
    static let variable = "SWIFT_BACKTRACE"
    static let setting = "interactive=no,color=no,output-to=stderr"

    /// Re-executes jailtop with `SWIFT_BACKTRACE` set, when on a terminal and it is unset.
    /// Returns only when no re-exec was needed or it failed (then jailtop carries on as is).
    static func reexecIfNeeded() {
        guard getenv(variable) == nil, isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return }
        setenv(variable, setting, 1)
        let arguments = CommandLine.arguments
        guard let program = arguments.first, !program.isEmpty else { return }
        // argv[0] as the shell found it: execvp searches PATH the same way when it has no slash.
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        execvp(program, &argv)
        // Not reached unless exec failed: go on as started, without the setting.
        for pointer in argv { free(pointer) }
        unsetenv(variable)
    }

    /// The file a dashboard crash's backtrace goes to.
    static func logPath() -> String {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return (directory.hasSuffix("/") ? directory : directory + "/") + "jailtop-crash.\(getpid()).txt"
    }
}
