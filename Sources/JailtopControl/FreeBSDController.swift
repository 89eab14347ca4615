import JailtopActions
import JailtopCollect
import JailtopModel

/// Acts on a real FreeBSD host: runs the argv of `ActionCommandLine` through the tool runner,
/// then checks the result the way DESIGN.md §5 says — jail(8)'s exit status alone is not
/// trusted, and `service jail` is never used (it exits 0 on failure). Every action is logged.
public struct FreeBSDController: Controller {
    public var runner: any ToolRunner
    public var commandLine: ActionCommandLine
    public var log: ActionLog?
    /// The program `e` runs inside a jail (nil: the root user's login shell).
    public var shellProgram: String?
    /// Whether `e` on a managed jail opens its manager's console or jexec.
    public var console: ActionCommandLine.ConsoleChoice = .manager
    /// jail(8) runs the jail's rc scripts, which can take a while.
    public var jailTimeout: Duration = .seconds(120)
    public var toolTimeout: Duration = .seconds(10)
    /// How long to wait before checking that signalled processes are gone.
    public var settleTime: Duration = .milliseconds(500)

    public init(runner: any ToolRunner, commandLine: ActionCommandLine, log: ActionLog?, shellProgram: String? = nil) {
        self.runner = runner
        self.commandLine = commandLine
        self.log = log
        self.shellProgram = shellProgram
    }

    public func preview(_ action: JailAction) -> Result<[ToolCommand], ActionError> {
        do { return .success(try commandLine.commands(for: action)) } catch { return .failure(error) }
    }

    public func shell(jid: Int, name: String, owner: ManagedBy?) -> ShellRequest {
        commandLine.shell(jid: jid, name: name, shell: shellProgram, owner: owner, console: console)
    }

    public func shellEnded(_ request: ShellRequest, jail: String, exit: ChildExit) -> String? {
        log?.appendShell(request, jail: jail, exit: exit)
    }

    public func perform(_ action: JailAction, confirmed: [ToolCommand]) async -> ActionOutcome {
        var outcome = await run(action, confirmed: confirmed)
        if let log, let problem = log.append(outcome) {
            outcome.message += " (\(problem))"
        }
        return outcome
    }

    private func run(_ action: JailAction, confirmed commands: [ToolCommand]) async -> ActionOutcome {
        // The commands shown are the commands run: if the action means other commands now (a
        // jail.conf edited or added since the dialog), it is refused, never silently changed.
        switch preview(action) {
        case .success(let now) where now == commands: break
        case .success(let now):
            let message = "not run: \(action.summary) would now run \(now.map(\.description).joined(separator: "; ")), "
                + "not what was confirmed (the configuration changed); try again"
            return ActionOutcome(action: action, steps: [], succeeded: false, message: message)
        case .failure(let e):
            return ActionOutcome(action: action, steps: [], succeeded: false, message: "not run: \(e.description)")
        }
        var steps: [ActionOutcome.Step] = []
        for command in commands {
            let step = await execute(command, timeout: isJailCommand(action) ? jailTimeout : toolTimeout)
            steps.append(step)
            if step.status != 0 {
                // A rule change that removed the old rule but failed to add the new one puts the
                // old one back: a limit is never silently lost.
                if case .replaceRule(let old, _, .kernel) = action, steps.count == 2 {
                    let undo = ToolCommand(HostPaths.rctl, ["-a", old.rule])
                    steps.append(await execute(undo, timeout: toolTimeout))
                }
                let why = step.stderr.isEmpty ? "exit status \(step.status.map(String.init) ?? "?")" : step.stderr
                return ActionOutcome(action: action, steps: steps, succeeded: false, message: "\(action.summary) failed: \(why)")
            }
        }
        let (ok, message) = await verify(action)
        return ActionOutcome(action: action, steps: steps, succeeded: ok, message: message)
    }

    private func isJailCommand(_ action: JailAction) -> Bool {
        switch action {
        case .start, .stop, .restart: true
        default: false
        }
    }

    private func execute(_ command: ToolCommand, timeout: Duration) async -> ActionOutcome.Step {
        // Commands name host paths; the runner alone applies JAILTOP_ROOT.
        do throws(ToolRunError) {
            let r = if let input = command.input {
                try await runner.run(command.path, command.arguments, input: Array(input.utf8), timeout: timeout)
            } else {
                try await runner.run(command.path, command.arguments, timeout: timeout)
            }
            return ActionOutcome.Step(command: command, status: r.status, stderr: r.stderrText.trimmingASCIIWhitespace())
        } catch {
            let end: ActionOutcome.Step.End = switch error {
            case .timedOut: .killedAfterTimeout
            case .cancelled: .killedAtQuit
            case .outputTooLarge, .outputUnreadable: .killedForOutput
            case .notFound, .launchFailed, .skipped: .notRun
            }
            return ActionOutcome.Step(command: command, status: nil, stderr: error.description, end: end)
        }
    }

    /// `jls -j NAME` with the given extra args; nil when the jail is not there.
    private func jls(_ name: String, _ extra: [String] = []) async -> String? {
        guard let r = try? await runner.run(HostPaths.jls, ["-j", name] + extra, timeout: toolTimeout), r.status == 0 else { return nil }
        return r.stdoutText.trimmingASCIIWhitespace()
    }

