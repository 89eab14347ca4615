import Foundation
import JailtopCollect
import Testing

@testable import JailtopModel

/// The real binary against a stand-in FreeBSD host (`JAILTOP_ROOT`): tools that print
/// recorded outputs, log their argv, and fail, hang or print garbage on request.
@Suite struct StandInHostTests {
    /// A private copy of Fixtures/standin-host, so control files and logs stay out of the tree.
    struct Host {
        let root: URL

        init() throws {
            let source = CommandRunner.fixtures.appendingPathComponent("standin-host")
            root = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-host-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: source, to: root)
            for tool in ["usr/sbin/jls", "bin/ps", "usr/bin/rctl", "sbin/sysctl", "usr/bin/netstat", "usr/bin/procstat", "usr/sbin/jail", "usr/sbin/jexec", "bin/kill", "usr/bin/pkill"] {
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.appendingPathComponent(tool).path)
            }
            try FileManager.default.createDirectory(at: root.appendingPathComponent("control"), withIntermediateDirectories: true)
        }

        func control(_ tool: String, _ mode: String) throws {
            try mode.write(to: root.appendingPathComponent("control/\(tool)"), atomically: true, encoding: .utf8)
        }

        var calls: [String] {
            ((try? String(contentsOf: root.appendingPathComponent("calls.log"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        /// The jails `rctl -u` was asked about in `calls` (one run names many).
        static func usageJails(_ calls: some Sequence<String>) -> Set<String> {
            Set(calls.filter { $0.hasPrefix("rctl -u ") }.flatMap { $0.split(separator: " ").dropFirst(2).map { String($0.dropFirst(5)) } })
        }

        /// Runs `jailtop` on the live source, which reads this stand-in host.
        func run(_ args: [String]) throws -> CommandRunner.Result {
            try CommandRunner.run(args, source: .live, environment: ["JAILTOP_ROOT": root.path])
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static func decode(_ r: CommandRunner.Result) throws -> Snapshot {
        try JSONDecoder().decode(Snapshot.self, from: Data(r.stdout.utf8))
    }

    @Test func snapshotJSONFromTheLiveSource() throws {
        let host = try Host()
        defer { host.remove() }
        let r = try host.run(["snapshot", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try Self.decode(r)
        #expect(s.errors.isEmpty, "\(s.errors)")
        #expect(s.jails.map(\.name) == ["www", "db", "vnet1", "a", "a.b", "old", "build"])
        #expect(s.processes.count == 43)
        #expect(s.jail(named: "vnet1")?.configured == true && s.jail(named: "a")?.configured == false)
        // Every tool was run by absolute path with an argv (the logs show exactly what it got).
        #expect(host.calls.contains("jls -d -n --libxo json"))
        #expect(host.calls.contains { $0.hasPrefix("ps -ax -ww -o jid=JID -o pid=PID") && $0.hasSuffix("-o comm=COMM -o args=ARGS") })
        // Issue 13: racct usage only for jails with a limit ps cannot measure (www: pcpu, db:
        // openfiles, vnet1: writebps, a.b: vmemoryuse), not for old (maxproc) nor build
        // (stopped); no netstat.
        #expect(Host.usageJails(host.calls) == ["www", "db", "vnet1", "a.b"])
        #expect(host.calls.filter { $0.hasPrefix("rctl -u") }.count == 1, "one rctl for all of them")
        #expect(!host.calls.contains { $0.hasPrefix("netstat") })
        #expect(s.jail(named: "www")?.racct != nil && s.jail(named: "old")?.racct == nil)
        // --usage reads every jail's usage and every VNET jail's interfaces.
        let before = host.calls.count
        let all = try Self.decode(try host.run(["snapshot", "--json", "--usage"]))
        let calls = host.calls[before...]
        #expect(Host.usageJails(calls).contains("old") && !Host.usageJails(calls).contains("build"))
        #expect(calls.contains("netstat -j 3 -ibn --libxo json"))
        #expect(all.jail(named: "old")?.racct != nil && all.jail(named: "vnet1")?.interfaces.isEmpty == false)
    }

    @Test func snapshotTableAndPsAnswerFromTheLiveSource() throws {
        let host = try Host()
        defer { host.remove() }
        let table = try host.run(["snapshot"])
        #expect(table.status == 0 && table.stdout.contains("vnet1") && table.stdout.contains("stopped"))
        #expect(!table.stdout.contains("\u{1B}"))
        let ps = try host.run(["ps", "2310", "2311"])
        #expect(ps.status == 0)
        #expect(ps.stdout.contains("2310   3 vnet1 builder"))
        #expect(!ps.stdout.contains("\u{1B}"), "an escape sequence from a process name reached stdout")
    }

    /// Issue 12 (7): `ps` collects only what it prints: jls and ps, no rules, no rctl -u per
    /// jail, no netstat, no sysctl. Issue 13: and jls lists only the jails' names and paths.
    @Test func psRunsOnlyJlsAndPs() throws {
        let host = try Host()
        defer { host.remove() }
        let r = try host.run(["ps", "2310"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2310   3 vnet1 builder"))
        #expect(host.calls.filter { $0.hasPrefix("jls") } == ["jls -d -n --libxo json jid name path dying"])
        #expect(host.calls.contains { $0.hasPrefix("ps ") })
        #expect(!host.calls.contains { $0.hasPrefix("rctl") || $0.hasPrefix("netstat") || $0.hasPrefix("sysctl") }, "\(host.calls)")
        // Issue 13: ps is asked for those pids only, not every process on the host.
        #expect(host.calls.filter { $0.hasPrefix("ps ") } == ["ps " + PsParser.arguments(forProcesses: [2310]).joined(separator: " ")])

        // A pid no FreeBSD process can have (above PID_MAX) is left out of ps's list, which
        // ps would refuse whole; it is not found, like one that has exited.
        let mark = host.calls.count
        let some = try host.run(["ps", "99998", "2310", "123456"])
        #expect(some.status == 1)
        #expect(some.stdout.contains("2310   3 vnet1 builder"))
        #expect(some.stderr.contains("no process 99998") && some.stderr.contains("no process 123456"), "\(some.stderr)")
        #expect(
            host.calls.dropFirst(mark).filter { $0.hasPrefix("ps ") }
                == ["ps " + PsParser.arguments(forProcesses: [2310, 99_998]).joined(separator: " ")])
    }

    /// Issue 13 (2): the table asks only for what it prints: no netstat (no network column) and
    /// `rctl -u` only for jails with a rule (the LIMIT column); the JSON is the whole sample.
    @Test func theSnapshotTableAsksOnlyForWhatItPrints() throws {
        let host = try Host()
        defer { host.remove() }
        let table = try host.run(["snapshot"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("memoryuse:deny"), "\(table.stdout)")
        let calls = host.calls
        let asked = Host.usageJails(calls)
        #expect(asked.contains("www") && asked.contains("a.b"))
        #expect(!asked.contains("a"), "a has no rule: \(calls)")
        #expect(!calls.contains { $0.hasPrefix("netstat") })
        // Per-jail totals need no process's user or argv (on FreeBSD, one sysctl per process),
        // and the jails no parameter beyond their fields.
        #expect(calls.filter { $0.hasPrefix("jls") } == ["jls " + Self.summaryListing], "\(calls)")
        let ps = calls.filter { $0.hasPrefix("ps ") }
        #expect(ps.count == 1 && ps.allSatisfy { $0.hasSuffix("-o comm=COMM -o pid=PIDCHECK") && !$0.contains("user=") }, "\(ps)")
        // The same rows as a table drawn from the whole sample (a recording of it replayed).
        let file = host.root.appendingPathComponent("whole.jsonl").path
        let recorded = try host.run(["record", "--output", file, "--count", "1"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(host.calls.contains { $0.hasPrefix("ps ") && $0.hasSuffix("-o comm=COMM -o args=ARGS") })
        let whole = try CommandRunner.run(["snapshot", "--fixture", file])
        let rows = { (table: String) in table.split(separator: "\n").drop { !$0.hasPrefix("JID ") } }
        #expect(rows(whole.stdout).count == 8 && rows(table.stdout) == rows(whole.stdout), "\(table.stdout)\n\(whole.stdout)")
    }

    static let summaryListing = "-d -n --libxo json jid name path host.hostname dying vnet ip4.addr ip6.addr parent osrelease"

    /// A kernel without INET6 has no ip6.addr, and jls then refuses the summary's fields: the
    /// table reads every parameter instead, and is the same.
    @Test func aKernelWithoutAFieldGetsTheFullListing() throws {
        let host = try Host()
        defer { host.remove() }
        let plain = try host.run(["snapshot"])
        try host.control("jls", "noinet6")
        let refused = try host.run(["snapshot"])
        #expect(refused.status == 0 && refused.stderr.isEmpty, "\(refused.stderr)")
        let rows = { (table: String) in table.split(separator: "\n").drop { !$0.hasPrefix("JID ") } }
        #expect(rows(refused.stdout) == rows(plain.stdout) && rows(plain.stdout).count == 8)
        #expect(host.calls.filter { $0.hasPrefix("jls") }.suffix(2) == ["jls " + Self.summaryListing, "jls -d -n --libxo json"])
    }

    /// Issue 13 (2): metrics are per jail, so the exporter never asks ps for users or argv.
    @Test func theExporterReadsNoProcessArguments() throws {
        let host = try Host()
        defer { host.remove() }
        let file = host.root.appendingPathComponent("jails.prom").path
        let r = try host.run(["export", "--once", "--textfile", file])
        #expect(r.status == 0, "\(r.stderr)")
        let page = try String(contentsOfFile: file, encoding: .utf8)
        #expect(page.contains("jail_processes{name=\"www\"} 9"), "\(page)")
        let ps = host.calls.filter { $0.hasPrefix("ps ") }
        #expect(!ps.isEmpty && ps.allSatisfy { $0.hasSuffix("-o pid=PIDCHECK") && !$0.contains("args=") }, "\(ps)")
        #expect(host.calls.filter { $0.hasPrefix("jls") } == ["jls " + Self.summaryListing])
    }

    @Test func aHungToolIsKilledAndReported() throws {
        let host = try Host()
        defer { host.remove() }
        try host.control("netstat", "hang")
        let start = Date()
        let r = try host.run(["snapshot", "--json", "--usage", "--tool-timeout", "1"])
        #expect(Date().timeIntervalSince(start) < 8)
        #expect(r.status == 0, "\(r.stderr)")
        let s = try Self.decode(r)
        #expect(s.issue(for: .network)?.message.contains("did not finish within 1s") == true)
        #expect(r.stderr.contains("warning: network:"))
        #expect(s.processes.count == 43 && s.jails.count == 7)
    }

    /// Issue 11 (6): a signal to a batch command while a tool hangs used to leave the tool
    /// running with ppid 1. Now the tool's process group is torn down and jailtop dies of the signal.
    @Test(arguments: [
        (SIGTERM, ["snapshot"]), (SIGINT, ["snapshot"]), (SIGHUP, ["snapshot"]), (SIGTERM, ["record", "--output", "/dev/null", "--count", "2"]),
        (SIGTERM, ["export", "--listen", "127.0.0.1:0"]), (SIGHUP, ["export", "--textfile", "/dev/null"]),
    ])
    func aSignalWhileAToolHangsLeavesNoOrphan(_ signalNumber: Int32, _ command: [String]) throws {
        let host = try Host()
        defer { host.remove() }
        try host.control("ps", "hang")
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = command + ["--tool-timeout", "60", "--source", "live"]
        process.environment = ["JAILTOP_ROOT": host.root.path, "PATH": "/usr/bin:/bin"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pids = host.root.appendingPathComponent("hung.pids")
        // The shell creates the file before it writes the pid: wait for a whole line.
        func hungPID() -> pid_t? {
            let text = (try? String(contentsOf: pids, encoding: .utf8)) ?? ""
            return text.hasSuffix("\n") ? text.split(separator: "\n").first.flatMap { pid_t($0) } : nil
        }
        var waited = 0
        while hungPID() == nil, waited < 400 {
            usleep(25_000)
            waited += 1
        }
        let hung = try #require(hungPID())
        #expect(kill(hung, 0) == 0, "the stand-in ps should be hanging")
        kill(process.processIdentifier, signalNumber)
        process.waitUntilExit()
        // The exporter ends cleanly on its service signals (rc.d and daemon(8) send them); the
        // batch commands die of the signal, as a shell expects.
        if command[0] == "export" {
            #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        } else {
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signalNumber)
        }
        waited = 0
        while kill(hung, 0) == 0, waited < 100 {
            usleep(20_000)
            waited += 1
        }
        #expect(kill(hung, 0) == -1, "the hung tool (pid \(hung)) outlived jailtop")
        if kill(hung, 0) == 0 { kill(hung, SIGKILL) }
    }

    @Test func aHungPsEndsTheCommandsThatNeedIt() throws {
        let host = try Host()
        defer { host.remove() }
        try host.control("ps", "hang")
        for args in [["snapshot", "--json"], ["snapshot"], ["ps"], ["ps", "--json"], ["ps", "2310"]] {
            let r = try host.run(args + ["--tool-timeout", "1"])
            #expect(r.status == 1, "\(args)")
            #expect(r.stdout.isEmpty, "\(args): \(r.stdout)")
            #expect(r.stderr.contains("processes failed:") && r.stderr.contains("did not finish within 1s"), "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("no process"))
        }
    }

    /// A tool the command needs (jls and ps for snapshot) ends it with status 1 and the reason on
    /// stderr, nothing on stdout; one it is only decorated with is a warning on stderr.
    @Test(arguments: [
        ("jls", SourceIssue.Source.jails, "garbage", true), ("ps", .processes, "fail", true), ("sysctl", .host, "garbage", false),
        ("netstat", .network, "fail", false), ("rctl", .rules, "fail", false),
    ])
    func aBrokenToolDegradesOnlyItsPart(tool: String, source: SourceIssue.Source, mode: String, needed: Bool) throws {
        let host = try Host()
        defer { host.remove() }
        try host.control(tool, mode)
        let r = try host.run(["snapshot", "--json", "--usage"])
        let text = try host.run(["snapshot"])
        if needed {
            #expect(r.status == 1 && r.stdout.isEmpty)
            #expect(r.stderr.contains("\(source.rawValue) failed:"), "\(r.stderr)")
            #expect(text.status == 1 && text.stdout.isEmpty)
            return
        }
        #expect(r.status == 0, "\(r.stderr)")
        let s = try Self.decode(r)
        #expect(s.issue(for: source) != nil, "\(s.errors)")
        #expect(s.processes.count == 43)
        #expect(s.jails.count == 7)
        #expect(text.status == 0)
        // The table has no network column, so it never runs netstat.
        if source != .network { #expect(text.stderr.contains("warning: \(source.rawValue):")) }
        #expect(!text.stdout.contains("warning"))
        // ps needs only ps: a failed jls or rctl leaves it working.
        #expect(try host.run(["ps", "2310"]).status == 0)
    }

    @Test func aGarbledSysctlLeavesUnknownsNotZeros() throws {
        let host = try Host()
        defer { host.remove() }
        try host.control("sysctl", "garbage")
        let r = try host.run(["snapshot", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""boottime":null"#) && r.stdout.contains(#""ncpu":null"#))
        let s = try Self.decode(r)
        #expect(s.issue(for: .host)?.isPartial == true)
        #expect(s.host.racct == .enabled, "rctl answered, so racct is known to be on")
        let text = try host.run(["snapshot"])
        #expect(text.stdout.contains("up ?") && text.stdout.contains("of ? CPUs") && !text.stdout.contains("days"))
    }

    @Test func racctDisabledHost() throws {
        let host = try Host()
        defer { host.remove() }
        try host.control("rctl", "racct-disabled")
        let s = try Self.decode(try host.run(["snapshot", "--json"]))
        #expect(s.host.racct == .disabled && s.errors.isEmpty)
        #expect(s.jails.allSatisfy { $0.racct == nil })
        #expect(!host.calls.contains { $0.hasPrefix("rctl -u") })
    }

    @Test func recordingReplaysToTheSameSnapshots() throws {
        let host = try Host()
        defer { host.remove() }
        let file = host.root.appendingPathComponent("rec.jsonl").path
        let r = try host.run(["record", "--output", file, "--count", "2", "-d", "0.2"])
        #expect(r.status == 0 && r.stdout.isEmpty, "\(r.stderr)")
        let recording = try Recording(data: Data(contentsOf: URL(fileURLWithPath: file)), source: file)
        #expect(recording.snapshots.count == 2 && recording.header.host == "h1.example.org")
        let replay = try CommandRunner.run(["snapshot", "--json", "--count", "2", "--fixture", file])
        let lines = replay.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for (line, recorded) in zip(lines, recording.snapshots) {
            #expect(try JSONDecoder().decode(Snapshot.self, from: Data(line.utf8)) == recorded)
        }
    }
}
