import JailtopModel

/// One row of the jail table: the jail and the numbers its columns show, computed once.
public struct JailRow: Sendable, Equatable {
    public var jail: Jail
    /// CPU % of the jail's own processes over the last interval (from process deltas), else
    /// ps's decaying average.
    public var cpuPercent: Double?
    /// racct memoryuse of the jail's own processes, else the sum of their RSS.
    public var memoryBytes: Int?
    /// True when memory and disk are the subtree's figures (the jail's and its child jails'):
    /// racct counts children in their parents, and without a child's racct it cannot be taken
    /// out. The table marks such cells.
    public var includesChildJails = false
    public var tightest: LimitUsage?
    /// racct readbps/writebps: already per-second rates (bytes since racctd's last pass).
    public var readBytesPerSecond: Double?
    public var writeBytesPerSecond: Double?
    public var rxBytesPerSecond: Double?
    public var txBytesPerSecond: Double?
}

extension AppState {
    /// The jails to list: in scope (`-J`), matching the filter, sorted by the chosen column.
    /// Stopped and dying jails stay visible (and sort after running ones on numeric columns).
    public func jailRows() -> [JailRow] {
        guard let snapshot else { return [] }
        let needle = jails.filter.lowercased()
        var rows: [JailRow] = []
        rows.reserveCapacity(snapshot.jails.count)
        // Every figure is the jail's own (ps counts a process in its innermost jail only);
        // racct's, which hold the child jails too, have the children's taken out.
        let own = snapshot.ownUsageByJID()
        for jail in snapshot.jails {
            if let jailScope, !jailScope.matches(jail) { continue }
            if !needle.isEmpty, !Self.jailMatches(jail, needle) { continue }
            let running = jail.state == .running
            // By JID: a dying instance of a restarted jail has its successor's name, not its numbers.
            let rates = delta?.rates(for: jail)
            let ownRacct = jail.jid.flatMap { own[$0] }
            let racct = running ? (ownRacct ?? jail.racct) : nil
            rows.append(
                JailRow(
                    jail: jail, cpuPercent: running ? (rates?.cpuPercent ?? jail.summary.cpuPercent) : nil,
                    memoryBytes: running ? (racct?[.memoryuse] ?? jail.summary.rssBytes) : nil,
                    includesChildJails: running && ownRacct == nil && jail.racct != nil,
                    tightest: jail.tightestLimit,
                    readBytesPerSecond: racct?[.readbps].map(Double.init),
                    writeBytesPerSecond: racct?[.writebps].map(Double.init),
                    rxBytesPerSecond: rates?.rxBytesPerSecond, txBytesPerSecond: rates?.txBytesPerSecond))
        }
        let column = jails.sort, descending = jails.descending
        // Sort positions by precomputed keys, not rows: a row holds a whole Jail, and moving (or
        // even passing) those around in a sort of 1000 jails cost more than the rest of a sample.
        let keys = rows.map { Self.sortKey($0, column) }
        let names = rows.map(\.jail.name)
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

    /// What a row sorts by in a column: a number, or text turned into an order-preserving key.
    enum SortKey: Comparable {
        case number(Double)
        case text(String)
    }

    static func sortKey(_ row: JailRow, _ column: JailColumn) -> SortKey? {
        let running = row.jail.state == .running
        switch column {
        case .jid: return row.jail.jid.map { .number(Double($0)) }
        case .name: return .text(row.jail.name)
        case .state: return .number(Double(row.jail.state.sortRank))
        case .cpu, .history: return row.cpuPercent.map(SortKey.number)
        case .memory: return row.memoryBytes.map { .number(Double($0)) }
        case .limit: return row.tightest.map { .number($0.fraction) }
        case .processes: return running ? .number(Double(row.jail.summary.processes)) : nil
        case .threads: return running ? .number(Double(row.jail.summary.threads)) : nil
        case .disk: return row.readBytesPerSecond.map { .number($0 + (row.writeBytesPerSecond ?? 0)) }
        case .network: return row.rxBytesPerSecond.map { .number($0 + (row.txBytesPerSecond ?? 0)) }
        case .address: return .text(row.jail.primaryAddress)
        }
    }

    static func jailMatches(_ jail: Jail, _ needle: String) -> Bool {
        jail.name.lowercased().contains(needle) || jail.hostname.lowercased().contains(needle)
            || jail.ip4.contains { $0.contains(needle) } || jail.ip6.contains { $0.contains(needle) }
            || jail.jid.map { String($0) == needle } == true
    }

    /// The selected jail's row index in `rows`, falling back to the first row.
    public func selectedJailIndex(in rows: [JailRow]) -> Int? {
        guard !rows.isEmpty else { return nil }
        if let name = jails.selectedName, let i = rows.firstIndex(where: { $0.jail.name == name }) { return i }
        return 0
    }

    /// The jail the detail pane shows.
    public func selectedJail(in rows: [JailRow]) -> Jail? {
        selectedJailIndex(in: rows).map { rows[$0].jail }
    }
}

extension JailState {
    /// Running first, then dying, then stopped, then unknown, when sorting by state.
    var sortRank: Int {
        switch self {
        case .running: 3
        case .dying: 2
        case .stopped: 1
        case .unknown: 0
        }
    }
}
