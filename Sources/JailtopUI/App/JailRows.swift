import JailtopModel

/// One row of the jail table: the jail and the numbers its columns show, computed once per sample.
/// Its values live in one shared, immutable box, so sorting and merging thousands of rows (the
/// fleet dashboard lists every host's) copies one reference per row, not a whole `Jail`.
public struct JailRow: Sendable, Equatable {
    private final class Storage: Sendable {
        let jail: Jail
        let figures: JailFigures
        let readBytesPerSecond: Double?
        let writeBytesPerSecond: Double?
        let rxBytesPerSecond: Double?
        let txBytesPerSecond: Double?
        let stale: Bool
        let key: String

        init(
            jail: Jail, figures: JailFigures, readBytesPerSecond: Double?, writeBytesPerSecond: Double?, rxBytesPerSecond: Double?,
            txBytesPerSecond: Double?, stale: Bool, key: String
        ) {
            self.jail = jail
            self.figures = figures
            self.readBytesPerSecond = readBytesPerSecond
            self.writeBytesPerSecond = writeBytesPerSecond
            self.rxBytesPerSecond = rxBytesPerSecond
            self.txBytesPerSecond = txBytesPerSecond
            self.stale = stale
            self.key = key
        }
    }

    private let storage: Storage
    /// Branch glyphs before the name in tree view ("│  └─ "); empty in the list.
    public var treePrefix = ""
    /// How many jails a folded row hides below it (tree view); 0 when it is open or has none.
    public var foldedJails = 0

    public init(
        jail: Jail, figures: JailFigures, readBytesPerSecond: Double?, writeBytesPerSecond: Double?, rxBytesPerSecond: Double?,
        txBytesPerSecond: Double?, stale: Bool = false, key: String? = nil
    ) {
        storage = Storage(
            jail: jail, figures: figures, readBytesPerSecond: readBytesPerSecond, writeBytesPerSecond: writeBytesPerSecond,
            rxBytesPerSecond: rxBytesPerSecond, txBytesPerSecond: txBytesPerSecond, stale: stale, key: key ?? jail.selectionKey)
    }

    public var jail: Jail { storage.jail }
    /// CPU, memory and tightest limit, as `jailtop snapshot` works them out too.
    public var figures: JailFigures { storage.figures }
    /// racct readbps/writebps: already per-second rates (bytes since racctd's last pass).
    public var readBytesPerSecond: Double? { storage.readBytesPerSecond }
    public var writeBytesPerSecond: Double? { storage.writeBytesPerSecond }
    public var rxBytesPerSecond: Double? { storage.rxBytesPerSecond }
    public var txBytesPerSecond: Double? { storage.txBytesPerSecond }
    /// The jail's host is out of touch: these are its last figures (the fleet dashboard greys them).
    public var stale: Bool { storage.stale }
    /// `jail.selectionKey`, made once with the row (the selection is looked up by it on every
    /// key and frame, and across hosts it is built of two strings).
    public var key: String { storage.key }

    public var cpuPercent: Double? { figures.cpuPercent }
    public var memoryBytes: Int? { figures.memoryBytes }
    /// True when memory and disk include the child jails' figures (the table marks such cells).
    public var includesChildJails: Bool { figures.includesChildJails }
    public var tightest: LimitUsage? { figures.tightest }

    public static func == (a: JailRow, b: JailRow) -> Bool {
        a.storage === b.storage
            || (a.jail == b.jail && a.figures == b.figures && a.readBytesPerSecond == b.readBytesPerSecond
                && a.writeBytesPerSecond == b.writeBytesPerSecond && a.rxBytesPerSecond == b.rxBytesPerSecond
                && a.txBytesPerSecond == b.txBytesPerSecond && a.stale == b.stale && a.key == b.key)
                && a.treePrefix == b.treePrefix && a.foldedJails == b.foldedJails
    }
}

/// What the jail rows are built from: when none of it changes, the stored rows still hold.
public struct JailRowsInputs: Sendable, Equatable {
    var sample: Int
    var scope: JailSelector?
    var filter: String
    var manager: ManagerFilter
    var sort: JailColumn
    var descending: Bool
    /// Samples and health of the fleet's hosts, and the host filter (`@`).
    var fleet: Int
    var hostFilter: String?
    var tree: Bool
    var folded: Set<String>
    var unicode: Bool
}

extension AppState {
    var jailRowsInputs: JailRowsInputs {
        JailRowsInputs(
            sample: sampleGeneration, scope: jailScope, filter: jails.filter, manager: jails.manager, sort: jails.sort,
            descending: jails.descending, fleet: fleet?.generation ?? 0, hostFilter: fleet?.filter, tree: jails.tree,
            folded: jails.tree ? jails.folded : [], unicode: unicode)
    }

    /// The jails to list: in scope (`-J`), matching the filter, sorted by the chosen column.
    /// Stopped and dying jails stay visible (and sort after running ones on numeric columns).
    /// The stored rows when they are current, else built afresh.
    public func jailRows() -> [JailRow] {
        storedJailRows?.rows(for: jailRowsInputs) ?? buildJailRows()
    }

    /// Rebuilds the stored jail rows and the selected jail's process rows if their inputs changed.
    public mutating func refreshRows() {
        let inputs = jailRowsInputs
        if storedJailRows?.inputs != inputs {
            refreshHostRows()
            storedJailRows = CachedRows(inputs: inputs, rows: buildJailRows())
            rowBuilds.jails += 1
        }
        followSelectedHost()
        let jail = selectedJail(in: jailRows())
        guard jail != nil || processes.scope != .selectedJail else {
            storedProcessRows = nil
            return
        }
        let processInputs = processRowsInputs(of: jail)
        if storedProcessRows?.inputs != processInputs {
            storedProcessRows = CachedRows(inputs: processInputs, rows: buildProcessRows(of: jail))
            rowBuilds.processes += 1
        }
    }

