import ArgumentParser
import JailtopCollect
import JailtopModel
import JailtopReport

/// `jailtop ps`: every process with the jail it runs in — which jail owns pid 4242?
struct PsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ps",
        abstract: "List processes with their JID and jail name (pid → jail).",
        discussion: "With PIDs, answers only for them and exits 1 if any is unknown.")

    @OptionGroup var source: SourceOptions

    @OptionGroup var remote: RemoteOptions

    @Flag(help: "Print a JSON array of processes, each with its jail's name.")
    var json = false

    @Option(name: .customShort("J"), parsing: .unconditional, help: ArgumentHelp("Only processes of this jail (a name, a JID, or 0 for the host).", valueName: "jail"))
    var jail: String?

    @Argument(help: "Process IDs to look up.")
    var pids: [Int] = []

    func run() async throws {
        if remote.isRemote {
            try await Output.reportingErrors(cancelOnSignals: true) {
                try await RemoteBatch.ps(remote, json: json, jail: jail.map(JailSelector.init), pids: pids)
            }
            Output.finished()
        }
        try await Output.reportingErrors(cancelOnSignals: true) {
            // Only what the answer needs: no rules, no rctl -u per jail, no netstat, no sysctl;
            // with pids, only those processes (`ps -p`), not every one on the host.
            let snapshot = try await source.makeCollector(
                batch: true, samples: 1, parts: [.processes, .jailNames], processIDs: pids.isEmpty ? nil : pids
            ).collect()
            // ps is the answer; jls is needed to turn a jail name into a JID, and otherwise only
            // names the jails (a failure there is a warning, with names shown as "-").
            let selector = jail.map(JailSelector.init)
            var needed: Set<SourceIssue.Source> = [.processes]
            if case .name = selector { needed.insert(.jails) }
            var check = SourceCheck(required: needed)
            try check.check(snapshot)
            var processes = snapshot.processes
            if let selector {
                guard let jid = selector.processJID(in: snapshot) else {
                    throw CLIError("jail \"\(selector)\" not found")
                }
                processes = processes.filter { $0.jid == jid }
            }
            var missing: [Int] = []
            if !pids.isEmpty {
                let byPID = Dictionary(processes.map { ($0.pid, $0) }, uniquingKeysWith: { first, _ in first })
                processes = pids.compactMap { pid in
                    if let p = byPID[pid] { return p }
                    missing.append(pid)
                    return nil
                }
            }
            if json {
                let names = snapshot.jailNamesByJID()
                let rows = processes.map { ProcessWithJail(process: $0, jail: names[$0.jid]) }
                try Output.jsonLine(ProcessWithJail.List(rows: rows))
            } else if !processes.isEmpty || missing.isEmpty {
                let report = ProcessReport(snapshot: snapshot, processes: processes)
                try Output.pieces { sink in try report.write(to: sink) }
            }
            for pid in missing {
                Output.warn("no process \(pid)" + (jail.map { " in jail \"\($0)\"" } ?? ""))
            }
            if !missing.isEmpty { throw ExitCode(1) }
            Output.finished()
        }
    }
}

/// A process as `ps --json` prints it: the schema-1 process fields plus its jail's name
/// (null for host processes), and across hosts the host it runs on.
struct ProcessWithJail: JSONWritable, Sendable {
    var process: JailProcess
    var jail: String?
    var host: String?

    func writeJSON(into writer: inout JSONWriter) throws(JSONWriteError) {
        try process.writeJSON(into: &writer, jail: .included(name: jail), host: host)
    }

    var estimatedJSONBytes: Int { process.estimatedJSONBytes + 32 }

    /// The `ps --json` array, written by two threads (`JSONWriter.parallelArray`).
    struct List: JSONWritable {
        var rows: [ProcessWithJail]

        func writeJSON(into writer: inout JSONWriter) throws(JSONWriteError) {
            try writer.parallelArray(rows)
        }

        var estimatedJSONBytes: Int { 2 + rows.count * ((rows.first?.estimatedJSONBytes ?? 0) + 1) }
    }
}
