import JailtopModel

/// The `jailtop snapshot` text: a top(1)-style summary of the host, then one row per jail
/// with CPU, memory, processes and the limit it is closest to.
public struct SnapshotReport: Sendable {
    public var snapshot: Snapshot
    /// The jails to list (all of them unless `-J` picked one); the summary always covers the host.
    public var jails: [Jail]
    /// Rates against the previous sample; without it CPU % comes from ps's decaying average.
    public var delta: SnapshotDelta?
    /// Local time of the sample, already formatted (the caller knows the time zone).
    public var clock: String

    public init(snapshot: Snapshot, jails: [Jail]? = nil, delta: SnapshotDelta? = nil, clock: String) {
        self.snapshot = snapshot
        self.jails = jails ?? snapshot.jails
        self.delta = delta
        self.clock = clock
    }

    /// The summary and the table. Problems with the sample are not part of it: the command
    /// writes them to stderr.
    public func render() -> [String] {
        renderBytes().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// The same as newline-terminated lines in one buffer, as `jailtop snapshot` writes it.
    public func renderBytes() -> [UInt8] {
        var out = Array((summaryLines().joined(separator: "\n") + "\n\n").utf8)
        out.append(contentsOf: jailTable().renderBytes())
        return out
    }

    func summaryLines() -> [String] {
        let h = snapshot.host
        let up = Units.uptime(seconds: h.uptime(at: snapshot.time))
        let load = h.loadavg.map { $0.map { String(format2: $0) }.joined(separator: " ") } ?? Units.unknown
        let cpu = h.cpuPercent.map { Units.percent($0) + "%" } ?? Units.unknown
        let mem = "\(Units.bytes(h.memUsedBytes))/\(Units.bytes(h.physmemBytes))"
        // "unknown" only when there are such jails (the jail list could not be read).
        let counts = JailState.allCases.map { state in (state, snapshot.jails.filter { $0.state == state }.count) }
            .filter { $0.0 != .unknown || $0.1 > 0 }
        let jails = counts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
        return [
            SanitizedText.clean("\(h.hostname ?? Units.unknown)  \(h.osrelease ?? Units.unknown)  up \(up)  \(clock)"),
            "load averages: \(load)  CPU: \(cpu) of \(h.ncpu.map(String.init) ?? Units.unknown) CPUs  Mem: \(mem)  racct: \(h.racct.rawValue)",
            "jails: \(jails)  processes: \(snapshot.processCount)",
        ]
    }

    func jailTable() -> TextTable {
        let managed = jails.contains { $0.managedBy != nil }
        var table = TextTable(columns: Self.jailColumns(managed: managed, host: false))
        for jail in jails { table.append(jailCells(jail, managed: managed)) }
        return table
    }

    /// The table's columns: HOST first across hosts, and MANAGER only on a host where a jail
    /// manager owns a jail.
    static func jailColumns(managed: Bool, host: Bool) -> [TextTable.Column] {
        var columns: [TextTable.Column] = [
            .init("JID", right: true), .init("NAME"), .init("STATE"), .init("CPU%", right: true),
            .init("RSS", right: true), .init("PROCS", right: true), .init("THR", right: true),
            .init("LIMIT", right: true), .init("RESOURCE"), .init("ADDRESS"),
        ]
        if managed { columns.insert(.init("MANAGER"), at: 2) }
        if host { columns.insert(.init("HOST"), at: 0) }
        return columns
    }

    /// One jail's row. NAME is the manager's name for its jails (iocage `web.1`), as the admin
    /// knows them.
    func jailCells(_ jail: Jail, managed: Bool) -> [String] {
        let running = jail.state == .running
        // RSS is ps's figure on purpose (the column says so); racct's memoryuse is the dashboard's.
        let figures = JailFigures(jail: jail, delta: delta, ownUsage: nil)
        var limit = "-", resource = "-"
        if let tight = figures.tightest {
            limit = Units.wholePercent(fraction: tight.fraction) + (tight.estimated ? "~" : "")
            resource = tight.rule.resource + ":" + tight.rule.action.rawValue
        }
        var cells = [
            jail.jid.map(String.init) ?? "-", jail.displayName, jail.state.rawValue,
            figures.cpuPercent.map(Units.percent) ?? "-", running ? Units.bytes(jail.summary.rssBytes) : "-",
            running ? String(jail.summary.processes) : "-", running ? String(jail.summary.threads) : "-",
            limit, resource, jail.primaryAddress,
        ]
        if managed { cells.insert(jail.managedBy.map { $0.manager + ($0.conflict == nil ? "" : "!") } ?? "-", at: 2) }
        return cells
    }
}

extension String {
    /// Two decimals, as load averages are shown (no Foundation formatting needed).
    init(format2 value: Double) {
        guard value.isFinite else {
            self = Units.unknown
            return
        }
        let hundredths = Int((Swift.min(Swift.max(0, value), 1e12) * 100).rounded())
        let whole = hundredths / 100, frac = hundredths % 100
        self = "\(whole)." + (frac < 10 ? "0" : "") + "\(frac)"
    }
}