    /// In the fleet dashboard, the host on screen is the selected jail's: its track becomes
    /// the state's, so the header, the detail tabs and the actions are that host's.
    mutating func followSelectedHost() {
        guard var fleet, let jail = selectedJail(in: jailRows()), let i = fleet.index(of: jail.remote), i != fleet.focused else { return }
        fleet.focused = i
        self.fleet = fleet
        track = fleet.hosts[i].track
    }

    /// The inputs of one host's rows now.
    func hostRowsInputs(_ host: FleetState.Host) -> HostRowsInputs {
        HostRowsInputs(changes: host.changes, scope: jailScope, filter: jails.filter, manager: jails.manager)
    }

    /// Rebuilds the rows of the fleet's hosts whose sample, health or filters changed.
    mutating func refreshHostRows() {
        guard var fleet else { return }
        self.fleet = nil
        for i in fleet.hosts.indices {
            let inputs = hostRowsInputs(fleet.hosts[i])
            guard fleet.hosts[i].storedRows?.inputs != inputs else { continue }
            var rows: [JailRow] = []
            let host = fleet.hosts[i]
            appendRows(of: host.track.snapshot, delta: host.track.delta, stale: host.isStale, to: &rows)
            fleet.hosts[i].storedRows = CachedRows(inputs: inputs, rows: rows)
        }
        self.fleet = fleet
    }

    func buildJailRows() -> [JailRow] {
        var rows: [JailRow] = []
        if let fleet {
            for host in fleet.hosts where fleet.filter == nil || fleet.filter == host.label {
                if let stored = host.storedRows?.rows(for: hostRowsInputs(host)) {
                    rows += stored
                } else {
                    appendRows(of: host.track.snapshot, delta: host.track.delta, stale: host.isStale, to: &rows)
                }
            }
        } else {
            appendRows(of: snapshot, delta: delta, stale: false, to: &rows)
        }
        return jails.tree ? JailTree.arrange(sorted(rows), folded: jails.folded, unicode: unicode) : sorted(rows)
    }

    /// The rows of one host's jails that are in scope and match the filters.
    func appendRows(of snapshot: Snapshot?, delta: SnapshotDelta?, stale: Bool, to rows: inout [JailRow]) {
        guard let snapshot else { return }
        let needle = jails.filter.lowercased()
        rows.reserveCapacity(rows.count + snapshot.jails.count)
        // Every figure is the jail's own (ps counts a process in its innermost jail only);
        // racct's, which hold the child jails too, have the children's taken out.
        let own = snapshot.ownUsageByJID()
        for jail in snapshot.jails {
            if let jailScope, !jailScope.matches(jail) { continue }
            if !needle.isEmpty, !Self.jailMatches(jail, needle) { continue }
            if !jails.manager.matches(jail) { continue }
            // By JID: a dying instance of a restarted jail has its successor's name, not its numbers.
            let rates = delta?.rates(for: jail)
            let figures = JailFigures(jail: jail, delta: delta, ownUsage: jail.jid.flatMap { own[$0] })
            rows.append(
                JailRow(
                    jail: jail, figures: figures,
                    readBytesPerSecond: figures.racct?[.readbps].map(Double.init),
                    writeBytesPerSecond: figures.racct?[.writebps].map(Double.init),
                    rxBytesPerSecond: rates?.rxBytesPerSecond, txBytesPerSecond: rates?.txBytesPerSecond, stale: stale,
                    key: jail.selectionKey))
        }
    }

    func sorted(_ unsorted: [JailRow]) -> [JailRow] {
        var rows = unsorted
        let column = JailTableColumns.column(jails.sort), descending = jails.descending
        // Sort positions by precomputed keys, not rows: a row holds a whole Jail, and moving (or
        // even passing) those around in a sort of 1000 jails cost more than the rest of a sample.
        let keys = rows.map(column.sortKey)
        let names = rows.map(\.key)
        let order = rows.indices.sorted { i, j in
            switch (keys[i], keys[j]) {
            case (nil, nil): return names[i] < names[j]
            case (nil, _): return false  // a missing value (a stopped jail's CPU) sorts last either way
            case (_, nil): return true
            case let (a?, b?):
                if a != b { return descending ? a > b : a < b }
                return names[i] < names[j]
            }
        }
        rows = order.map { rows[$0] }
        return rows
    }

    static func jailMatches(_ jail: Jail, _ needle: String) -> Bool {
        jail.name.lowercased().contains(needle) || jail.hostname.lowercased().contains(needle)
            || jail.remote.map { $0.lowercased().contains(needle) } == true
            || jail.managedBy.map { $0.name.lowercased().contains(needle) || $0.manager.contains(needle) } == true
            || jail.ip4.contains { $0.contains(needle) } || jail.ip6.contains { $0.contains(needle) }
            || jail.jid.map { String($0) == needle } == true
    }

    /// The selected jail's row index in `rows`, falling back to the first row.
    public func selectedJailIndex(in rows: [JailRow]) -> Int? {
        guard !rows.isEmpty else { return nil }
        if let key = jails.selectedName, let i = rows.firstIndex(where: { $0.key == key }) { return i }
        return 0
    }

    /// The jail the detail pane shows.
    public func selectedJail(in rows: [JailRow]) -> Jail? {
        selectedJailIndex(in: rows).map { rows[$0].jail }
    }
}
