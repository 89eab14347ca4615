/// A jail's headline figures in one sample (CPU, memory, tightest limit), worked out the same
/// way for the dashboard, `jailtop snapshot` and the CPU history. Nil when the jail is not running.
public struct JailFigures: Sendable, Equatable {
    /// CPU % of the jail's own processes over the last interval, else ps's decaying average.
    public var cpuPercent: Double?
    /// racct memoryuse of the jail's own processes, else the sum of their RSS.
    public var memoryBytes: Int?
    /// True when memory and disk are the subtree's figures (the jail's and its child jails'):
    /// racct counts children in their parents, and without a child's racct it cannot be taken out.
    public var includesChildJails: Bool
    /// The racct usage the figures come from: the jail's own if known, else its subtree's.
    public var racct: ResourceUsage?
    /// The limit the jail is closest to.
    public var tightest: LimitUsage?

    /// - Parameter ownUsage: the jail's own racct usage (`Snapshot.ownUsageByJID()`), if known.
    public init(jail: Jail, delta: SnapshotDelta?, ownUsage: ResourceUsage?) {
        let running = jail.state == .running
        let racct = running ? (ownUsage ?? jail.racct) : nil
        cpuPercent = running ? Self.cpuPercent(of: jail, delta: delta) : nil
        memoryBytes = running ? (racct?[.memoryuse] ?? jail.summary.rssBytes) : nil
        includesChildJails = running && ownUsage == nil && jail.racct != nil
        self.racct = racct
        tightest = jail.tightestLimit
    }

    /// CPU % of a jail: its rate over the interval when there is one, else ps's %CPU sum.
    public static func cpuPercent(of jail: Jail, delta: SnapshotDelta?) -> Double {
        delta?.rates(for: jail)?.cpuPercent ?? jail.summary.cpuPercent
    }
}
