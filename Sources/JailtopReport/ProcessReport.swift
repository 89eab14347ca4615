import Dispatch
import JailtopModel

/// The `jailtop ps` text: every process with the JID and name of the jail it runs in
/// (the pid→jail job of jps), in pid order, with the full argument list last.
public struct ProcessReport: Sendable {
    public var snapshot: Snapshot
    public var processes: [JailProcess]

    public init(snapshot: Snapshot, processes: [JailProcess]) {
        self.snapshot = snapshot
        self.processes = processes
    }

    public func render() -> [String] {
        renderBytes().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// The report as one buffer of newline-terminated lines, made by this thread alone.
    public func renderBytes() -> [UInt8] {
        var out: [UInt8] = []
        writeOnThisThread { out += $0 }
        return out
    }

    /// The report measured and written by this thread alone, in pieces to `sink`.
    private func writeOnThisThread(_ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let names = JailNames(snapshot)
        var lines = ProcessLines(host: false)
        var pieces = TablePieces()
        lines.measure(processes[...], names: names, host: nil)
        try lines.writeTitles(into: &pieces, sink)
        try lines.write(processes[...], names: names, host: nil, into: &pieces, sink)
        try pieces.finish(sink)
    }

    /// The report as `renderBytes` has it, handed to `sink` in pieces of about 256 KiB, as
    /// `jailtop ps` writes it: 50 000 rows never sit in one output buffer. With two CPUs or
    /// more, a large list is written by two threads at once (`writeOnTwoThreads`). What `sink`
    /// throws ends the writing.
    public func write(to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard processes.count / 2 >= Self.rowsWorthASecondThread, sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1 else {
            return try writeOnThisThread(sink)
        }
        try writeOnTwoThreads(sink)
    }

    /// Below this many rows a half, one thread writes the report.
    static let rowsWorthASecondThread = 4096

    /// `jailtop ps --host …`: every host's processes in one table, HOST first.
    public static func fleetBytes(_ reports: [(host: String, report: ProcessReport)]) -> [UInt8] {
        var lines = ProcessLines(host: true)
        let named = reports.map { (host: $0.host, report: $0.report, names: JailNames($0.report.snapshot)) }
        for (host, report, names) in named { lines.measure(report.processes[...], names: names, host: host) }
        var out: [UInt8] = []
        var pieces = TablePieces()
        lines.writeTitles(into: &pieces) { out += $0 }
        for (host, report, names) in named {
            lines.write(report.processes[...], names: names, host: host, into: &pieces) { out += $0 }
        }
        pieces.finish { out += $0 }
        return out
    }
}

/// `jailtop ps`'s lines, written straight from the processes in `TableLine`'s rules: the
/// columns' widths are measured first (a number's from its value, `Units.percentWidth` and its
/// siblings, without writing it), then each row's cells are written once, into its line. No
/// table of 500 000 cells is made, and paged in, before the first line can be written.
///
/// The columns, in order: HOST (across hosts), PID, JID, JAIL, USER, %CPU, %MEM, RSS, STAT,
/// TIME, COMMAND; `measure` and `write` take them in that order.
struct ProcessLines {
    static let titles = ["PID", "JID", "JAIL", "USER", "%CPU", "%MEM", "RSS", "STAT", "TIME", "COMMAND"]
    /// Which of `titles` are right-aligned (the numbers).
    static let alignedRight: [Bool] = [true, true, false, false, true, true, true, false, true, false]

    /// Each padded column's width (every column but COMMAND), the titles' included.
    private(set) var widths: [Int]
    let hasHost: Bool

    init(host: Bool) {
        hasHost = host
        widths = ((host ? ["HOST"] : []) + Self.titles.dropLast()).map(\.utf8.count)
    }

    /// Each column as wide as its widest cell in either.
    mutating func widen(to other: ProcessLines) {
        for i in widths.indices { widths[i] = max(widths[i], other.widths[i]) }
    }

