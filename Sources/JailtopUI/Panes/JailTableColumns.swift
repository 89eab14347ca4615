import JailtopModel

/// Columns of the jail table, in display order.
public enum JailColumn: Int, Sendable, CaseIterable, Equatable {
    case host, jid, name, manager, state, cpu, memory, limit, processes, threads, disk, network, address, history

    public var title: String { JailTableColumns.column(self).title }

    /// Whether sorting by this column is meaningful.
    public var sortable: Bool { JailTableColumns.column(self).sortable }
}

/// What a row sorts by in a column: a number, or text turned into an order-preserving key.
enum SortKey: Comparable, Sendable {
    case number(Double)
    case text(String)

    static func count(_ value: Int?) -> SortKey? { value.map { .number(Double($0)) } }
}

/// What a jail cell is drawn with besides its row.
struct JailCellContext {
    var width: Int
    /// The sparklines' full scale: the busiest jail's CPU %, at least 100.
    var maxCPU: Double
    var glyphs: Glyphs
    var cpuHistory: [Int: [Double]]
    /// The colour of the row's jail state, which most cells take.
    var stateRole: ColorRole
}

/// One column of the jail table, htop-style: title, width, priority, alignment, cell and sort key.
struct JailTableColumn: Sendable {
    var id: JailColumn
    var title: String
    var width: Int
    var alignRight: Bool
    /// Lower numbers are kept first as the screen narrows; nil means always shown.
    var priority: Int?
    var flexible = false
    var sortable = true
    var sortKey: @Sendable (JailRow) -> SortKey?
    var cell: @Sendable (JailRow, JailCellContext) -> (String, ColorRole)

    var spec: ColumnLayout<JailColumn>.Spec {
        .init(column: id, width: width, alignRight: alignRight, priority: priority, flexible: flexible)
    }
}

/// The jail table's columns in display order; a new column is one entry here.
enum JailTableColumns {
    static func column(_ id: JailColumn) -> JailTableColumn { all[id.rawValue] }

