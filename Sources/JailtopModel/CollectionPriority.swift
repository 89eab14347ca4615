/// What the dashboard shows now, so a live collector spends its per-refresh budget there
/// first: the visible jails' usage, the listed jails' processes in detail, and the visible
/// processes' argument lists (which are otherwise read only when a process is new or its
/// command changed).
public struct CollectionPriority: Sendable, Equatable {
    /// Names of the jails on screen, top first.
    public var jailNames: [String]
    /// PIDs of the processes on screen.
    public var processIDs: [Int]
    /// JIDs of the jails whose processes the dashboard lists (the selected jail's): the other
    /// jails' processes are needed only for their totals.
    public var listedJailIDs: [Int]
    /// Whether the jails off screen need their network rates too (the table is sorted by
    /// them); otherwise only the visible VNET jails are read every refresh.
    public var needsEveryJailsNetwork: Bool
    /// In the fleet dashboard, the remote host of the listed jails (nil: this host), and their
    /// names there: that host's stream is asked for their processes, the others for none.
    public var listedHost: String?
    public var listedJailNames: [String]

    public init(
        jailNames: [String] = [], processIDs: [Int] = [], listedJailIDs: [Int] = [], needsEveryJailsNetwork: Bool = false,
        listedHost: String? = nil, listedJailNames: [String] = []
    ) {
        self.jailNames = jailNames
        self.processIDs = processIDs
        self.listedJailIDs = listedJailIDs
        self.needsEveryJailsNetwork = needsEveryJailsNetwork
        self.listedHost = listedHost
        self.listedJailNames = listedJailNames
    }
}
