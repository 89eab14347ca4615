import JailtopModel

/// Who keeps a limit once it is set: the running kernel only (rctl(8): gone at reboot), the
/// kernel and /etc/rctl.conf (which rc.d/rctl loads at boot), or the jail's manager, whose
/// own command stores it and applies it (Bastille's rctl.conf, iocage's config.json, …).
public enum LimitKeeping: Sendable, Equatable {
    case kernel
    case rctlConf
    case manager(ManagedBy)

    /// For dialogs: where the limit lives after the change.
    public var description: String {
        switch self {
        case .kernel: "the running kernel only (lost at reboot)"
        case .rctlConf: "the kernel and /etc/rctl.conf (loaded again at boot)"
        // AppJail applies its stored limits at start only through its template's
        // `exec.created: appjail limits on` hook (which `appjail quick` adds with limits).
        case .manager(let owner) where owner.knownManager == .appjail:
            "AppJail's limits database (applied at start when \(owner.name)'s template runs appjail limits on)"
        case .manager(let owner): "\(owner.managerTitle) (applied again at every start of \(owner.name))"
        }
    }
}

extension LimitKeeping {
    /// What else the manager's commands do to the jail's limits, for the dialog; nil when nothing.
    public func sideEffect(of change: LimitChange) -> String? {
        guard case .manager(let owner) = self, owner.knownManager == .cbsd, change == .remove else { return nil }
        return "cbsd's jrctl mode=unset drops every rule of \(owner.name) from the kernel and puts back those cbsd keeps: rules only the kernel had are gone."
    }
}

/// What is done to a limit.
public enum LimitChange: Sendable {
    case add, remove, replace
}

extension LimitKeeping {
    /// Why the jail's manager cannot keep `rule` for this change, or nil when it can.
    /// - Parameter running: whether the jail runs (Bastille's `limits` saves nothing for a
    ///   stopped jail, and exits 0).
    public static func managerRefusal(_ rule: RctlRule, owner: ManagedBy, running: Bool, change: LimitChange) -> String? {
        guard let manager = owner.knownManager else { return "\(owner.manager) is unknown to jailtop" }
        let denyPerJail = rule.action == .deny && rule.per == .jail
        switch manager {
        case .bastille:
            if !running { return "Bastille keeps limits only for a running jail" }
            return denyPerJail ? nil : "Bastille keeps only deny limits per jail"
        case .iocage:
            guard rule.per == .jail else { return "iocage keeps only per-jail limits" }
            return nil
        case .appjail:
            if rule.action == .devctl { return "AppJail does not take devctl" }
            // cmd/limits keeps /per only when the amount has a unit suffix (its sed), so a
            // per-process rule would be stored and applied as a per-jail one.
            return rule.per == .jail ? nil : "AppJail keeps only per-jail limits as given"
        case .cbsd:
            return denyPerJail ? nil : "cbsd keeps only deny limits per jail"
        case .pot:
            if change == .remove { return "pot has no command that drops its memory limit (pot.rss.memory)" }
            return denyPerJail && rule.resource == "memoryuse" ? nil : "pot keeps only a deny limit on memoryuse (set-rss -M)"
        case .iocell, .ezjail, .qjail:
            return "\(manager.title) keeps no limits"
        }
    }
}