    static let all: [JailTableColumn] = [
        // The fleet dashboard's (`JailTablePane`): the `--host` argument; "!" marks the last
        // rows of a host whose link is down.
        JailTableColumn(
            id: .host, title: "HOST", width: 10, alignRight: false, priority: nil,
            sortKey: { .text($0.jail.remote ?? "") },
            cell: { row, c in ((row.jail.remote ?? "-") + (row.stale ? "!" : ""), row.stale ? .warning : c.stateRole) }),
        JailTableColumn(
            id: .jid, title: "JID", width: 4, alignRight: true, priority: nil,
            sortKey: { SortKey.count($0.jail.jid) },
            cell: { row, c in (row.jail.jid.map(String.init) ?? "-", c.stateRole) }),
        JailTableColumn(
            id: .name, title: "NAME", width: 12, alignRight: false, priority: nil, flexible: true,
            // The manager's name where it has its own (iocage `web.1` for `ioc-web_1`).
            sortKey: { .text($0.jail.displayName) },
            cell: { row, c in (row.treePrefix + row.jail.displayName + (row.foldedJails > 0 ? " [+\(row.foldedJails)]" : ""), c.stateRole) }),
        // Shown only while some jail has a manager (`JailTablePane`); "!" marks a stopped jail
        // whose name another running jail holds.
        JailTableColumn(
            id: .manager, title: "MANAGER", width: 9, alignRight: false, priority: 8,
            sortKey: { .text($0.jail.managedBy?.manager ?? "") },
            cell: { row, c in
                guard let owner = row.jail.managedBy else { return ("-", c.stateRole) }
                return owner.conflict == nil ? (owner.manager, c.stateRole) : (owner.manager + "!", .warning)
            }),
        JailTableColumn(
            id: .state, title: "STATE", width: 7, alignRight: false, priority: 3,
            sortKey: { .number(Double($0.jail.state.liveness)) },
            cell: { row, c in (row.jail.state.rawValue, c.stateRole) }),
        JailTableColumn(
            id: .cpu, title: "CPU%", width: 6, alignRight: true, priority: nil,
            sortKey: { $0.cpuPercent.map(SortKey.number) },
            cell: { row, c in (row.cpuPercent.map(Units.percent) ?? "-", c.stateRole) }),
        // "+": the figure includes the jail's child jails (their racct could not be taken out).
        JailTableColumn(
            id: .memory, title: "MEM", width: 6, alignRight: true, priority: nil,
            sortKey: { SortKey.count($0.memoryBytes) },
            cell: { row, c in (row.memoryBytes.map { Units.bytes($0) + (row.includesChildJails ? "+" : "") } ?? "-", c.stateRole) }),
        JailTableColumn(
            // The tightest limit, named: `mem 96%`; sorted by it, the jail nearest any limit leads.
            id: .limit, title: "LIM%", width: 10, alignRight: true, priority: 1,
            sortKey: { $0.tightest.map { .number($0.fraction) } },
            cell: { row, c in
                guard let t = row.tightest else { return ("-", c.stateRole) }
                let pct = t.fraction.isFinite ? Units.clampedInt(min(t.fraction, 9.99) * 100) ?? 999 : 999
                let role: ColorRole = t.fraction >= 0.9 ? .meterHigh : (t.fraction >= 0.75 ? .meterMedium : c.stateRole)
                let name = t.rule.racctResource?.shortName ?? t.rule.resource
                return ("\(name) \(min(pct, 999))%" + (t.estimated ? "~" : ""), role)
            }),
        JailTableColumn(
            id: .processes, title: "PROCS", width: 5, alignRight: true, priority: 2,
            sortKey: { $0.jail.state == .running ? SortKey.count($0.jail.summary.processes) : nil },
            cell: { row, c in (row.jail.state == .running ? String(row.jail.summary.processes) : "-", c.stateRole) }),
        JailTableColumn(
            id: .threads, title: "THR", width: 5, alignRight: true, priority: 6,
            sortKey: { $0.jail.state == .running ? SortKey.count($0.jail.summary.threads) : nil },
            cell: { row, c in (row.jail.state == .running ? String(row.jail.summary.threads) : "-", c.stateRole) }),
        JailTableColumn(
            id: .disk, title: "DISK R/W", width: 13, alignRight: true, priority: 5,
            sortKey: { row in row.readBytesPerSecond.map { .number($0 + (row.writeBytesPerSecond ?? 0)) } },
            cell: { row, c in
                guard let r = row.readBytesPerSecond, let w = row.writeBytesPerSecond else { return ("-", c.stateRole) }
                return ("\(Units.bytesPerSecond(r))/\(Units.bytesPerSecond(w))" + (row.includesChildJails ? "+" : ""), c.stateRole)
            }),
        JailTableColumn(
            id: .network, title: "NET RX/TX", width: 13, alignRight: true, priority: 4,
            sortKey: { row in row.rxBytesPerSecond.map { .number($0 + (row.txBytesPerSecond ?? 0)) } },
            cell: { row, c in
                guard let rx = row.rxBytesPerSecond, let tx = row.txBytesPerSecond else {
                    return (row.jail.vnet && row.jail.state == .running ? "…" : "-", c.stateRole)
                }
                return ("\(Units.bytesPerSecond(rx))/\(Units.bytesPerSecond(tx))", c.stateRole)
            }),
        JailTableColumn(
            id: .address, title: "ADDRESS", width: 15, alignRight: false, priority: 7,
            sortKey: { .text($0.jail.primaryAddress) },
            cell: { row, c in (row.jail.primaryAddress, c.stateRole) }),
        JailTableColumn(
            id: .history, title: "CPU HISTORY", width: 16, alignRight: false, priority: 9, sortable: false,
            sortKey: { $0.cpuPercent.map(SortKey.number) },
            cell: { row, c in
                let history = row.jail.jid.flatMap { c.cpuHistory[$0] } ?? []
                return (Draw.sparkline(history, width: c.width, maximum: c.maxCPU, glyphs: c.glyphs), .sparkline)
            }),
    ]
}
