import ArgumentParser
import JailtopCollect
import JailtopModel
import JailtopReport

/// `jailtop snapshot`: one table row per jail (or schema-1 JSON), like a top(1) batch run.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print every jail's usage now, as a table or as JSON.",
        discussion: "With --count N, prints N samples -d seconds apart; CPU % after the first is measured between samples.")

    @OptionGroup var source: SourceOptions

    @OptionGroup var remote: RemoteOptions

    @Flag(help: "Print the schema-1 JSON of each sample, one per line.")
    var json = false

    @Flag(
        help: ArgumentHelp(
            "With --json: a header line, then a sample every -d seconds until stdin is closed (what the fleet dashboard reads over ssh).",
            discussion: "The header is {\"jailtop_stream\":1,\"version\":…,\"host\":…}; each sample is a schema-1 snapshot."))
    var stream = false

    @Flag(help: "With --stream: no process until stdin asks for some (what the fleet dashboard starts with).")
    var noProcesses = false

    @Flag(
        help: ArgumentHelp(
            "Also read every jail's racct usage (rctl -u) and VNET interfaces (netstat): one call per jail each.",
            discussion: "Without it, racct usage is read only for jails whose limits ps cannot measure."))
    var usage = false

    @Option(name: .customShort("J"), parsing: .unconditional, help: ArgumentHelp("Only this jail (a name or a JID).", valueName: "jail"))
    var jail: String?

    @Option(help: "Number of samples.")
    var count = 1

    @Option(name: [.customShort("d"), .customLong("delay")], help: ArgumentHelp("Seconds between samples (live sources).", valueName: "seconds"))
    var delay = 2.0

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        try SecondsOption.check(delay, "-d", 0.01...SecondsOption.day)
        if stream, !json { throw ValidationError("--stream writes JSON: give --json too") }
        if stream, count != 1 { throw ValidationError("--stream runs until stdin is closed: --count does not apply") }
        if stream, jail != nil { throw ValidationError("--stream sends the whole host: -J does not apply") }
        if noProcesses, !stream { throw ValidationError("--no-processes is for --stream") }
        if stream, remote.isRemote { throw ValidationError("--stream is what the far side runs: it takes no --host") }
    }

    func run() async throws {
        if remote.isRemote {
            try await Output.reportingErrors(cancelOnSignals: true) {
                let selector = jail.map(JailSelector.init)
                if selector == .host { throw CLIError("-J 0 means host processes; snapshot lists jails (try 'jailtop ps -J 0')") }
                try await RemoteBatch.snapshot(remote, json: json, jail: selector, count: count, delay: delay)
            }
            Output.finished()
        }
        if stream {
            try await Output.reportingErrors(cancelOnSignals: true) {
                let collector = try source.dataSource(batch: false, streaming: true).makeCollector()
                try await SnapshotStream.run(
                    collector, delay: delay, version: Jailtop.version, request: StreamRequest(processesOf: noProcesses ? [] : nil))
            }
            return
        }
        try await Output.reportingErrors(cancelOnSignals: true) {
            // The table and the JSON hold the same sample: racct usage only where the LIMIT column
            // needs the kernel's figure, no network; --usage asks every jail for both, one call
            // per jail each (1000 jails: 1000 rctl -u). The table shows per-jail totals only, so
            // it reads no process's user or argument list, and one table sums ps's rows as they
            // arrive without keeping them; more samples keep them, for CPU % between two. The
            // JSON holds every process whole.
            let processes: FreeBSDCollector.Part = json ? .processes : count == 1 ? .processTotals : .processFigures
            var parts: Set<FreeBSDCollector.Part> = usage
                ? Set(FreeBSDCollector.Part.allCases).subtracting([.limitUsage, .processes, .processFigures, .processTotals])
                : [.host, .jails, .rules, .limitUsage, .config, .managers]
            parts.insert(processes)
            let collector = try source.makeCollector(batch: true, samples: count, parts: parts, jailParameters: json)
            let selector = jail.map(JailSelector.init)
            if selector == .host { throw CLIError("-J 0 means host processes; snapshot lists jails (try 'jailtop ps -J 0')") }
            // Jails and their processes are the table; host facts, limits, usage and network
            // decorate it, so their failures are warnings.
            var check = SourceCheck(required: [.jails, .processes])
            var previous: Snapshot?
            for n in 0..<count {
                if n > 0, collector.isLive { try await Task.sleep(for: .seconds(delay)) }
                let full = try await collector.collect()
                try check.check(full)
                let delta = SnapshotDelta(previous: previous, current: full)
                previous = full
                var sample = full
                if let selector {
                    guard let match = full.jails.first(where: selector.matches) else {
                        throw CLIError("jail \"\(selector)\" not found")
                    }
                    sample.jails = [match]
                    sample.processes = match.jid.map { jid in full.processes.filter { $0.jid == jid } } ?? []
                }
                if json {
                    try Output.jsonLine(sample)
                } else {
                    if n > 0 { Output.lines([""]) }
                    let report = SnapshotReport(
                        snapshot: full, jails: sample.jails, delta: n > 0 ? delta : nil, clock: Output.clock(sample.time))
                    try Output.bytes(report.renderBytes())
                }
            }
            Output.finished()
        }
    }
}
