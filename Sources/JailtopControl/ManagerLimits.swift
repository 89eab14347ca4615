import JailtopActions
import JailtopCollect
import JailtopModel

/// The commands with which a jail manager keeps an rctl limit (issue 14, item 3; the argv and
/// what each accepts are from the managers' sources, /work/shared-notes/manager-argv.md):
/// Bastille `limits`, iocage `set`, AppJail `limits set` + `on`, cbsd `jrctl`, pot `set-rss`.
/// ezjail and qjail keep no limits.
public enum ManagerLimits {
    /// The commands that make the change through the manager. `old` is the rule replaced.
    static func commands(
        _ change: LimitChange, rule: RctlRule, old: RctlRule?, owner: ManagedBy, root: String
    ) throws(ActionError) -> [ToolCommand] {
        guard let manager = owner.knownManager else { throw ActionError("unknown jail manager \"\(owner.manager)\"") }
        let name = try ManagerCommands.checkedName(owner, manager, kernelName: rule.subjectID)
        let program = ManagerCommands.program(manager)
        let amount = String(rule.amount)
        let rctl = HostPaths.rctl
        switch (manager, change) {
        case (.bastille, .add):
            return [ToolCommand(program, ["limits", name, "add", rule.resource, amount])]
        case (.bastille, .remove):
            return [ToolCommand(program, ["limits", name, "remove", rule.resource])]
        case (.bastille, .replace):
            // Re-adding a resource updates the kernel but not rctl.conf (limits.sh greps
            // `jail:NAME:` and seds `jail: NAME:`): removed first, then added.
            return [ToolCommand(program, ["limits", name, "remove", old?.resource ?? rule.resource]),
                    ToolCommand(program, ["limits", name, "add", rule.resource, amount])]
        case (.iocage, .add):
            return [ToolCommand(program, ["set", "\(rule.resource)=\(rule.action.rawValue)=\(amount)", name])]
        case (.iocage, .remove):
            // `RES=off` drops every action on the resource, live too (`rctl -r jail:ioc-X:RES`).
            return [ToolCommand(program, ["set", "\(rule.resource)=off", name])]
        case (.iocage, .replace):
            return [ToolCommand(program, ["set", "\(old?.resource ?? rule.resource)=off", name]),
                    ToolCommand(program, ["set", "\(rule.resource)=\(rule.action.rawValue)=\(amount)", name])]
        case (.appjail, .add):
            return [ToolCommand(program, ["limits", "set", name, appJailRule(rule)]), ToolCommand(program, ["limits", "on", name])]
        case (.appjail, .remove):
            return try appJailRemoval(rule, name: name, owner: owner, root: root) + [ToolCommand(program, ["limits", "on", name])]
        case (.appjail, .replace):
            let removal = try old.map { (o: RctlRule) throws(ActionError) in try appJailRemoval(o, name: name, owner: owner, root: root) } ?? []
            return removal + [ToolCommand(program, ["limits", "set", name, appJailRule(rule)]), ToolCommand(program, ["limits", "on", name])]
        case (.cbsd, .add):
            return [ToolCommand(program, ["jrctl", "jname=\(name)", "mode=set", "\(rule.resource)=\(amount)"])]
        case (.cbsd, .remove):
            // Zero stores "no limit"; `unset` drops every rule of the jail, `set` puts back the rest.
            return [ToolCommand(program, ["jrctl", "jname=\(name)", "mode=set", "\(rule.resource)=0"]),
                    ToolCommand(program, ["jrctl", "jname=\(name)", "mode=unset"]),
                    ToolCommand(program, ["jrctl", "jname=\(name)", "mode=set"])]
        case (.cbsd, .replace):
            // jrctl adds the new rule without removing the old one from the kernel, and applies
            // every resource it keeps: an old resource other than the new one is set to 0 first.
            let oldResource = old.map { $0.resource == rule.resource ? [] : ["\($0.resource)=0"] } ?? []
            return [ToolCommand(rctl, ["-r", (old ?? rule).rule]),
                    ToolCommand(program, ["jrctl", "jname=\(name)", "mode=set"] + oldResource + ["\(rule.resource)=\(amount)"])]
        case (.pot, .add), (.pot, .replace):
            // set-rss only rewrites pot.conf for the next start; rctl applies it now.
            let drop = change == .replace ? [ToolCommand(rctl, ["-r", (old ?? rule).rule])] : []
            return drop + [ToolCommand(program, ["set-rss", "-p", name, "-M", amount]), ToolCommand(rctl, ["-a", rule.rule])]
        default:
            throw ActionError(LimitKeeping.managerRefusal(rule, owner: owner, running: true, change: change) ?? "\(manager.title) keeps no limits")
        }
    }

    /// `memoryuse:deny=536870912[/per]`: the rule without its subject, as `limits set` takes it.
    static func appJailRule(_ rule: RctlRule) -> String {
        "\(rule.resource):\(rule.action.rawValue)=\(rule.amount)" + (rule.per == .jail ? "" : "/\(rule.per.rawValue)")
    }

    /// The kernel's rule, then `appjail limits remove nro N NAME` for the stored rule that is
    /// `rule` (amounts compared as numbers: the database keeps `512M` as typed); the kernel's
    /// only when AppJail does not have it. The kernel's first: the rule is listed from it, and
    /// should rctl fail, AppJail's database is left as it was.
    static func appJailRemoval(_ rule: RctlRule, name: String, owner: ManagedBy, root: String) throws(ActionError) -> [ToolCommand] {
        let stored = AppJailLimits.entries(config: owner.config ?? "", root: root)
        let match = stored.first { entry in
            (try? RuleValidator.rule(from: entry.rule, jail: rule.subjectID)).map {
                $0.resource == rule.resource && $0.action == rule.action && $0.amount == rule.amount && $0.per == rule.per
            } ?? false
        }
        let drop = ToolCommand(HostPaths.rctl, ["-r", rule.rule])
        guard let match else { return [drop] }
        return [drop, ToolCommand(ManagerCommands.program(.appjail), ["limits", "remove", "nro", String(match.number), name])]
    }
}
