import JailtopModel

/// One row of the jail table: the jail and the numbers its columns show, computed once.
public struct JailRow: Sendable, Equatable {
    public var jail: Jail
    /// CPU % over the last interval (from process deltas), else ps's decaying average.
    public var cpuPercent: Double?
    /// racct memoryuse, else the sum of process RSS.
    public var memoryBytes: Int?
    public var tightest: LimitUsage?
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
        for jail in snapshot.jails {
            if let jailScope, !jailScope.matches(jail) { continue }
            if !needle.isEmpty, !Self.jailMatches(jail, needle) { continue }
            let running = jail.state == .running
            let rates = delta?.rates(forJail: jail.name)
            rows.append(
                JailRow(
                    jail: jail, cpuPercent: running ? (rates?.cpuPercent ?? jail.summary.cpuPercent) : nil,
                    memoryBytes: running ? (jail.racct?[.memoryuse] ?? jail.summary.rssBytes) : nil,
                    tightest: jail.tightestLimit,
                    readBytesPerSecond: jail.racct?[.readbps].map(Double.init),
                    writeBytesPerSecond: jail.racct?[.writebps].map(Double.init),
                    rxBytesPerSecond: rates?.rxBytesPerSecond, txBytesPerSecond: rates?.txBytesPerSecond))
        }
        let column = jails.sort, descending = jails.descending
        rows.sort { a, b in
            let order = Self.compare(a, b, by: column)
            // A missing value (a stopped jail's CPU, say) sorts last in either direction.
            if abs(order) == 2 { return order > 0 }
            if order != 0 { return descending ? order > 0 : order < 0 }
            return a.jail.name < b.jail.name
        }
        return rows
    }

    static func jailMatches(_ jail: Jail, _ needle: String) -> Bool {
        jail.name.lowercased().contains(needle) || jail.hostname.lowercased().contains(needle)
            || jail.ip4.contains { $0.contains(needle) } || jail.ip6.contains { $0.contains(needle) }
            || jail.jid.map { String($0) == needle } == true
    }

    /// -1, 0, 1 comparing two rows on a column; ±2 when only one of them has a value
    /// (2: only `a` has one).
    static func compare(_ a: JailRow, _ b: JailRow, by column: JailColumn) -> Int {
        func cmp<T: Comparable>(_ x: T?, _ y: T?) -> Int {
            switch (x, y) {
            case let (x?, y?): x < y ? -1 : (x > y ? 1 : 0)
            case (nil, nil): 0
            case (nil, _): -2
            case (_, nil): 2
            }
        }
        switch column {
        case .jid: return cmp(a.jail.jid, b.jail.jid)
        case .name: return cmp(a.jail.name, b.jail.name)
        case .state: return cmp(a.jail.state.sortRank, b.jail.state.sortRank)
        case .cpu, .history: return cmp(a.cpuPercent, b.cpuPercent)
        case .memory: return cmp(a.memoryBytes, b.memoryBytes)
        case .limit: return cmp(a.tightest?.fraction, b.tightest?.fraction)
        case .processes: return cmp(a.jail.state == .running ? a.jail.summary.processes : nil, b.jail.state == .running ? b.jail.summary.processes : nil)
        case .threads: return cmp(a.jail.state == .running ? a.jail.summary.threads : nil, b.jail.state == .running ? b.jail.summary.threads : nil)
        case .disk: return cmp(a.readBytesPerSecond.map { $0 + (a.writeBytesPerSecond ?? 0) }, b.readBytesPerSecond.map { $0 + (b.writeBytesPerSecond ?? 0) })
        case .network: return cmp(a.rxBytesPerSecond.map { $0 + (a.txBytesPerSecond ?? 0) }, b.rxBytesPerSecond.map { $0 + (b.txBytesPerSecond ?? 0) })
        case .address: return cmp(a.jail.primaryAddress, b.jail.primaryAddress)
        }
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
    /// Running first, then dying, then stopped, when sorting by state.
    var sortRank: Int {
        switch self {
        case .running: 2
        case .dying: 1
        case .stopped: 0
        }
    }
}
