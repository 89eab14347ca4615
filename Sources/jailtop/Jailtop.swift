import ArgumentParser

/// `jailtop`: the command line. Argument parsing only; the work is in the libraries.
@main
struct Jailtop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jailtop",
        abstract: "Monitor and manage FreeBSD jails: a live dashboard, and batch views for scripts.",
        discussion: """
            With no subcommand, jailtop runs the dashboard (top). On FreeBSD, or with JAILTOP_ROOT set, \
            it reads the live host; elsewhere it shows the built-in demo host. See jailtop(8).
            """,
        version: BuildPlatform.versionLine(Jailtop.version),
        subcommands: [
            TopCommand.self, SnapshotCommand.self, PsCommand.self, RecordCommand.self, ExportCommand.self,
            StartCommand.self, StopCommand.self, RestartCommand.self, KillCommand.self, LimitCommand.self, ShellCommand.self,
            ConfigCommand.self,
        ],
        defaultSubcommand: TopCommand.self)

    /// Runs the command line, ending a wrong one with exit status 2 (as getopt-style tools do,
    /// and as scripts of the action commands expect: 0 done, 1 failed, 2 usage).
    /// This jailtop's version, in `--version` and in the stream header.
    static let version = "0.1.0"

    static func main() async {
        CrashBacktraces.reexecIfNeeded()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                // The dashboard: synchronously, on the main thread (curses wants one thread).
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                Output.usageFailure(fullMessage(for: error))
            }
            exit(withError: error)
        }
    }
}
