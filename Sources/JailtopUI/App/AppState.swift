import JailtopActions
import JailtopModel

/// Everything the dashboard shows and remembers between frames: the latest samples, what is
/// selected, sorted, filtered and open. Panes are drawn from it; only `AppReducer` changes it.
public struct AppState: Sendable {
    /// Which pane has the keyboard.
    public enum Focus: Sendable, Equatable { case jails, detail }

    /// The tabs of the detail pane.
    public enum DetailTab: Int, Sendable, CaseIterable, Equatable {
        case processes, limits, info, network
        public var title: String {
            switch self {
            case .processes: "Processes"
            case .limits: "Limits"
            case .info: "Info"
            case .network: "Network"
            }
        }
    }

    /// What is drawn over the panes, taking keys first.
    public enum Overlay: Sendable, Equatable {
        case help
        /// The last messages of the function bar, with their times (`!`).
        case messages
        /// The setup screen (F2): columns and their order.
        case setup(SetupScreen)
        /// Typing an incremental filter for the focused table.
        case filter
        /// Typing a search of the focused table: the selection jumps to the first match.
        case search(String)
        /// Typing a jail name or JID to show only that jail (top's `J`).
        case jailPrompt(String)
        /// Typing a user name to list only that user's processes (htop's `u`).
        case userPrompt(String)
        /// The selected jail's actions (`a`/F2), with the highlighted row.
        case actionMenu(selected: Int)
        /// Choosing a signal and whom to send it to (`k`/F9).
        case signalMenu(SignalMenu)
        /// "Really?" with the exact commands; No is the default.
        case confirm(Confirmation)
        /// Typing a limit for the selected jail; `editing` is the rule being changed.
        /// `rctlConf`: a new limit goes to /etc/rctl.conf too (Tab), where no manager keeps it.
        case ruleEditor(text: String, editing: RctlRule?, error: String?, rctlConf: Bool = false)
        /// An action's result worth reading (failures, with each command's stderr).
        case result(title: String, lines: [String])
        /// One process in full (Enter in a process list): the sample's figures, its whole
        /// command line, and `inspection` once read.
        case processDetail(pid: Int)
    }

    /// The signal menu's choices.
    public struct SignalMenu: Sendable, Equatable {
        public enum Target: Sendable, Equatable {
            case process(Int)
            case tagged([Int])
            case jail
        }
        public var targets: [Target]
        public var target: Int = 0
        public var signal: Int = 0
    }

    /// An action waiting for a yes, with what it will run.
    public struct Confirmation: Sendable, Equatable {
        public var action: JailAction
        /// Shown in the dialog, and on yes run as they are.
        public var commands: [ToolCommand]
        /// Extra lines: usage against a proposed limit, what a signal will hit.
        public var notes: [String]
        public var yesFocused = false

        public init(action: JailAction, commands: [ToolCommand], notes: [String]) {
            self.action = action
            self.commands = commands
            self.notes = notes
        }
    }

    public var size: Size
    /// The samples of the host on screen: this host, or in the fleet dashboard the host of the
    /// selected jail (a copy of its `FleetState` track, sharing its storage).
    public var track = HostTrack() { didSet { sampleGeneration &+= 1 } }
    public var snapshot: Snapshot? {
        get { track.snapshot }
        set { track.snapshot = newValue }
    }
    public var delta: SnapshotDelta? {
        get { track.delta }
        set { track.delta = newValue }
    }
    /// Counts changes of `snapshot` and `delta`, so stored rows know when they are stale.
    public private(set) var sampleGeneration = 0
    /// The jail table's rows, rebuilt when the sample, scope, filter or sort changes.
    public internal(set) var storedJailRows: CachedRows<JailRowsInputs, JailRow>?
    /// The selected jail's process rows, rebuilt when the sample, jail, filter, sort or tree view changes.
    public internal(set) var storedProcessRows: CachedRows<ProcessRowsInputs, ProcessRow>?
    /// How often each was built: tests check that a sample builds them once and moves never.
    public internal(set) var rowBuilds = (jails: 0, processes: 0)
    public var rateBase: Snapshot? {
        get { track.rateBase }
        set { track.rateBase = newValue }
    }
    public var rateBaseTimes: ProcessTimes? {
        get { track.rateBaseTimes }
        set { track.rateBaseTimes = newValue }
    }
    public var derived: DerivedData {
        get { track.derived }
        set { track.derived = newValue }
    }
    public var cpuHistory: [Int: [Double]] {
        get { track.cpuHistory }
        set { track.cpuHistory = newValue }
    }
    /// The remote hosts of the fleet dashboard (`--host`); nil when it shows this host.
    public var fleet: FleetState?
    public static let historyLength = 120

