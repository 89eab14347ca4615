import Foundation
import Testing

@testable import JailtopModel
@testable import JailtopReport

@Suite struct ReportTests {
    @Test func tableAlignsByDisplayColumnsAndSanitizes() {
        var t = TextTable(columns: [.init("JID", right: true), .init("NAME"), .init("CMD")])
        t.append(["1", "日本", "nginx"])
        t.append(["12", "evil\u{1B}[2J", "args with\ttab"])
        #expect(t.render() == [
            "JID NAME     CMD",
            "  1 日本     nginx",
            " 12 evil\u{FFFD}[2J args with\u{FFFD}tab",
        ])
    }

    @Test func cellsAddedOneByOneMakeTheSameTableAsRows() {
        let columns: [TextTable.Column] = [.init("PID", right: true), .init("NI", right: true), .init("NAME"), .init("CMD")]
        var byRow = TextTable(columns: columns), byCell = TextTable(columns: columns)
        for (pid, nice, name, command) in [(1, 0, "init", "/sbin/init"), (98765, -20, "evil\u{1B}[2J", "x\ty"), (-42, 7, "", "")] {
            byRow.append([String(pid), String(nice), name, command])
            byCell.addCell(pid)
            byCell.addCell(nice)
            byCell.addCell(name)
            byCell.addCell(command)
        }
        #expect(byCell.renderBytes() == byRow.renderBytes())
        #expect(byCell.render()[2] == "98765 -20 evil\u{FFFD}[2J x\u{FFFD}y")
        #expect(byCell.render()[3] == "  -42   7")
        var extremes = TextTable(columns: [.init("N", right: true)])
        extremes.addCell(Int.min)
        extremes.addCell(Int.max)
        #expect(extremes.render() == ["                   N", String(Int.min), " " + String(Int.max)])
    }

    @Test func snapshotReportShowsHostJailsAndLimits() {
        var usage = ResourceUsage()
        usage[.memoryuse] = 950 * 1_048_576
        let www = Jail(
            jid: 3, name: "www", state: .running, ip4: ["192.0.2.10"], racct: usage,
            rules: [RctlRule(subjectID: "www", resource: "memoryuse", action: .deny, amount: 1000 * 1_048_576)],
            summary: JailSummary(processes: 37, threads: 61, cpuPercent: 3.25, rssBytes: 950 * 1_048_576))
        let stopped = Jail(jid: nil, name: "build", state: .stopped, configured: true)
        let host = HostInfo(
            hostname: "h1", osrelease: "14.3-RELEASE", ncpu: 8, physmemBytes: 8 << 30, loadavg: [0.42, 0.38, 0.35],
            boottime: 1_764_400_000, racct: .enabled, cpuPercent: 12.5, memUsedBytes: 3 << 30)
        let s = Snapshot(time: 1_764_490_061, host: host, jails: [www, stopped], processes: [], errors: [SourceIssue(source: .network, message: "netstat timed out")])
        #expect(SnapshotReport(snapshot: s, clock: "12:00:00").render() == [
            "h1  14.3-RELEASE  up 1 day, 01:01  12:00:00",
            "load averages: 0.42 0.38 0.35  CPU: 12.5% of 8 CPUs  Mem: 3.0G/8.0G  racct: enabled",
            "jails: 1 running, 0 dying, 1 stopped  processes: 0",
            "",
            "JID NAME  STATE   CPU%  RSS PROCS THR LIMIT RESOURCE       ADDRESS",
            "  3 www   running  3.3 950M    37  61   95% memoryuse:deny 192.0.2.10",
            "  - build stopped    -    -     -   -     - -              -",
        ])
    }

    /// Issue 11 (4): a 20 MB jail name from a file padded every row to 20 MB (58 s, 885 MB).
    @Test func hugeCellsAreCutForDisplay() {
        var t = TextTable(columns: [.init("JID", right: true), .init("NAME"), .init("CMD")])
        t.append(["1", String(repeating: "n", count: 5_000_000), String(repeating: "a", count: 200_000)])
        t.append(["2", "db", "x"])
        let lines = t.render()
        #expect(lines[2] == "  2 " + "db".padding(toLength: TextTable.maxCellColumns, withPad: " ", startingAt: 0) + " x")
        #expect(lines[1].count == 4 + TextTable.maxCellColumns + 1 + TextTable.maxLastCellColumns)
        #expect(lines[1].contains("n…"))
    }

    /// Issue 13: `jailtop ps` writes its table in pieces of one reused block; the pieces are
    /// the whole table's bytes, cut between lines, however small the block or long a line.
    @Test func aTableWrittenInPiecesIsTheWholeTable() throws {
        var t = TextTable(columns: [.init("PID", right: true), .init("NAME"), .init("%CPU", right: true), .init("CMD")])
        for pid in 1...3000 {
            t.addCell(pid)
            t.addCell(pid % 7 == 0 ? "evil\u{1B}[2J" : pid % 5 == 0 ? "日本" : "nginx")
            t.addCell { $0.append(pid % 100, width: 2) }
            t.addCell(pid == 1500 ? String(repeating: "a", count: 70_000) : "/usr/sbin/cron -s \(pid)")
        }
        let whole = t.renderBytes()
        for chunk in [1, 64, 1000, 4096, 256 << 10] {
            var pieces: [[UInt8]] = []
            t.write(chunkBytes: chunk) { pieces.append(Array($0)) }
            #expect(Array(pieces.joined()) == whole, "chunk \(chunk)")
            #expect(pieces.allSatisfy { $0.last == UInt8(ascii: "\n") }, "pieces end at line ends")
            #expect(pieces.dropLast().allSatisfy { $0.count >= chunk }, "chunk \(chunk)")
        }
        // A sink that fails ends the writing there, with its error.
        struct Closed: Error {}
        var calls = 0
        #expect(throws: Closed.self) {
            try t.write(chunkBytes: 4096) { _ in
                calls += 1
                if calls == 3 { throw Closed() }
            }
        }
        #expect(calls == 3)
    }

    /// `jailtop ps` writes its lines straight from the processes, measuring its number columns
    /// without writing the numbers: the bytes are those of a table of the same cells made as
    /// strings, for every kind of cell (hostile and wide names and users, NaN, values at the
    /// units' edges, a JID without a jail and one past the dense names, command lines with
    /// escapes, longer than the cap, empty args shown as the command), whole or in pieces, on
    /// one thread or two.
    @Test func psLinesAreTheTableOfTheirCells() {
        let users = ["root", "evil\u{1B}[2J", "日本", String(repeating: "u", count: 300), "", "www"]
        let commands = ["/usr/sbin/cron -s", "evil \u{1B}]0;title\u{07}", "tab\there \u{9B}31m", "日本語 args", "trailing   "]
        let rare = [100: String(repeating: "a", count: TableCell.maxLastColumns + 10), 101: String(repeating: "\u{1B}", count: 5000)]
        let doubles: [Double] = [0, 0.04, 0.05, 9.95, 99.95, 1234.5, .nan, 1e9, -3, 59.999, 1e16]
        let sizes = [0, 1, 1023, 1024, 10 * 1024 - 1, 1 << 30, Int.max, -5]
        let jids = [0, 1, 2, 7, 70_000, 999_999]
        let count = 3 * ProcessReport.rowsWorthASecondThread + 17
        let processes = (0..<count).map { i in
            JailProcess(
                pid: i == 5 ? 99_999 : 10 + i, ppid: 1, jid: jids[i % jids.count], uid: 0, user: users[i % users.count],
                cpuPercent: doubles[i % doubles.count], memPercent: doubles[(i / 3) % doubles.count],
                rssBytes: sizes[i % sizes.count], vszBytes: 0, cpuTimeS: doubles[(i / 7) % doubles.count], elapsedS: 10,
                state: i % 13 == 0 ? "S\u{1B}" : "SJ", threads: 1, priority: 20, nice: 0, command: i % 4 == 0 ? "sh" : "日本",
                args: rare[i] ?? (i % 3 == 0 ? "" : commands[i % commands.count]))
        }
        let jails = [
            Jail(jid: 1, name: "www", state: .running), Jail(jid: 2, name: "日本語\u{1B}[1m", state: .running),
            Jail(jid: 70_000, name: "beyond", state: .dying), Jail(jid: 999_999, name: "far", state: .running),
        ]
        let snapshot = Snapshot(time: 0, host: Self.host, jails: jails, processes: processes)
        let names: [Int: String] = [1: "www", 2: "日本語\u{1B}[1m", 70_000: "beyond", 999_999: "far"]
        func table(of processes: ArraySlice<JailProcess>) -> [UInt8] {
            var table = TextTable(columns: ProcessLines.titles.indices.map {
                TextTable.Column(ProcessLines.titles[$0], right: ProcessLines.alignedRight[$0])
            })
            for p in processes {
                table.append([
                    String(p.pid), String(p.jid), p.jid == 0 ? "-" : names[p.jid] ?? "?", p.user, Units.percent(p.cpuPercent),
                    Units.percent(p.memPercent), Units.bytes(p.rssBytes), p.state, Units.cpuTime(p.cpuTimeS),
                    p.args.isEmpty ? p.command : p.args,
                ])
            }
            return table.renderBytes()
        }
        let expected = table(of: processes[...])
        let report = ProcessReport(snapshot: snapshot, processes: processes)
        #expect(report.renderBytes() == expected)
        var pieces: [UInt8] = []
        report.write { pieces += $0 }
        #expect(pieces == expected, "written in two halves")
        // Fewer rows than a second thread is worth: one thread, the same bytes.
        let small = ProcessReport(snapshot: snapshot, processes: Array(processes[90..<130]))
        var one: [UInt8] = []
        small.write { one += $0 }
        #expect(one == table(of: processes[90..<130]))
        // Columns measured from their largest figures: NaN everywhere, or with -infinity, or
        // the largest figure first or last, the same bytes.
        for figures: [Double] in [[.nan], [.nan, -.infinity], [-.infinity, -1], [1e16, 0.04, .nan], [.nan, 0.04, 99_999.96]] {
            let rows = processes[..<40].enumerated().map { i, p in
                var p = p
                (p.cpuPercent, p.memPercent, p.cpuTimeS) = (figures[i % figures.count], figures[(i + 1) % figures.count], figures[i % figures.count])
                return p
            }
            #expect(ProcessReport(snapshot: snapshot, processes: rows).renderBytes() == table(of: rows[...]), "\(figures)")
        }
        #expect(String(decoding: expected, as: UTF8.self).contains("evil \u{FFFD}]0;title\u{FFFD}"))
        // A sink that fails ends the writing, with its error, once the second thread is done,
        // whether that thread is waiting for a block or has filled every one ahead.
        struct Closed: Error {}
        let rowPieces = (count + ProcessReport.rowsPerPiece - 1) / ProcessReport.rowsPerPiece
        #expect(rowPieces > 2 * PieceRing<ProcessReport.LineBlock>.blocks, "more odd pieces than blocks")
        for failing in [1, 2, 3, rowPieces - 1] {
            var calls = 0
            #expect(throws: Closed.self) {
                try report.write { _ in
                    calls += 1
                    if calls == failing { throw Closed() }
                }
            }
            #expect(calls == failing)
        }
    }

    static let host = HostInfo(hostname: "h", osrelease: nil, ncpu: nil, physmemBytes: nil, loadavg: nil, boottime: nil, racct: .enabled)

    /// `jailtop ps` on a large host makes its table in two halves at once; the text is the one
    /// table's, whichever half holds the widest cells.
    @Test func aLargeProcessListMadeInTwoHalvesIsTheOneTable() {
        let count = 2 * ProcessReport.rowsWorthASecondThread + 3
        let processes = (0..<count).map { i in
            JailProcess(
                pid: 100 + i, ppid: 1, jid: i % 3, uid: 0, user: i == count - 1 ? "a-long-user-name" : "root",
                cpuPercent: Double(i % 100), memPercent: 0.1, rssBytes: i * 4096, vszBytes: 0, cpuTimeS: Double(i),
                elapsedS: 10, state: "S", threads: 1, priority: 20, nice: 0, command: "sh",
                args: i % 11 == 0 ? "evil \u{1B}]0;title\u{07}" : "/bin/sh -c \(i)")
        }
        let jails = [Jail(jid: 1, name: "www", state: .running), Jail(jid: 2, name: "日本語", state: .running)]
        let report = ProcessReport(snapshot: Snapshot(time: 0, host: Self.host, jails: jails, processes: processes), processes: processes)
        var bytes: [UInt8] = []
        report.write { bytes += $0 }
        #expect(bytes == report.renderBytes())
        #expect(String(decoding: bytes, as: UTF8.self).contains("a-long-user-name"))
    }

    /// The JAIL column: a name by JID, an array index below 65 536 and a dictionary above.
    @Test func jailNamesByJIDDenseAndSparse() {
        let jails = [
            Jail(jid: 3, name: "www", state: .running), Jail(jid: 999_999, name: "far", state: .running),
            Jail(jid: nil, name: "stopped", state: .stopped), Jail(jid: 70_000, name: "beyond", state: .dying),
        ]
        let names = JailNames(Snapshot(time: 0, host: Self.host, jails: jails, processes: []))
        #expect(names[0] == "-" && names[1] == "?" && names[3] == "www" && names[4] == "?")
        #expect(names[999_999] == "far" && names[70_000] == "beyond" && names[65_536] == "?" && names[-1] == "?")
    }

    @Test func unknownHostFactsShowAsQuestionMarksNotZeros() {
        let host = HostInfo(
            hostname: nil, osrelease: nil, ncpu: nil, physmemBytes: nil, loadavg: nil, boottime: nil, racct: .enabled)
        let s = Snapshot(time: 1_764_490_061, host: host, jails: [], processes: [])
        let lines = SnapshotReport(snapshot: s, clock: "12:00:00").render()
        #expect(lines[0] == "?  ?  up ?  12:00:00")
        #expect(lines[1] == "load averages: ?  CPU: ? of ? CPUs  Mem: ?/?  racct: enabled")
    }
}
