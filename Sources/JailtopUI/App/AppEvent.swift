import JailtopActions
import JailtopModel

/// Everything that can happen to the dashboard; the reducer turns each into state changes
/// and effects. Keys, samples, resizes and failures all arrive the same way.
public enum AppEvent: Sendable {
    case key(Key)
    /// A mouse press or a wheel turn (off with `--no-mouse`).
    case mouse(MouseEvent)
    /// The wall clock now (seconds since the epoch): the loop sends it before each batch of
    /// events and once a second, for message times and a late sample's age.
    case tick(Double)
    case resize(Size)
    case snapshot(Snapshot)
    /// A sample of a remote host in the fleet dashboard (its `--host` label).
    case hostSample(host: String, Snapshot)
    /// Several hosts' samples that arrived together: the rows are rebuilt once for all.
    case hostSamples([HostSample])
    /// A remote host's link changed: connecting, ok, or why it failed.
    case hostHealth(host: String, RemoteHealth)
    case collectFailed(String)
    /// A quit signal (SIGTERM, SIGHUP from a dropped SSH link, Ctrl-C).
    case quitSignal
    /// The commands an action will run (or why it cannot), ready for the confirmation dialog.
    case confirmation(JailAction, notes: [String], commands: Result<[ToolCommand], ActionError>)
    /// An action finished.
    case actionFinished(ActionOutcome)
    /// A process's threads, open files and rules, read for its detail view.
    case processInspected(ProcessInspection)
}

/// What the loop must do after an event: things outside the pure state.
public enum Effect: Sendable, Equatable {
    case quit
    /// Take a sample now instead of waiting for the interval.
    case collectNow
    case setInterval(Double)
    case setPaused(Bool)
    /// The jails and processes on screen now, which the live collector should refresh first.
    case prioritize(CollectionPriority)
    /// Work out the commands of an action and come back with `.confirmation`.
    case confirm(JailAction, notes: [String])
    /// Run an action the admin confirmed.
    /// Run the action's confirmed commands (exactly those shown in the dialog).
    case perform(JailAction, [ToolCommand])
    /// Draw with another theme (the setup screen).
    case useTheme(ThemeChoice)
    /// Write the settings to the user's jailtoprc (the setup screen's `w`).
    case saveSettings(DashboardSettings)
    /// Read a process's threads, open files and rules, and come back with `.processInspected`.
    case inspect(pid: Int)
    /// Suspend the dashboard and open a shell in the jail.
    case shell(jid: Int, name: String, owner: ManagedBy? = nil)
}

/// One remote host's sample, as the fleet's streams deliver it.
public struct HostSample: Sendable {
    public var host: String
    public var snapshot: Snapshot

    public init(host: String, snapshot: Snapshot) {
        self.host = host
        self.snapshot = snapshot
    }
}
