import JailtopActions
import JailtopCollect
import JailtopModel

/// Turns a `JailAction` into the exact commands to run (DESIGN.md §5). Pure: the config file
/// lookup is passed in; programs are host paths, which only the tool runner puts under
/// JAILTOP_ROOT, while a file a program is given to read (`jail -f CONF`) is named under it;
/// jail names always come after `--` so a jail called `-rf` is never read as options.
public struct ActionCommandLine: Sendable {
    public var paths: HostPaths
    /// What a jail name is started from, as rc.d finds it (nil when nothing defines it).
    public var definition: @Sendable (String) -> JailDefinition?

    public init(paths: HostPaths, definition: @escaping @Sendable (String) -> JailDefinition?) {
        self.paths = paths
        self.definition = definition
    }

    /// Every jail defined in a jail.conf file, `configFile` giving the file for a name.
    public init(paths: HostPaths, configFile: @escaping @Sendable (String) -> String?) {
        self.init(paths: paths, definition: { configFile($0).map(JailDefinition.file) })
    }

    /// The live lookup: legacy rc.conf variables, else rc.d's file order (`/etc/jail.NAME.conf`,
    /// `/etc/jail.conf.d/NAME.conf`, `/etc/jail.conf`).
    public init(paths: HostPaths) {
        let root = paths.root
        self.init(paths: paths, definition: { JailConfCatalog.definition(forJail: $0, root: root) })
    }

    public func commands(for action: JailAction) throws(ActionError) -> [ToolCommand] {
        let jail = HostPaths.jail
        switch action {
        case .start(let name, let owner?):
            if let conflict = owner.conflict { throw ActionError("\(owner.managerTitle) cannot start \(owner.name) now: \(conflict)") }
            return try ManagerCommands.commands(.start, owner: owner, kernelName: name)
        case .stop(let name, _, _, let owner?):
            return try ManagerCommands.commands(.stop, owner: owner, kernelName: name)
        case .restart(let name, _, let owner?):
            return try ManagerCommands.commands(.restart, owner: owner, kernelName: name)
        case .start(let name, nil):
            if case .rcConf = definition(name) { return [rcd("onestart", name)] }
            return [ToolCommand(jail, ["-c", "-f", try config(name), "--", name])]
        case .stop(let name, let jid, let configured, nil):
            switch configured ? definition(name) : nil {
            case .rcConf: return [rcd("onestop", name)]
            case .file(let file): return [ToolCommand(jail, ["-r", "-f", paths.resolve(file), "--", name])]
            case nil:
                // Not configured anywhere (made by hand or another tool): remove it by JID, no exec.stop.
                return [ToolCommand(jail, ["-r", "--", String(jid)])]
            }
        case .restart(let name, _, nil):
            if case .rcConf = definition(name) { return [rcd("onerestart", name)] }
            return [ToolCommand(jail, ["-rc", "-f", try config(name), "--", name])]
        case .signal(let pids, let signal, _):
            guard !pids.isEmpty else { throw ActionError("no process selected") }
            guard pids.allSatisfy({ $0 > 1 }) else { throw ActionError("refusing to signal pid 0 or 1") }
            return [ToolCommand(HostPaths.kill, ["-s", signal.rawValue, "--"] + pids.map(String.init))]
        case .signalJail(_, let jid, let signal):
            guard jid > 0 else { throw ActionError("refusing to signal the host's processes") }
            return [ToolCommand(HostPaths.pkill, ["-" + signal.rawValue, "-j", String(jid)])]
        case .addRule(let rule, .manager(let owner)):
            return try ManagerLimits.commands(.add, rule: rule, old: nil, owner: owner, root: paths.root)
        case .removeRule(let rule, .manager(let owner)):
            return try ManagerLimits.commands(.remove, rule: rule, old: nil, owner: owner, root: paths.root)
        case .replaceRule(let old, let new, .manager(let owner)):
            return try ManagerLimits.commands(.replace, rule: new, old: old, owner: owner, root: paths.root)
        case .addRule(let rule, let keep):
            let add = ToolCommand(HostPaths.rctl, ["-a", rule.rule])
            guard keep == .rctlConf, let line = rctlConfLine(for: rule) else { return [add] }
            // rc.d/rctl loads /etc/rctl.conf at boot; tee appends the line it reads on stdin.
            return [add, ToolCommand(HostPaths.tee, ["-a", paths.resolve(HostPaths.rctlConf)], input: line)]
        case .removeRule(let rule, _):
            return [ToolCommand(HostPaths.rctl, ["-r", rule.rule])]
        case .replaceRule(let old, let new, _):
            return [ToolCommand(HostPaths.rctl, ["-r", old.rule]), ToolCommand(HostPaths.rctl, ["-a", new.rule])]
        }
    }

    /// The shell into a jail, run on the real terminal: the manager's console for a managed
    /// jail when `console` says so (and no shell program was named), else
    /// `jexec -l -U root -- JID [shell]`.
    public func shell(jid: Int, name: String, shell: String?, owner: ManagedBy? = nil, console: ConsoleChoice = .manager) -> ShellRequest {
        if let owner, shell == nil, console == .manager, let command = try? ManagerCommands.console(owner: owner, kernelName: name) {
            return ShellRequest(
                executable: paths.resolve(command.path), arguments: command.arguments,
                banner: "jailtop: \(owner.managerTitle) console of \(SanitizedText.clean(owner.name)) (JID \(jid)): "
                    + "\(SanitizedText.clean(command.description)); exit to return to the dashboard")
        }
        var args = ["-l", "-U", "root", "--", String(jid)]
        if let shell { args.append(shell) }
        return ShellRequest(
            executable: paths.resolve(HostPaths.jexec), arguments: args,
            banner: "jailtop: shell in jail \(SanitizedText.clean(name)) (JID \(jid)); exit to return to the dashboard")
    }

    /// What to append to /etc/rctl.conf for `rule`: its line, after a newline when the file
    /// does not end with one; nil when the file has the rule already.
    func rctlConfLine(for rule: RctlRule) -> String? {
        guard case .success(let bytes) = RegularFileReader.bytes(atPath: paths.resolve(HostPaths.rctlConf), maximumSize: 1 << 20) else {
            return rule.rule + "\n"
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.split(whereSeparator: \.isNewline).contains(where: { $0.trimmingASCIIWhitespace() == rule.rule }) { return nil }
        return (bytes.isEmpty || bytes.last == UInt8(ascii: "\n") ? "" : "\n") + rule.rule + "\n"
    }

    /// How `e` enters a managed jail.
    public enum ConsoleChoice: String, Sendable, CaseIterable {
        /// The manager's own console (`bastille console`, `iocage console`, `pot term`, …).
        case manager
        /// `jexec` always, as for a plain jail.
        case jexec
    }

    /// A legacy rc.conf jail goes through rc.d, which generates its configuration from the
    /// variables as at boot (its name is made of the variables' characters, never an option).
    /// service(8) exits 0 even when the jail did not start: the controller checks with jls.
    private func rcd(_ command: String, _ name: String) -> ToolCommand {
        ToolCommand(HostPaths.service, ["jail", command, name])
    }

    private func config(_ name: String) throws(ActionError) -> String {
        guard case .file(let file) = definition(name) else {
            throw ActionError("no jail.conf for \(name): looked for /etc/jail.\(name).conf, /etc/jail.conf.d/\(name).conf and /etc/jail.conf")
        }
        return paths.resolve(file)
    }
}