    /// Widens the columns to the rows' cells.
    mutating func measure(_ rows: ArraySlice<JailProcess>, names: JailNames, host: String?) {
        let offset = hasHost ? 1 : 0
        if hasHost, let host { widths[0] = max(widths[0], TableCell.width(host, cap: TableCell.maxColumns)) }
        var w = (
            pid: widths[offset], jid: widths[offset + 1], jail: widths[offset + 2], user: widths[offset + 3],
            cpu: widths[offset + 4], mem: widths[offset + 5], rss: widths[offset + 6], state: widths[offset + 7],
            time: widths[offset + 8])
        // PID, JID, %CPU, %MEM and TIME are never narrower for a larger value (pids and JIDs
        // are not negative; a NaN's "?" is narrower than any figure): their widths come from
        // the largest values, worked out once. RSS's do not ("1023K", then "1.0M").
        // (A figure's, when any is not NaN; -infinity writes as 0.)
        var most = (pid: 0, jid: 0, cpu: Double.nan, mem: Double.nan, time: Double.nan)
        for i in rows.indices {
            let jid = rows[i].jid
            most.pid = max(most.pid, rows[i].pid)
            most.jid = max(most.jid, jid)
            w.jail = max(w.jail, names.width(jid))
            w.user = max(w.user, TableCell.width(rows[i].user, cap: TableCell.maxColumns))
            most.cpu = Self.larger(most.cpu, rows[i].cpuPercent)
            most.mem = Self.larger(most.mem, rows[i].memPercent)
            w.rss = max(w.rss, Units.bytesWidth(rows[i].rssBytes))
            w.state = max(w.state, TableCell.width(rows[i].state, cap: TableCell.maxColumns))
            most.time = Self.larger(most.time, rows[i].cpuTimeS)
        }
        if !rows.isEmpty {
            w.pid = max(w.pid, ASCIIText.width(of: most.pid))
            w.jid = max(w.jid, ASCIIText.width(of: most.jid))
            // Only NaNs: the width of "?", which these width functions give for NaN.
            w.cpu = max(w.cpu, Units.percentWidth(most.cpu))
            w.mem = max(w.mem, Units.percentWidth(most.mem))
            w.time = max(w.time, Units.cpuTimeWidth(most.time))
        }
        widths.replaceSubrange(offset..., with: [w.pid, w.jid, w.jail, w.user, w.cpu, w.mem, w.rss, w.state, w.time])
    }

    /// The larger of two figures, a NaN losing to any number.
    @inline(__always)
    private static func larger(_ a: Double, _ b: Double) -> Double {
        a.isNaN || b > a ? (b.isNaN ? a : b) : a
    }

    /// The titles' line.
    func writeTitles(into pieces: inout TablePieces, _ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let titles = (hasHost ? ["HOST"] : []) + Self.titles
        let right = (hasHost ? [false] : []) + Self.alignedRight
        let start = pieces.room(for: padding + titles.reduce(0) { $0 + $1.utf8.count })
        var line = TableLine(at: start)
        for i in titles.indices.dropLast() {
            line.cell(width: titles[i].utf8.count, columnWidth: widths[i], right: right[i]) { at in
                titles[i].utf8.withContiguousStorageIfAvailable { at.initialize(from: $0.baseAddress!, count: $0.count) }
                return titles[i].utf8.count
            }
        }
        line.last(titles[titles.count - 1])
        try pieces.wrote(line.end(), sink)
    }

    /// The rows' lines, into `pieces`, full pieces handed to `sink`.
    func write(
        _ rows: ArraySlice<JailProcess>, names: JailNames, host: String?, into pieces: inout TablePieces,
        _ sink: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        let padding = padding
        // Through a buffer pointer: each cell's string is lent to the line as it is, not
        // retained and released again for every cell of 50 000 rows.
        try rows.withUnsafeBufferPointer { rows in
            for i in rows.indices {
                let start = pieces.room(for: padding + room(for: rows, i, names: names, host: host))
                try pieces.wrote(writeLine(rows, i, names: names, host: host, at: start), sink)
            }
        }
    }

    /// Separators, newline and every padded column's width: the most a line takes beside its
    /// cells' own bytes.
    private var padding: Int { widths.reduce(widths.count + 2) { $0 + $1 } }

