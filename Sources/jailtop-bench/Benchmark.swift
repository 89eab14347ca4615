import Foundation
import JailtopCollect
import JailtopModel
import JailtopReport
import JailtopSynth
import JailtopUI
import Synchronization

/// `jailtop-bench`: measures one refresh's worth of work on a generated large host
/// (DESIGN.md §8, 1000 jails and 50 000 processes by default): parsing each tool's output,
/// a whole live refresh through the FreeBSD collector (tools answered from memory, so only
/// jailtop's own work is timed), deriving totals and rates, and rendering a dashboard frame.
/// The ps parse is compared, in the same run, with awk summing the same text per jail.
/// Run in release mode: `swift run -c release jailtop-bench [--jails N] [--processes N] [--runs N]`;
/// `--foundation` also times the JSONEncoder/JSONDecoder path the JSON codec replaced;
/// `--json-write` / `--json-read` write or read the sample once (or `--runs` times) and exit (for
/// profilers); `--refresh-only` runs just `--runs` steady collector refreshes (for profilers);
/// `--json-file REC` times reading and writing the first sample of a recording
/// (`jailtop-synth --preset large --samples 1`) with the peak RSS of nothing else.
@main
struct Benchmark {
    static func main() async throws {
        let args = CommandLine.arguments
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) else { return fallback }
            return v
        }
        let jails = option("--jails", 1000), processes = option("--processes", 50_000), runs = option("--runs", 15)

        if let i = args.firstIndex(of: "--json-file"), i + 1 < args.count {
            try JSONFileBenchmark.run(path: args[i + 1], runs: runs)
            return
        }
        var synth = HostSynthesizer(spec: .large(jails: jails, processes: processes))
        let first = synth.next()
        let second = synth.next()
        let json = try RecordingEncoding.line(second)
        let psText = FreeBSDOutputs.ps(second)
        let jlsText = FreeBSDOutputs.jls(second)
        let rules = FreeBSDOutputs.rctlRules(second)
        let runner = InMemoryRunner(host: second, ps: psText, jls: jlsText, rules: rules)
        if args.contains("--refresh-only") {
            let collector = await dashboardCollector(runner, listing: second)
            _ = try await collector.collect()
            let cpuBefore = cpuSeconds()
            for _ in 0..<runs { _ = try await collector.collect() }
            print("CPU per steady refresh: \(String(format: "%.1f", (cpuSeconds() - cpuBefore) / Double(runs) * 1000)) ms")
            return
        }
        if args.contains("--managers-only") {
            // First refreshes of the jail managers' files, for profilers: every file read and parsed.
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-bench-managers-\(getpid())").path
            defer { try? FileManager.default.removeItem(atPath: root) }
            try ManagerFiles.writeBastille(second, root: root)
            let clock = ContinuousClock()
            for _ in 0..<runs {
                var catalog = ManagerCatalog(root: root, runner: runner)
                let d = await clock.measure { _ = await catalog.refresh() }
                print("first refresh: \(String(format: "%.1f", milliseconds(d))) ms")
            }
            return
        }
        if args.contains("--json-write") || args.contains("--json-read") {
            // One write or one read of the sample, then the peak RSS of the whole process.
            let before = peakRSSMiB()
            let clock = ContinuousClock()
            for _ in 0..<(args.contains("--runs") ? runs : 1) {
                let d = try clock.measure {
                    if args.contains("--json-write") { _ = try RecordingEncoding.bytes(second) } else { _ = try Snapshot(jsonLine: json) }
                }
                print("\(args.contains("--json-write") ? "write" : "read") \(json.count / 1024) KiB: \(String(format: "%.1f", milliseconds(d))) ms, peak RSS \(before) -> \(peakRSSMiB()) MiB")
            }
            return
        }
        if args.contains("--profile-collect") {
            // A loop for profilers (perf record): nothing but live refreshes.
            let collector = await dashboardCollector(runner, listing: second)
            for _ in 0..<runs { _ = try await collector.collect() }
            return
        }
        if args.contains("--profile-ui") {
            // A loop for profilers: applying samples to the dashboard and drawing frames.
            var state = AppState(size: Size(width: 200, height: 60), sourceDescription: "bench", refreshInterval: 2)
            _ = AppReducer.reduce(&state, .snapshot(first))
            for _ in 0..<runs {
                var s = state
                _ = AppReducer.reduce(&s, .snapshot(second))
                _ = Frame.render(s)
            }
            return
        }
        print("host: \(second.jails.count) jails, \(second.processes.count) processes")
        print("      ps text \(psText.count / 1024) KiB, jls JSON \(jlsText.count / 1024) KiB, one schema-1 sample \(json.count / 1024) KiB")
        print("")

        print("parsing (best / median of \(runs) runs, ms):")
        report("ps text, all processes (PsParser)", measure(runs) { _ = try? PsParser.parse(psText) })
        let awk = try awkSum(psText, runs: max(3, runs / 3))
        report("  same text, awk per-jail sum (\(awk.binary))", awk.times)
        let psMedian = median(measure(runs) { _ = try? PsParser.parse(psText) })
        print("  ps parse is \(String(format: "%.1f", median(awk.times) / psMedian))x faster than awk")
        // What `jailtop snapshot` reads: the steady layout, summed per jail as it arrives.
        let steady = FreeBSDOutputs.psBuilder(second).steadyText()
        let totals = measure(runs) { _ = try? sumPerJail(steady) }
        report("ps steady text summed per jail (RowStream totals)", totals)
        let steadyAwk = try awkSum(steady, cpuField: 5, runs: max(3, runs / 3))
        report("  same text, awk per-jail sum (\(steadyAwk.binary))", steadyAwk.times)
        print("  ps sum is \(String(format: "%.1f", median(steadyAwk.times) / median(totals)))x faster than awk")
        report("jls -n --libxo json (JlsParser)", measure(runs) { _ = try? JlsParser.parse(jlsText) })
        report("rctl rules (RctlRulesParser)", measure(runs) { _ = RctlRulesParser.parse(rules) })
        let usage = FreeBSDOutputs.rctlUsage(second.jails.first)
        report("rctl -u, 48 jails (one refresh's budget)", measure(runs) { for _ in 0..<48 { _ = try? RctlUsageParser.parse(usage) } })
        print("")

        print("schema-1 JSON of the whole sample (snapshot --json, record, fixture replay):")
        let codecRuns = max(3, runs / 3)
        report("write: JSONWriter (RecordingEncoding)", measure(codecRuns) { _ = try? RecordingEncoding.bytes(second) })
        report("read: JSONReader (RecordingLineChecker)", measure(codecRuns) { _ = try? Snapshot(jsonLine: json) })
        if args.contains("--foundation") {
            // The path these replaced, for comparison: slow and memory-hungry, so only on request.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            report("  before: JSONEncoder", measure(3) { _ = try? encoder.encode(second) })
            report("  before: JSONDecoder", measure(3) { _ = try? JSONDecoder().decode(Snapshot.self, from: json) })
        }
        print("")

        // Every jail kept by Bastille, as on a managed host: the dashboard's refresh below finds them.
        let managed = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-bench-managers-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: managed) }
        try ManagerFiles.writeBastille(second, root: managed)
        print("jail managers' files: \(second.jails.count) jails kept by Bastille (jail.conf, settings.conf, tags, fstab each):")
        var catalog = ManagerCatalog(root: managed, runner: runner)
        let clock = ContinuousClock()
        let cold = await clock.measure { _ = await catalog.refresh() }
        print("  first refresh (every file read and parsed): \(String(format: "%.1f", milliseconds(cold))) ms")
        var quiet: [Double] = []
        for _ in 0..<max(runs, 30) {
            let d = await clock.measure { _ = await catalog.refresh() }
            quiet.append(milliseconds(d))
        }
        report("refresh, nothing changed (stat: settings, jails dir, \(ManagerCatalog.stampBudget) jails' files)", quiet.sorted())
        print("  goal: under 1 ms")
        print("")

        print("one live refresh through FreeBSDCollector (tool outputs served from memory):")
        var cpuBefore = cpuSeconds()
        for (title, collector) in [
            ("the dashboard's: counters + the listed jail, Bastille's files", await dashboardCollector(runner, listing: second, root: managed)),
            ("every process (batch commands' samples)", FreeBSDCollector(runner: runner, paths: HostPaths(root: "/nonexistent"))),
        ] {
            _ = try await collector.collect()
            var refreshTimes: [Double] = []
            cpuBefore = cpuSeconds()
            for _ in 0..<runs {
                let d = try await clock.measure { _ = try await collector.collect() }
                refreshTimes.append(milliseconds(d))
            }
            let cpuPerRefresh = (cpuSeconds() - cpuBefore) / Double(runs) * 1000
            report("collect(), \(title)", refreshTimes.sorted())
            print("  CPU per steady refresh: \(String(format: "%.1f", cpuPerRefresh)) ms; tool spawns per refresh: \(await collector.lastSpawnCount) (1000 jails; rctl -u budget \(FreeBSDCollector.Settings().usageCallsPerRefresh ?? 0)), \(await collector.lastBytesRead / 1024) KiB read")
        }
        print("")

        print("deriving and drawing (ms):")
        report("per-jail totals from the process list", measure(runs) { _ = second.withSummariesFromProcesses() })
        report("rates between two samples (CPU %, net)", measure(runs) { _ = SnapshotDelta(previous: first, current: second) })
        report("jailtop ps's table of every process, written", measure(runs) {
            var bytes = 0
            ProcessReport(snapshot: second, processes: second.processes).write { bytes += $0.count }
            precondition(bytes > 0)
        })
        var state = AppState(size: Size(width: 200, height: 60), sourceDescription: "bench", refreshInterval: 2)
        _ = AppReducer.reduce(&state, .snapshot(first))
        report("apply a sample to the dashboard state", measure(runs) {
            var s = state
            _ = AppReducer.reduce(&s, .snapshot(second))
        })
        _ = AppReducer.reduce(&state, .snapshot(second))
        report("  of which: processes by JID (ProcessIndex)", measure(runs) { _ = ProcessIndex(second.processes) })
        report("  of which: jail rows, rebuilt by a sort key", measure(runs) {
            var s = state
            _ = AppReducer.reduce(&s, .key(.character("s")))
        })
        report("a move key (down)", measure(runs) {
            var s = state
            _ = AppReducer.reduce(&s, .key(.down))
        })
        report("render one 200x60 frame", measure(runs) { _ = Frame.render(state) })
        let frame = Frame.render(state)
        report("compare two equal 200x60 frames", measure(runs) { _ = frame == Frame.render(state) })
        cpuBefore = cpuSeconds()
        for _ in 0..<runs {
            var s = state
            _ = AppReducer.reduce(&s, .snapshot(second))
            _ = Frame.render(s)
        }
        print("  CPU per UI refresh (apply + render): \(String(format: "%.1f", (cpuSeconds() - cpuBefore) / Double(runs) * 1000)) ms")
        print("")
        print("peak memory (max RSS): \(peakRSSMiB()) MiB")
    }

    /// Runs `body` once to warm up, then `runs` times; returns the sorted milliseconds.
    static func measure(_ runs: Int, _ body: () -> Void) -> [Double] {
        body()
        let clock = ContinuousClock()
        return (0..<max(1, runs)).map { _ in milliseconds(clock.measure(body)) }.sorted()
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func median(_ sorted: [Double]) -> Double { sorted.sorted()[sorted.count / 2] }

    static func report(_ name: String, _ sorted: [Double]) {
        let padded = name.count >= 48 ? name : name + String(repeating: " ", count: 48 - name.count)
        print("  \(padded) \(String(format: "%8.2f", sorted.first ?? 0))  \(String(format: "%8.2f", median(sorted)))")
    }

    /// The table's read of ps: the text fed in pipe-sized chunks to a stream that keeps no row.
    static func sumPerJail(_ text: [UInt8]) throws(ToolOutputError) -> ProcessTotals {
        var stream = PsParser.RowStream(totalsOf: .withoutArguments, encoding: .utf8)
        text.withUnsafeBufferPointer { bytes in
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + 65_536)
                stream.consume(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                start = end
            }
        }
        stream.end()
        return try stream.totals().value
    }

    /// What an admin would script instead: awk counting processes and summing %CPU (field
    /// `cpuField`) per jail.
    static func awkSum(_ text: [UInt8], cpuField: Int = 6, runs: Int) throws -> (binary: String, times: [Double]) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-bench-ps-\(getpid()).txt")
        try Data(text).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let binary = ["/usr/bin/awk", "/bin/awk"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/awk"
        var times: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = ["NR > 1 { n[$1]++; c[$1] += $\(cpuField) } END { for (j in n) print j, n[j], c[j] }", file.path]
            p.standardOutput = FileHandle.nullDevice
            let d = try clock.measure {
                try p.run()
                p.waitUntilExit()
            }
            times.append(milliseconds(d))
        }
        let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: binary)) ?? binary
        return (URL(fileURLWithPath: resolved).lastPathComponent, times.sorted())
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(0, &usage)  // 0 is RUSAGE_SELF on Linux and FreeBSD (an enum in Glibc, an int elsewhere)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func peakRSSMiB() -> Int {
        var usage = rusage()
        getrusage(0, &usage)
        return Int(usage.ru_maxrss) / 1024  // KiB on Linux and FreeBSD
    }
}

