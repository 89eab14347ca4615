import JailtopActions
import JailtopCollect
import JailtopModel

/// The argv of each jail manager's own CLI for a jail it owns (shared/managers.md §0, and
/// each manager's option parsing): start, stop, restart and the console. Programs by absolute
/// host path, the exact name the manager knows (its CLIs match prefixes, tags and globs, so a
/// name that could be read as one is refused), never a shell.
///
/// No `--` before the name, unlike jail(8): several managers take it for a jail name (cbsd,
/// iocell, ezjail's check afterwards) or reject it (`appjail restart`, `bastille console`);
/// a name that starts with `-` is refused instead.
public enum ManagerCommands {
    /// What is done to the jail.
    public enum Verb: String, Sendable {
        case start, stop, restart
    }

    /// Where each manager's CLI is installed (its port's PREFIX).
    public static func program(_ manager: JailManager) -> String {
        switch manager {
        case .bastille: "/usr/local/bin/bastille"
        case .iocage: "/usr/local/bin/iocage"
        case .iocell: "/usr/local/sbin/iocell"
        case .appjail: "/usr/local/bin/appjail"
        case .pot: "/usr/local/bin/pot"
        case .cbsd: "/usr/local/bin/cbsd"
        case .ezjail: "/usr/local/bin/ezjail-admin"
        case .qjail: "/usr/local/bin/qjail"
        }
    }

    /// The commands that start, stop or restart the jail through its manager. pot has no
    /// restart (bin/pot's dispatch list): it is stop, then start.
    /// - Parameter kernelName: the jail's name in the kernel (iocell is given its UUID from it).
    public static func commands(_ verb: Verb, owner: ManagedBy, kernelName: String) throws(ActionError) -> [ToolCommand] {
        let manager = try known(owner)
        let name = try checkedName(owner, manager, kernelName: kernelName)
        if verb != .stop, let why = startRefusal(owner, manager) { throw ActionError(why) }
        let path = program(manager)
        switch manager {
        case .bastille, .iocage, .iocell, .appjail:
            return [ToolCommand(path, [verb.rawValue, name])]
        case .pot:
            switch verb {
            case .start, .stop: return [ToolCommand(path, [verb.rawValue, "-p", name])]
            case .restart: return [ToolCommand(path, ["stop", "-p", name]), ToolCommand(path, ["start", "-p", name])]
            }
        case .cbsd:
            // inter=0: never the interactive selector; cbsd is run with cwd / so no CBSDfile applies.
            return [ToolCommand(path, ["j" + verb.rawValue, "jname=\(name)", "inter=0"])]
        case .ezjail:
            // `one…`: start even when ezjail_enable is not set in rc.conf (rc.subr's rule).
            return [ToolCommand(path, ["one" + verb.rawValue, name])]
        case .qjail:
            return [ToolCommand(path, [verb.rawValue] + zoneArguments(owner) + [name])]
        }
    }

    /// The manager's console into the running jail (a login as root, on the real terminal).
    public static func console(owner: ManagedBy, kernelName: String) throws(ActionError) -> ToolCommand {
        let manager = try known(owner)
        let name = try checkedName(owner, manager, kernelName: kernelName)
        let path = program(manager)
        return switch manager {
        case .bastille, .iocage, .iocell, .qjail: ToolCommand(path, ["console"] + (manager == .qjail ? zoneArguments(owner) : []) + [name])
        case .appjail: ToolCommand(path, ["login", name])
        case .pot: ToolCommand(path, ["term", "-p", name])
        // remote=1: never the "found on a remote node" prompt.
        case .cbsd: ToolCommand(path, ["jlogin", "jname=\(name)", "remote=1"])
        case .ezjail: ToolCommand(path, ["console", name])
        }
    }

    /// Why the manager would not start the jail, though it exits 0: ezjail and qjail skip a
    /// `.norun` jail; `pot start` of a pot that is not persistent waits for its command to end.
    static func startRefusal(_ owner: ManagedBy, _ manager: JailManager) -> String? {
        switch manager {
        case .ezjail where owner.config?.hasSuffix(".norun") == true:
            "ezjail does not start \(owner.name) (.norun): enable it first with ezjail-admin config -r run \(owner.name)"
        case .qjail where owner.config?.hasSuffix(".norun") == true:
            "qjail does not start \(owner.name) (.norun): enable it first with qjail config -y \(owner.name)"
        case .pot where owner.tags.contains(PotTags.notPersistent):
            "pot start would wait until \(owner.name)'s command ends (pot.attr.persistent=NO): start it from a shell"
        default: nil
        }
    }

    /// qjail's `-z ZONE` for a jail kept in `qjail.local.ZONE`.
    static func zoneArguments(_ owner: ManagedBy) -> [String] {
        guard let config = owner.config, let directory = config.split(separator: "/").dropLast().last,
            directory.hasPrefix("qjail.local.")
        else { return [] }
        return ["-z", String(directory.dropFirst("qjail.local.".count))]
    }

    private static func known(_ owner: ManagedBy) throws(ActionError) -> JailManager {
        guard let manager = owner.knownManager else { throw ActionError("unknown jail manager \"\(owner.manager)\"") }
        return manager
    }

    /// The name as the manager's CLI must get it: never an option (`-…`), a cbsd `key=value`
    /// or glob, a path, or anything with blanks or control characters, which no manager allows
    /// in a name (Bastille's and iocage's `validate_name`, pot forbids `.` too).
    ///
    /// iocage also reads any name containing `ALL` as "every jail" (iocage.py: `'ALL' in
    /// self.jail`) and one containing `clean` as a licence to rename datasets; iocell is given
    /// the jail's UUID (its tag lookup also matches dataset suffixes).
    static func checkedName(_ owner: ManagedBy, _ manager: JailManager, kernelName: String) throws(ActionError) -> String {
        var name = owner.name
        if manager == .iocell, kernelName.hasPrefix("ioc-") { name = String(kernelName.dropFirst(4)) }
        var refused = name.isEmpty || name.hasPrefix("-")
            || name.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F || "*?[]/=\\'\"$`;&|<>(){}".unicodeScalars.contains($0) }
        if manager == .iocage, name.contains("ALL") || name.contains("clean") { refused = true }
        // Bastille (lib/target.sh) and iocell read ALL, in any case, as every jail.
        if manager == .bastille || manager == .iocell, name.lowercased() == "all" { refused = true }
        if refused {
            throw ActionError(
                "refusing to pass \"\(SanitizedText.clean(name))\" to \(manager.title): it would read it as an option, a pattern or several jails")
        }
        return name
    }
}
