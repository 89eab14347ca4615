import Foundation
import JailtopModel
import JailtopSynth

/// `jailtop-bench`: measures one refresh's worth of work on a generated large host
/// (DESIGN.md §8): decoding a sample, deriving per-jail totals and rates. Prints wall time
/// per step (best and median of several runs) and the process's peak memory.
/// Run it in release mode: `swift run -c release jailtop-bench [--jails N] [--processes N]`.
@main
struct Benchmark {
    static func main() throws {
        let args = CommandLine.arguments
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) else { return fallback }
            return v
        }
        let jails = option("--jails", 1000), processes = option("--processes", 50_000), runs = option("--runs", 15)

        var synth = HostSynthesizer(spec: .large(jails: jails, processes: processes))
        let first = synth.next()
        let second = synth.next()
        let line = try RecordingEncoding.line(second)
        print("host: \(second.jails.count) jails, \(second.processes.count) processes; one sample is \(line.count / 1024) KiB of JSON")

        var steps: [(String, [Double])] = []
        steps.append(("decode one schema-1 sample (JSONDecoder)", measure(runs) { _ = try? JSONDecoder().decode(Snapshot.self, from: line) }))
        steps.append(("per-jail totals from the process list", measure(runs) { _ = second.withSummariesFromProcesses() }))
        steps.append(("rates between two samples (CPU %, net)", measure(runs) { _ = SnapshotDelta(previous: first, current: second) }))
        steps.append(("limit usage of every jail", measure(runs) { for j in second.jails { _ = j.tightestLimit } }))
        for (name, times) in steps { report(name, times) }
        print("peak memory (max RSS): \(peakRSSMiB()) MiB")
    }

    /// Runs `body` once to warm up, then `runs` times; returns each run's milliseconds.
    static func measure(_ runs: Int, _ body: () -> Void) -> [Double] {
        body()
        var times: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<max(1, runs) {
            let d = clock.measure(body)
            times.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        return times.sorted()
    }

    static func report(_ name: String, _ sorted: [Double]) {
        let best = sorted.first ?? 0, median = sorted[sorted.count / 2]
        print("  \(name.padding(toLength: 44, withPad: " ", startingAt: 0)) best \(fmt(best)) ms   median \(fmt(median)) ms")
    }

    static func fmt(_ v: Double) -> String { String(format: "%8.2f", v) }

    static func peakRSSMiB() -> Int {
        var usage = rusage()
        getrusage(0, &usage)  // 0 is RUSAGE_SELF on Linux and FreeBSD (an enum in Glibc, an int elsewhere)
        return Int(usage.ru_maxrss) / 1024  // KiB on Linux and FreeBSD
    }
}
