import JailtopModel

/// Something the admin asked jailtop to do, as plain data: turned into argv by
/// `ActionCommandLine`, run by a `Controller`, logged, and checked afterwards.
public enum JailAction: Sendable, Equatable {
    /// `jail -c` a configured jail, or its manager's start when `owner` is set.
    case start(jail: String, owner: ManagedBy? = nil)
    /// `jail -r` a running jail (by name when configured, else by JID), or its manager's stop.
    case stop(jail: String, jid: Int, configured: Bool, owner: ManagedBy? = nil)
    /// `jail -rc` a configured jail (remove, then create), or its manager's restart.
    case restart(jail: String, jid: Int, owner: ManagedBy? = nil)
    /// Send a signal to these processes (the selected or tagged ones).
    case signal(pids: [Int], signal: ProcessSignal, jail: String)
    /// Send a signal to every process of a jail.
    case signalJail(jail: String, jid: Int, signal: ProcessSignal)
    /// `rctl -a`, or the jail manager's command that keeps the limit (`keep`).
    case addRule(RctlRule, keep: LimitKeeping = .kernel)
    /// `rctl -r`, or the manager's.
    case removeRule(RctlRule, keep: LimitKeeping = .kernel)
    /// Change a rule: remove the old one and add the new one (never two rules for one limit).
    case replaceRule(old: RctlRule, new: RctlRule, keep: LimitKeeping = .kernel)

    /// Whether it needs a yes before running (everything that changes the host does).
    public var isDestructive: Bool { true }

    /// A short description for dialogs, messages and the log.
    public var summary: String {
        switch self {
        case .start(let j, let owner): "start \(Self.jail(j, owner))"
        case .stop(let j, _, _, let owner): "stop \(Self.jail(j, owner))"
        case .restart(let j, _, let owner): "restart \(Self.jail(j, owner))"
        case .signal(let pids, let s, let j):
            pids.count == 1 ? "send \(s.name) to process \(pids[0]) in \(j)" : "send \(s.name) to \(pids.count) processes in \(j)"
        case .signalJail(let j, _, let s): "send \(s.name) to every process of \(j)"
        case .addRule(let r, _): "add limit \(r.rule)"
        case .removeRule(let r, _): "remove limit \(r.rule)"
        case .replaceRule(let old, let new, _): "change limit \(old.rule) to \(new.rule)"
        }
    }

    /// "jail web", or "Bastille jail web" for a managed one (by the manager's name for it).
    private static func jail(_ name: String, _ owner: ManagedBy?) -> String {
        guard let owner else { return "jail \(name)" }
        return "\(owner.managerTitle) jail \(owner.name)"
    }
}

/// Signals offered in the signal menu, with TERM first (the default).
public enum ProcessSignal: String, Sendable, CaseIterable, Equatable {
    case TERM, KILL, HUP, INT, QUIT, USR1, USR2, STOP, CONT

    public var name: String { "SIG" + rawValue }

    /// Signals after which the processes are expected to be gone.
    public var ends: Bool { self == .TERM || self == .KILL || self == .INT || self == .QUIT }
}

/// A shell to run in a jail with the dashboard suspended (`jexec`), or the demo's stand-in.
public struct ShellRequest: Sendable, Equatable {
    /// Absolute path of the program (already under JAILTOP_ROOT when set).
    public var executable: String
    public var arguments: [String]
    /// Printed on the real terminal before the program starts.
    public var banner: String
    public var environment: [String: String]

    public init(executable: String, arguments: [String], banner: String, environment: [String: String] = [:]) {
        self.executable = executable
        self.arguments = arguments
        self.banner = banner
        self.environment = environment
    }
}
