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
        version: BuildPlatform.versionLine("0.1.0"),
        subcommands: [TopCommand.self, SnapshotCommand.self, PsCommand.self, RecordCommand.self, ExportCommand.self],
        defaultSubcommand: TopCommand.self)

    static func main() async {
        CrashBacktraces.reexecIfNeeded()
        await main(nil)
    }
}
