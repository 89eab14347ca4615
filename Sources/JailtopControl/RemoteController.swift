import JailtopActions
import JailtopCollect
import JailtopModel

/// Acts on a remote host of the fleet dashboard: each action is the far side's own command,
/// `ssh … HOST -- jailtop stop -- NAME`, run through the connection the stream shares. The far
/// side decides, runs, checks and logs exactly as its own keys would (`ActionPlan`); this side
/// shows the ssh command in the dialog, runs exactly it, and reports the far side's words.
public struct RemoteController: Controller {
    public let host: RemoteHost
    public let ssh: SSHCommand
    /// `NAME=value` for ssh (its agent socket, its config).
    public let environment: [String]
    /// What `e` runs there (`--shell`), and how a managed jail is entered (`--console`).
    public var shellProgram: String?
    public var console: ActionCommandLine.ConsoleChoice = .manager

    public init(host: RemoteHost, ssh: SSHCommand, environment: [String]) {
        self.host = host
        self.ssh = ssh
        self.environment = environment
    }

    /// The far side's jailtop words for an action (after `jailtop`).
    public static func words(for action: JailAction) -> [[String]] {
        switch action {
        case .start(let name, _): [["start", "--", name]]
        case .stop(let name, _, _, _): [["stop", "--", name]]
        case .restart(let name, _, _): [["restart", "--", name]]
        case .signal(let pids, let signal, _): [["kill", "-s", signal.rawValue, "--"] + pids.map(String.init)]
        case .signalJail(let name, _, let signal): [["kill", "-s", signal.rawValue, "-J", name]]
        case .addRule(let rule, let keep): [["limit", "add"] + (keep == .rctlConf ? ["--rctl-conf"] : []) + ["--", rule.rule]]
        case .removeRule(let rule, _): [["limit", "rm", "--", rule.rule]]
        // Two commands, as on the host itself: the old limit goes, the new one comes.
        case .replaceRule(let old, let new, _): [["limit", "rm", "--", old.rule], ["limit", "add", "--", new.rule]]
        }
    }

    public func preview(_ action: JailAction) -> Result<[ToolCommand], ActionError> {
        .success(Self.words(for: action).map { words in
            let argv = ssh.remote(host, words)
            return ToolCommand(argv[0], Array(argv.dropFirst()))
        })
    }

    public func perform(_ action: JailAction, confirmed: [ToolCommand]) async -> ActionOutcome {
        guard case .success(let now) = preview(action), now == confirmed else {
            return ActionOutcome(action: action, steps: [], succeeded: false, message: "not run: the commands changed since they were confirmed")
        }
        var steps: [ActionOutcome.Step] = []
        var said: [String] = []
        for command in confirmed {
            let r = await RemoteCommandRun.run([command.path] + command.arguments, environment: environment)
            let stderr = r.stderr.trimmingASCIIWhitespace()
            steps.append(ActionOutcome.Step(command: command, status: r.status, stderr: SanitizedText.clean(stderr)))
            said += r.stdout.split(separator: "\n").map { SanitizedText.clean(String($0)) }
            guard r.status == 0 else {
                let why = Self.lastLine(stderr) ?? "exit status \(r.status.map(String.init) ?? "?")"
                let place = r.status == 255 ? "ssh to \(host) failed" : "on \(host)"
                // A limit change whose removal went through and whose addition failed: put it back.
                if case .replaceRule(let old, _, _) = action, steps.count == 2 {
                    let argv = ssh.remote(host, ["limit", "add", "--", old.rule])
                    let undo = await RemoteCommandRun.run(argv, environment: environment)
                    steps.append(ActionOutcome.Step(command: ToolCommand(argv[0], Array(argv.dropFirst())), status: undo.status, stderr: undo.stderr))
                }
                return ActionOutcome(action: action, steps: steps, succeeded: false, message: "\(action.summary) \(place): \(why)")
            }
        }
        return ActionOutcome(action: action, steps: steps, succeeded: true, message: "\(host): " + (said.last ?? "\(action.summary) done"))
    }

    public func shell(jid: Int, name: String, owner: ManagedBy?) -> ShellRequest {
        var words = ["shell"]
        if let shellProgram { words += ["--shell", shellProgram] }
        if console == .jexec { words += ["--console", "jexec"] }
        words += ["--", name]
        let argv = ssh.remote(host, words, terminal: true)
        var env: [String: String] = [:]
        for entry in environment { if let eq = entry.firstIndex(of: "=") { env[String(entry[..<eq])] = String(entry[entry.index(after: eq)...]) } }
        return ShellRequest(
            executable: ssh.clientPath(environment: env), arguments: Array(argv.dropFirst()),
            banner: "jailtop: shell in jail \(SanitizedText.clean(name)) on \(host) (through ssh); exit to return to the dashboard")
    }

    /// The far side's last line ("jailtop: www is already running"), without its prefix.
    static func lastLine(_ text: String) -> String? {
        guard let line = text.split(whereSeparator: \.isNewline).last.map({ String($0).trimmingASCIIWhitespace() }), !line.isEmpty else { return nil }
        let bare = line.hasPrefix("jailtop: ") ? String(line.dropFirst(9)) : line
        return SanitizedText.clean(bare)
    }
}
