import ArgumentParser
import JailtopActions
import JailtopCollect
import JailtopModel

/// `jailtop start|stop|restart NAME`: the dashboard's `u`, `x` and `r` as commands, with the
/// same checks (jail(8) or the jail's manager, then jls), without the dialog.
struct LifecycleCommand {
    /// What a sample must hold to decide: the jails, their configuration and their managers.
    static let parts: Set<FreeBSDCollector.Part> = [.jails, .config, .managers]

    static func run(_ options: ActionOptions, jail name: String, plan: @escaping @Sendable (Jail) -> Result<JailAction, ActionError>) async throws {
        try await Output.reportingErrors(cancelOnSignals: true) {
            let session = try await ActionSession.open(options, parts: parts)
            try await session.run(plan(try session.jail(name)))
        }
    }
}

struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Start a configured jail (jail -c, or its jail manager's start), then check it runs.")

    @OptionGroup var options: ActionOptions

    @Argument(help: "The jail: its name (the kernel's or its manager's).")
    var name: String

    func run() async throws {
        try await LifecycleCommand.run(options, jail: name, plan: ActionPlan.start)
    }
}

struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop a running jail (jail -r, or its jail manager's stop), then check it is gone.")

    @OptionGroup var options: ActionOptions

    @Argument(help: "The jail: a name (the kernel's or its manager's) or a JID.")
    var name: String

    func run() async throws {
        try await LifecycleCommand.run(options, jail: name, plan: ActionPlan.stop)
    }
}

struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart", abstract: "Restart a configured jail (jail -rc, or its jail manager's restart), then check it has a new JID.")

    @OptionGroup var options: ActionOptions

    @Argument(help: "The jail: a name (the kernel's or its manager's) or a JID.")
    var name: String

    func run() async throws {
        try await LifecycleCommand.run(options, jail: name, plan: ActionPlan.restart)
    }
}
