import JailtopModel

/// Which action a request on a jail becomes, or why it is refused. The one place where the
/// dashboard's keys and the `jailtop start|stop|restart|shell|kill|limit` commands decide it,
/// so a refusal reads the same in both.
public enum ActionPlan {
    /// Start a stopped (or dying) jail that rc.d or its manager can start by name.
    public static func start(_ jail: Jail) -> Result<JailAction, ActionError> {
        if let unknown = unknownState(jail) { return .failure(unknown) }
        guard jail.state != .running else { return .failure(ActionError("\(jail.name) is already running")) }
        guard jail.configured else { return .failure(ActionError("\(jail.name) is not in jail.conf, so it cannot be started by name")) }
        if let owner = jail.managedBy, let conflict = owner.conflict {
            return .failure(ActionError("\(owner.managerTitle) cannot start \(owner.name) now: \(conflict)"))
        }
        return .success(.start(jail: jail.name, owner: jail.managedBy))
    }

    /// Stop a running jail (by JID when nothing configures it).
    public static func stop(_ jail: Jail) -> Result<JailAction, ActionError> {
        if let unknown = unknownState(jail) { return .failure(unknown) }
        guard jail.state == .running, let jid = jail.jid else { return .failure(notRunning(jail)) }
        return .success(.stop(jail: jail.name, jid: jid, configured: jail.configured, owner: jail.managedBy))
    }

    /// Restart a running jail that is configured (a jail made by hand has nothing to start from).
    public static func restart(_ jail: Jail) -> Result<JailAction, ActionError> {
        if let unknown = unknownState(jail) { return .failure(unknown) }
        guard jail.state == .running, let jid = jail.jid else { return .failure(notRunning(jail)) }
        guard jail.configured else { return .failure(ActionError("\(jail.name) is not in jail.conf, so it cannot be restarted")) }
        return .success(.restart(jail: jail.name, jid: jid, owner: jail.managedBy))
    }

    /// The JID a shell enters: the jail must be running.
    public static func shell(_ jail: Jail) -> Result<Int, ActionError> {
        guard jail.state == .running, let jid = jail.jid else { return .failure(notRunning(jail)) }
        return .success(jid)
    }

    /// Every process of a running jail.
    public static func signalJail(_ jail: Jail, _ signal: ProcessSignal) -> Result<JailAction, ActionError> {
        guard jail.state == .running, let jid = jail.jid else { return .failure(ActionError("\(jail.name) has no processes")) }
        return .success(.signalJail(jail: jail.name, jid: jid, signal: signal))
    }

    /// Who keeps a limit change on `jail`: its manager where it keeps such a limit, else the
    /// kernel (and /etc/rctl.conf too for a new limit when asked), and a sentence saying so.
    public static func keeping(_ rule: RctlRule, _ change: LimitChange, jail: Jail, rctlConf: Bool) -> (keep: LimitKeeping, note: String) {
        let fallback: LimitKeeping = rctlConf && change == .add ? .rctlConf : .kernel
        guard let owner = jail.managedBy else { return (fallback, "Kept by \(fallback.description).") }
        if let why = LimitKeeping.managerRefusal(rule, owner: owner, running: jail.state == .running, change: change) {
            return (fallback, "\(why): kept by \(fallback.description).")
        }
        let keep = LimitKeeping.manager(owner)
        return (keep, "Kept by \(keep.description).")
    }

    /// Never an action whose premise is not known: whether the jail runs.
    public static func unknownState(_ jail: Jail) -> ActionError? {
        guard jail.state == .unknown else { return nil }
        return ActionError("\(jail.name): state unknown (the jail list could not be read); no start or stop until it is known")
    }

    static func notRunning(_ jail: Jail) -> ActionError {
        ActionError("\(jail.name) is not running")
    }
}