/// Answers the collector's tool calls from a generated host, in memory: ps in each layout the
/// collector asks for (every column, the steady one, `-p LIST`), jls in full and as a listing.
/// A collector set up as the dashboard's: counters for every process, the first running
/// jail's processes listed (as its detail pane would).
func dashboardCollector(_ runner: InMemoryRunner, listing host: Snapshot, root: String = "/nonexistent") async -> FreeBSDCollector {
    var settings = FreeBSDCollector.Settings()
    settings.processDetail = .listedJails
    let collector = FreeBSDCollector(runner: runner, paths: HostPaths(root: root), settings: settings)
    await collector.prioritize(CollectionPriority(listedJailIDs: host.jails.compactMap(\.jid).filter { $0 != 0 }.prefix(1).map { $0 }))
    return collector
}

/// Answers already given to `ps -p`, by argv.
final class PIDAnswers: Sendable {
    let memo = Mutex<[[String]: [UInt8]]>([:])
}

struct InMemoryRunner: ToolRunner {
    let host: Snapshot
    let ps: [UInt8], jls: [UInt8], rules: String
    let psBuilder: PsTextBuilder
    let psSteady: [UInt8], psCounters: [UInt8], jlsList: [UInt8]
    let sysctl: String
    let usage: [String: String]
    let netstat: [Int: [UInt8]]
    /// `ps -p` answers by argv.
    let byPID = PIDAnswers()