    public var sourceDescription: String
    public var refreshInterval: Double
    public var paused = false
    /// Why actions are off (read-only flag, not root), shown in the function bar; nil when on.
    public var actionsDisabledReason: String?
    /// Error of the last collection, shown until a sample arrives.
    public var collectError: String?
    public var focus: Focus = .jails
    public var overlay: Overlay?
    public var jails = JailTableState()
    public var processes = ProcessTableState()
    public var tab: DetailTab = .processes
    /// The jail table's and the process list's columns, in order (the setup screen,
    /// `jailtoprc`); nil shows every one in its built-in place.
    public var jailColumns: [JailColumn]?
    public var processColumns: [ProcessColumn]?
    /// The colour theme in use (the setup screen changes it at once).
    public var theme = ThemeChoice.standard
    /// Vertical scroll of the Info, Limits and Network tabs.
    public var detailScroll = 0
    /// Only this jail (`-J`), by name or JID; nil shows all.
    public var jailScope: JailSelector?
    /// A short message in the function bar; each one is kept in `messageLog` too.
    public var message: String? {
        didSet {
            guard let message, message != oldValue else { return }
            messageLog.append(LoggedMessage(time: now, text: message))
            if messageLog.count > Self.messageLogLength { messageLog.removeFirst(messageLog.count - Self.messageLogLength) }
        }
    }
    /// The last messages, oldest first: a long one cut in the function bar is read in full here.
    public private(set) var messageLog: [LoggedMessage] = []
    public static let messageLogLength = 20
    /// The first line shown of a scrolled overlay (help, messages, a process's detail).
    public var overlayScroll = 0
    /// The open process detail's threads, files and rules; nil while they are being read.
    public var inspection: ProcessInspection?
    /// The wall clock (seconds since the epoch) as of the latest event; nil before the first tick.
    public var now: Double?
    /// When the latest sample arrived, by `now`: the header says so when samples are late.
    public var lastSampleArrival: Double?
    public var quitRequested = false
    /// The highlighted row of the Limits tab (rules first), for edit and delete.
    public var limitSelection = 0
    /// An action running now (its summary), shown until it finishes.
    public var busy: String?
    /// Unicode glyphs for meters, trees and sparklines (false: ASCII).
    public var unicode: Bool
    /// The local time zone's offset from UTC, for the clock in the header.
    public var utcOffsetSeconds = 0

    public init(
        size: Size, sourceDescription: String, refreshInterval: Double, unicode: Bool = true,
        jailScope: JailSelector? = nil, actionsDisabledReason: String? = nil
    ) {
        self.size = size
        self.sourceDescription = sourceDescription
        self.refreshInterval = refreshInterval
        self.unicode = unicode
        self.jailScope = jailScope
        self.actionsDisabledReason = actionsDisabledReason
        // `-J 0`, as top's: the host's own processes, listed at once.
        if jailScope == .host {
            self.jailScope = nil
            processes.scope = .host
            focus = .detail
        }
    }
}

/// One message of the function bar, as the message history lists it.
public struct LoggedMessage: Sendable, Equatable {
    /// When it was shown (wall clock); nil when no clock had ticked yet.
    public var time: Double?
    public var text: String
}

/// Selection, scroll, sort and filter of the jail table.
public struct JailTableState: Sendable, Equatable {
    /// The selected jail, by name so it survives re-sorting and restarts (JIDs change); a
    /// managed jail's name carries its manager too (`Jail.selectionKey`), as a stopped
    /// Bastille `web` and a running AppJail `web` are two rows.
    public var selectedName: String?
    public var scroll = 0
    public var sort: JailColumn = .cpu
    public var descending = true
    public var filter = ""
    /// Which owner's jails are listed (`m` cycles through the managers present).
    public var manager = ManagerFilter.all
    /// Jails under their parents (`t`/F5 in the jail list), and the folded ones by selection key.
    public var tree = false
    public var folded: Set<String> = []
}

/// The jail table's filter by owner.
public enum ManagerFilter: Sendable, Equatable {
    case all
    /// The jails of one manager (`JailManager` raw value).
    case manager(String)
    /// The jails no manager owns (jail.conf, rc.conf, or made by hand).
    case unmanaged

    func matches(_ jail: Jail) -> Bool {
        switch self {
        case .all: true
        case .manager(let name): jail.managedBy?.manager == name
        case .unmanaged: jail.managedBy == nil
        }
    }

    /// How the header names it; nil when every jail is listed.
    var label: String? {
        switch self {
        case .all: nil
        case .manager(let name): JailManager(rawValue: name)?.title ?? name
        case .unmanaged: "no manager"
        }
    }
}

/// Whose processes the process list shows.
public enum ProcessListScope: Sendable, Equatable {
    /// The selected jail's (the default).
    case selectedJail
    /// The host's own, in no jail (`J 0`, as `top -J 0` and `ps -J 0` show them).
    case host
    /// Every process on the host, with the jail each runs in (`0`).
    case everyProcess

    /// How the detail pane and the header name it; nil for the selected jail.
    var title: String? {
        switch self {
        case .selectedJail: nil
        case .host: "host processes (in no jail)"
        case .everyProcess: "every process on the host"
        }
    }
}

/// Selection, scroll, sort, filter, tree mode and tags of the process list.
public struct ProcessTableState: Sendable, Equatable {
    public var scope = ProcessListScope.selectedJail
    /// Only this user's processes (`u`); nil lists every user's.
    public var user: String?
    /// Kernel processes left out (`K`, as htop's): the host's with no argv, `[idle]`.
    public var hideKernel = false
    public var selectedPID: Int?
    public var scroll = 0
    /// How many characters of each command line are scrolled off to the left.
    public var commandOffset = 0
    public var sort: ProcessColumn = .cpu
    public var descending = true
    public var filter = ""
    public var tree = false
    public var tagged: Set<Int> = []
}