    /// The most bytes row `i`'s line may take beside the padding: its text cells sanitized at
    /// worst, and room for each number written in place. (Rows are read field by field, by
    /// index: a whole process copied would retain and release each of its strings.)
    @inline(__always)
    private func room(for rows: UnsafeBufferPointer<JailProcess>, _ i: Int, names: JailNames, host: String?) -> Int {
        6 * ASCIIText.capacity + TableCell.mostBytes(rows[i].user) + TableCell.mostBytes(rows[i].state)
            + TableCell.mostBytes(names[rows[i].jid])
            + TableCell.mostBytes(rows[i].args.isEmpty ? rows[i].command : rows[i].args) + (host.map(TableCell.mostBytes) ?? 0)
    }

    @inline(__always)
    private func writeLine(
        _ rows: UnsafeBufferPointer<JailProcess>, _ i: Int, names: JailNames, host: String?, at start: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let o = hasHost ? 1 : 0
        let (jid, cpu, mem, rss, time) = (rows[i].jid, rows[i].cpuPercent, rows[i].memPercent, rows[i].rssBytes, rows[i].cpuTimeS)
        var line = TableLine(at: start)
        if let host { line.text(host, cap: TableCell.maxColumns, columnWidth: widths[0]) }
        line.number(rows[i].pid, columnWidth: widths[o])
        line.number(jid, columnWidth: widths[o + 1])
        line.text(names[jid], cap: TableCell.maxColumns, columnWidth: widths[o + 2])
        line.text(rows[i].user, cap: TableCell.maxColumns, columnWidth: widths[o + 3])
        line.formatted(columnWidth: widths[o + 4]) { Units.percent(cpu, into: &$0) }
        line.formatted(columnWidth: widths[o + 5]) { Units.percent(mem, into: &$0) }
        line.formatted(columnWidth: widths[o + 6]) { Units.bytes(rss, into: &$0) }
        line.text(rows[i].state, cap: TableCell.maxColumns, columnWidth: widths[o + 7])
        line.formatted(columnWidth: widths[o + 8]) { Units.cpuTime(time, into: &$0) }
        line.last(rows[i].args.isEmpty ? rows[i].command : rows[i].args)
        return line.end()
    }
}

/// What the JAIL column shows for a JID: the jail's name (`jailNamesByJID`), "-" for the
/// host, "?" for a JID no jail has. Looked up for every row (pid order interleaves jails:
/// 41 000 of 50 000 rows of the large host change jail), so a JID below
/// `ProcessTotals.denseJIDs`, where the kernel hands them out from 1 up, is an array index, as
/// in `ProcessTotals`; any other goes through the dictionary.
struct JailNames: Sendable {
    private var dense: [String] = []
    /// The width of each of `dense`'s names as a cell (`TableCell.width`).
    private var denseWidths: [Int] = []
    private let byJID: [Int: String]

    init(_ snapshot: Snapshot) {
        byJID = snapshot.jailNamesByJID()
        for (jid, name) in byJID where jid >= 0 && jid < ProcessTotals.denseJIDs {
            if jid >= dense.count { dense += (dense.count...jid).map(Self.unnamed) }
            dense[jid] = name
        }
        denseWidths = dense.map { TableCell.width($0, cap: TableCell.maxColumns) }
    }

    subscript(jid: Int) -> String {
        if jid >= 0, jid < dense.count { return dense[jid] }
        return byJID[jid] ?? Self.unnamed(jid)
    }

    /// The width of `self[jid]` as a cell.
    func width(_ jid: Int) -> Int {
        if jid >= 0, jid < denseWidths.count { return denseWidths[jid] }
        return TableCell.width(self[jid], cap: TableCell.maxColumns)
    }

    private static func unnamed(_ jid: Int) -> String { jid == 0 ? "-" : "?" }
}

extension Snapshot {
    /// Jail names by JID for the jails that have one (running and dying).
    public func jailNamesByJID() -> [Int: String] {
        var names: [Int: String] = [:]
        for j in jails { if let jid = j.jid { names[jid] = j.name } }
        return names
    }
}