    private func verify(_ action: JailAction) async -> (Bool, String) {
        switch action {
        // Several managers exit 0 when nothing happened (bastille start, cbsd jstart, qjail
        // start): jls is the judge for every one of them.
        case .start(let name, let owner):
            let shown = owner?.name ?? name
            guard let jid = await jls(name, ["jid"]) else { return (false, "\(tool(owner)) exited 0 but \(shown) is not running") }
            return (true, "\(shown) started (JID \(jid))")
        case .stop(let name, let jid, let configured, let owner):
            let key = configured ? name : String(jid)
            let shown = owner?.name ?? name
            if await jls(key) != nil { return (false, "\(tool(owner)) exited 0 but \(shown) is still running") }
            return (true, "\(shown) stopped")
        case .restart(let name, let oldJID, let owner):
            let shown = owner?.name ?? name
            guard let jid = await jls(name, ["jid"]) else { return (false, "\(shown) did not come back after the restart") }
            // A restart makes a new jail, so a new JID: the same one means it never stopped
            // (bastille and qjail exit 0 when their stop failed and start finds it running).
            guard jid != String(oldJID) else { return (false, "\(tool(owner)) exited 0 but \(shown) kept JID \(oldJID): it was not restarted") }
            return (true, "\(shown) restarted (JID \(oldJID) → \(jid))")
        case .signal(let pids, let signal, _):
            guard signal.ends else { return (true, "sent \(signal.name) to \(pids.count) process\(pids.count == 1 ? "" : "es")") }
            try? await Task.sleep(for: settleTime)
            let args = ["-o", "pid=", "-p", pids.map(String.init).joined(separator: ",")]
            let alive = (try? await runner.run(HostPaths.ps, args, timeout: toolTimeout))?.stdoutText
                .split(whereSeparator: \.isWhitespace).count ?? 0
            return (true, alive == 0 ? "sent \(signal.name): \(pids.count == 1 ? "process \(pids[0])" : "all \(pids.count) processes") gone"
                : "sent \(signal.name): \(alive) of \(pids.count) still running")
        case .signalJail(let name, _, let signal):
            return (true, "sent \(signal.name) to the processes of \(name)")
        case .addRule(let rule, let keep):
            if let kept = await keptForLater(keep, rule) { return (true, "\(kept): added \(rule.rule)") }
            let by = keptBy(keep)
            return await ruleListed(rule) ? (true, "added \(rule.rule)\(by)") : (false, "\(tool(keep)) exited 0 but \(rule.rule) is not listed")
        case .removeRule(let rule, let keep):
            if let kept = await keptForLater(keep, rule) { return (true, "\(kept): removed \(rule.rule)") }
            return await ruleListed(rule) ? (false, "\(tool(keep)) exited 0 but \(rule.rule) is still listed") : (true, "removed \(rule.rule)\(keptBy(keep))")
        case .replaceRule(let old, let new, let keep):
            if let kept = await keptForLater(keep, new) { return (true, "\(kept): changed \(old.rule) to \(new.rule)") }
            let hasNew = await ruleListed(new)
            return hasNew ? (true, "changed \(old.rule) to \(new.rule)\(keptBy(keep))") : (false, "\(new.rule) is not listed after the change")
        }
    }

    /// A manager keeps the limit of a stopped jail for its next start, so the kernel has
    /// nothing to show yet: what to say then (nil when the jail runs and rctl is the judge).
    /// Bastille keeps nothing for a stopped jail (and exits 0): then the kernel is the judge.
    private func keptForLater(_ keep: LimitKeeping, _ rule: RctlRule) async -> String? {
        guard case .manager(let owner) = keep, owner.knownManager != .bastille, await jls(rule.subjectID) == nil else { return nil }
        return "\(owner.managerTitle) keeps it for the next start of \(owner.name)"
    }

    /// " (kept by Bastille)", " (and in /etc/rctl.conf)" or nothing.
    private func keptBy(_ keep: LimitKeeping) -> String {
        switch keep {
        case .kernel: ""
        case .rctlConf: " (and to /etc/rctl.conf)"
        case .manager(let owner): " (kept by \(owner.managerTitle))"
        }
    }

    private func tool(_ keep: LimitKeeping) -> String {
        if case .manager(let owner) = keep { return tool(owner) }
        return "rctl"
    }

    /// What ran the action, for "… exited 0 but" messages.
    private func tool(_ owner: ManagedBy?) -> String {
        guard let manager = owner?.knownManager else { return "jail(8)" }
        return (ManagerCommands.program(manager).split(separator: "/").last.map(String.init) ?? manager.rawValue)
    }

    /// Whether `rctl jail:NAME` lists the rule (as the kernel prints it, amount in plain units).
    private func ruleListed(_ rule: RctlRule) async -> Bool {
        guard let r = try? await runner.run(HostPaths.rctl, ["jail:" + rule.subjectID], timeout: toolTimeout), r.status == 0 else { return false }
        let listed = RctlRulesParser.parse(r.stdoutText).rules
        return listed.contains { $0.resource == rule.resource && $0.action == rule.action && $0.amount == rule.amount && $0.per == rule.per }
    }
}
