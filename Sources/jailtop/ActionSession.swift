import ArgumentParser
import JailtopActions
import JailtopCollect
import JailtopControl
import JailtopModel

/// The options every action command shares: where the host is, the log, and --dry-run.
struct ActionOptions: ParsableArguments {
    @OptionGroup var source: SourceOptions

    @Flag(help: "Print the commands the action would run, one per line, and run nothing.")
    var dryRun = false

    @Option(
        help: ArgumentHelp(
            "Where the action is logged (time, user, argv, exit status, stderr); default \(ActionLog.defaultPath).", valueName: "file"))
    var actionLog: String?
}

/// One action command's run: a sample of the host to decide from, the controller that acts,
/// and the end every action command shares. The action is decided by `ActionPlan`, exactly as
/// the dashboard's keys decide it; nobody is asked to confirm. Exit status: 0 done (or, with
/// --dry-run, the commands printed), 1 refused or failed (the reason on stderr), 2 usage.
struct ActionSession {
    let controller: any Controller
    let sample: Snapshot
    let dryRun: Bool

    /// Takes one sample holding `parts` and opens the controller. With --dry-run a user who
    /// could not act (not root) still sees the commands.
    static func open(
        _ options: ActionOptions, parts: Set<FreeBSDCollector.Part>, needs: Set<SourceIssue.Source> = [.jails], console: ActionCommandLine.ConsoleChoice = .manager,
        shell: String? = nil
    ) async throws -> ActionSession {
        let settings = DataSource.ActionSettings(actionLog: options.actionLog, shell: shell, console: console, evenWithoutPrivilege: options.dryRun)
        let connection = try options.source.dataSource(batch: true, samples: 1, parts: parts).open(actions: settings)
        guard let controller = connection.controller else {
            throw CLIError("actions are off: \(connection.actionsDisabledReason ?? "this source cannot act")")
        }
        let sample = try await connection.collector.collect()
        var check = SourceCheck(required: needs)
        try check.check(sample)
        return ActionSession(controller: controller, sample: sample, dryRun: options.dryRun)
    }

    /// The jail an argument names: the kernel's name, the manager's name for it, or a JID. A
    /// running jail wins over a stopped one of the same name (another owner's), as for `-J`.
    func jail(_ argument: String) throws -> Jail {
        let selector = JailSelector(argument)
        if selector == .host { throw CLIError("0 is the host, not a jail") }
        let matches = sample.jails.filter(selector.matches)
        guard let jail = matches.first(where: { $0.state == .running }) ?? matches.first else {
            throw CLIError("jail \"\(argument)\" not found")
        }
        return jail
    }

    /// Runs an action planned for a jail, or reports why it was refused.
    func run(_ plan: Result<JailAction, ActionError>) async throws {
        switch plan {
        case .success(let action): try await run(action)
        case .failure(let refusal): throw CLIError(refusal.description)
        }
    }

    /// Prints the commands (--dry-run), or runs them as the dialog would have after a yes: the
    /// commands are checked against the configuration again, run, verified and logged.
    func run(_ action: JailAction) async throws {
        let commands: [ToolCommand]
        switch controller.preview(action) {
        case .success(let planned): commands = planned
        case .failure(let error): throw CLIError("cannot \(action.summary): \(error.description)")
        }
        if dryRun {
            Output.lines(commands.map { SanitizedText.clean($0.description) })
            return
        }
        let outcome = await controller.perform(action, confirmed: commands)
        guard outcome.succeeded else {
            Output.warn(outcome.message)
            for step in outcome.steps {
                Output.warn("  $ \(step.command.description): exit status \(step.status.map(String.init) ?? "none")"
                    + (step.stderr.isEmpty ? "" : ": \(step.stderr)"))
            }
            throw ExitCode(1)
        }
        Output.lines([SanitizedText.clean(outcome.message)])
    }
}
