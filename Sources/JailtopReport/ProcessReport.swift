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
        table().render()
    }

    /// The report as one buffer of newline-terminated lines, as `jailtop ps` writes it.
    public func renderBytes() -> [UInt8] {
        table().renderBytes()
    }

    /// The report as `renderBytes` has it, handed to `sink` in pieces of about 256 KiB, as
    /// `jailtop ps` writes it: 50 000 rows never sit in one output buffer. With two CPUs or
    /// more, a large list is made into a table in two halves at once, a second thread making
    /// the second half's cells; this thread then writes both halves' lines in the widths of the
    /// whole. (The second thread writing its own lines as well, into pieces held until the
    /// first half was out, cost more CPU and some 700 more page faults on 50 000 rows, for no
    /// wall time that could be told apart.)
    public func write(to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let half = processes.count / 2
        guard half >= Self.rowsWorthASecondThread, sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1 else {
            return try table().write(to: sink)
        }
        let names = JailNames(snapshot)
        let second = SecondHalf()
        let rest = processes[half...]
        // A queue of its own, so libdispatch gives it a thread of its own (see parallelArray).
        DispatchQueue(label: "jailtop-ps").async {
            second.table = Self.table(of: rest, names: names)
            second.made.signal()
        }
        let first = Self.table(of: processes[..<half], names: names)
        second.made.wait()
        guard let rest = second.table.take() else { preconditionFailure("the second half is made before it is signalled") }
        let widths = zip(first.columnWidths, rest.columnWidths).map { max($0, $1) }
        try first.write(titles: true, widths: widths, to: sink)
        try rest.write(titles: false, widths: widths, to: sink)
    }

    /// Below this many rows a half, one thread makes the table.
    static let rowsWorthASecondThread = 4096

    /// The second half, made on the helper's thread. `@unchecked Sendable`: `table` is written
    /// by that thread before `made` is signalled and taken by the other only after its wait.
    private final class SecondHalf: @unchecked Sendable {
        var table: TextTable?
        let made = DispatchSemaphore(value: 0)
    }

    func table() -> TextTable {
        Self.table(of: processes[...], names: JailNames(snapshot))
    }

    static func table(of rows: ArraySlice<JailProcess>, names: JailNames) -> TextTable {
        // The command lines, most of the text, are kept as the processes' strings and copied
        // once, as the lines are written; the other cells take some 50 bytes a row, with room
        // for all of them up front.
        var table = TextTable(columns: columns(host: false), keepingLastColumnAsStrings: true)
        table.reserveCapacity(rows: rows.count, bytesPerRow: 64)
        appendRows(rows, names: names, to: &table, host: nil)
        return table
    }

    /// `jailtop ps --host …`: every host's processes in one table, HOST first.
    public static func fleetBytes(_ reports: [(host: String, report: ProcessReport)]) -> [UInt8] {
        var table = TextTable(columns: columns(host: true), keepingLastColumnAsStrings: true)
        table.reserveCapacity(rows: reports.reduce(0) { $0 + $1.report.processes.count }, bytesPerRow: 110)
        for (host, report) in reports {
            appendRows(report.processes[...], names: JailNames(report.snapshot), to: &table, host: host)
        }
        return table.renderBytes()
    }

    static func columns(host: Bool) -> [TextTable.Column] {
        let columns: [TextTable.Column] = [
            .init("PID", right: true), .init("JID", right: true), .init("JAIL"), .init("USER"),
            .init("%CPU", right: true), .init("%MEM", right: true), .init("RSS", right: true), .init("STAT"),
            .init("TIME", right: true), .init("COMMAND"),
        ]
        return host ? [.init("HOST")] + columns : columns
    }

    /// Cell by cell, in the columns' order: no array of ten Strings per process.
    static func appendRows(_ processes: ArraySlice<JailProcess>, names: JailNames, to table: inout TextTable, host: String?) {
        for i in processes.indices {
            let jid = processes[i].jid
            if let host { table.addCell(host) }
            table.addCell(processes[i].pid)
            table.addCell(jid)
            table.addCell(names[jid])
            table.addCell(processes[i].user)
            table.addCell { Units.percent(processes[i].cpuPercent, into: &$0) }
            table.addCell { Units.percent(processes[i].memPercent, into: &$0) }
            table.addCell { Units.bytes(processes[i].rssBytes, into: &$0) }
            table.addCell(processes[i].state)
            table.addCell { Units.cpuTime(processes[i].cpuTimeS, into: &$0) }
            table.addCell(processes[i].args.isEmpty ? processes[i].command : processes[i].args)
        }
    }
}

/// What the JAIL column shows for a JID: the jail's name (`jailNamesByJID`), "-" for the
/// host, "?" for a JID no jail has. Looked up for every row (pid order interleaves jails:
/// 41 000 of 50 000 rows of the large host change jail), so a JID below
/// `ProcessTotals.denseJIDs`, where the kernel hands them out from 1 up, is an array index, as
/// in `ProcessTotals`; any other goes through the dictionary.
struct JailNames: Sendable {
    private var dense: [String] = []
    private let byJID: [Int: String]

    init(_ snapshot: Snapshot) {
        byJID = snapshot.jailNamesByJID()
        for (jid, name) in byJID where jid >= 0 && jid < ProcessTotals.denseJIDs {
            if jid >= dense.count { dense += (dense.count...jid).map(Self.unnamed) }
            dense[jid] = name
        }
    }

    subscript(jid: Int) -> String {
        if jid >= 0, jid < dense.count { return dense[jid] }
        return byJID[jid] ?? Self.unnamed(jid)
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
