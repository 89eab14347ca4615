import JailtopModel

/// Every jail manager's jails on this host, kept current refresh by refresh from the
/// managers' own files (never their `list` commands: several are slow, write to disk, or, as
/// iocage does on a host without a pool, set one up). Held by the collector between refreshes.
public struct ManagerCatalog: Sendable {
    /// Known entries whose files are stamped again per refresh, over all managers: on a host
    /// with more jails than this, an edit of one jail's settings shows within
    /// jails ÷ budget refreshes, while a jail made or destroyed shows at once.
    public static let stampBudget = 30

    private var scanners: [ManagerScanner]
    private var cbsd = CbsdDatabase()
    private var lastCbsd: (jails: [ManagedJail], problems: [ManagerProblem]) = ([], [])
    private var last: ManagerDiscovery?
    private var generation = 0
    /// Which scanner stamps first this refresh.
    private var first = 0
    private let files: ManagerFileSystem
    private let runner: any ToolRunner
    private let timeout: Duration

    public init(root: String, runner: any ToolRunner, timeout: Duration = .seconds(5)) {
        files = ManagerFileSystem(root: root)
        self.runner = runner
        self.timeout = timeout
        scanners = Self.layouts.map(ManagerScanner.init)
    }

    static let layouts: [any ManagerLayout] = [
        BastilleLayout(), IocageLayout(), IocellLayout(), AppJailLayout(), PotLayout(), EzjailLayout(), QjailLayout(),
    ]

    /// The managers' jails now, in manager order, and one line per manager whose files could
    /// not all be read. The same value as last time, unrebuilt, when nothing changed.
    public mutating func refresh() async -> ManagerDiscovery {
        var budget = Self.stampBudget
        var changed = false
        var found: [(jails: [ManagedJail], problems: [ManagerProblem])?] = Array(repeating: nil, count: scanners.count)
        // Each refresh another manager goes first, so 1000 Bastille jails cannot take the whole
        // budget and leave the others' jails never stamped again.
        first = (first + 1) % scanners.count
        for k in scanners.indices {
            let i = (first + k) % scanners.count
            let before = scanners[i].generation
            found[i] = scanners[i].refresh(files, budget: &budget)
            changed = changed || scanners[i].generation != before
        }
        var parts: [(JailManager, (jails: [ManagedJail], problems: [ManagerProblem]))] = []
        for i in scanners.indices { if let f = found[i] { parts.append((scanners[i].layout.manager, f)) } }
        let fromCbsd = await cbsd.refresh(files, runner: runner, timeout: timeout)
        changed = changed || fromCbsd.jails != lastCbsd.jails || fromCbsd.problems != lastCbsd.problems
        lastCbsd = fromCbsd
        parts.append((.cbsd, fromCbsd))
        if !changed, let last { return last }

        var discovery = ManagerDiscovery()
        var problems: [(JailManager, [ManagerProblem])] = []
        for (manager, found) in parts {
            discovery.jails += found.jails
            if !found.problems.isEmpty { problems.append((manager, found.problems)) }
        }
        discovery.problems = problems.map { manager, list in
            let first = list[0]
            let more = list.count > 1 ? " (and \(list.count - 1) more)" : ""
            // Bastille's prefix is 0750 and pot's root:pot 0750: only root sees their jails.
            let hint = first.reason == FileReadFailure.unreadable.description ? " (only root can read it: stopped jails are not shown)" : ""
            return "\(manager.title): cannot read \(first.path): \(first.reason)\(hint)\(more)"
        }
        generation += 1
        discovery.generation = generation
        last = discovery
        return discovery
    }
}