    init(host: Snapshot, ps: [UInt8], jls: [UInt8], rules: String) {
        self.host = host
        self.ps = ps
        self.jls = jls
        self.rules = rules
        psBuilder = FreeBSDOutputs.psBuilder(host)
        psSteady = psBuilder.steadyText()
        psCounters = psBuilder.countersText()
        jlsList = FreeBSDOutputs.jlsList(host)
        sysctl = FreeBSDOutputs.sysctl(host, cpTime: [100, 0, 50, 5, 845])
        var u: [String: String] = [:]
        for j in host.jails { u[j.name] = FreeBSDOutputs.rctlUsage(j) }
        usage = u
        var n: [Int: [UInt8]] = [:]
        for j in host.jails where j.vnet { if let jid = j.jid { n[jid] = FreeBSDOutputs.netstat(j) } }
        netstat = n
    }

    func run(_ path: String, _ arguments: [String], timeout: Duration) async throws(ToolRunError) -> ToolResult {
        switch path {
        case HostPaths.ps:
            if let p = arguments.firstIndex(of: "-p"), p + 1 < arguments.count {
                // The same list every steady refresh: its text is made once, so the host's cost
                // of printing it is not counted as jailtop's.
                if let known = byPID.memo.withLock({ $0[arguments] }) { return ToolResult(status: 0, stdout: known) }
                let pids = Set(arguments[p + 1].split(separator: ",").compactMap { Int($0) })
                let text = psBuilder.text(onlyPIDs: pids, steady: arguments.contains("pid=PIDCHECK"))
                byPID.memo.withLock { $0[arguments] = text }
                return ToolResult(status: 0, stdout: text)
            }
            if arguments == PsParser.counterArguments { return ToolResult(status: 0, stdout: psCounters) }
            return ToolResult(status: 0, stdout: arguments.contains("pid=PIDCHECK") ? psSteady : ps)
        case HostPaths.jls: return ToolResult(status: 0, stdout: arguments == JlsParser.listArguments ? jlsList : jls)
        case HostPaths.sysctl: return ToolResult(status: 0, stdout: sysctl)
        case HostPaths.rctl where arguments.first == "-u":
            let text = arguments.dropFirst().map { usage[String($0.dropFirst(5))] ?? FreeBSDOutputs.rctlUsage(nil) }.joined()
            return ToolResult(status: 0, stdout: text)
        case HostPaths.rctl: return ToolResult(status: 0, stdout: rules)
        case HostPaths.netstat:
            return ToolResult(status: 0, stdout: netstat[Int(arguments[1]) ?? 0] ?? [])
        default: throw .notFound(path: path)
        }
    }
}
