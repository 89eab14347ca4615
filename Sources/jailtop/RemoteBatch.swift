import ArgumentParser
import JailtopCollect
import JailtopModel
import JailtopReport

/// `snapshot` and `ps` across hosts (`--host`, `--hosts`): every host's stream read in rounds
/// (`FleetRounds`). A host that fails is a line on stderr naming it and why (auth failed, not
/// installed, too old, unreachable, link lost), the other hosts are still printed, and the
/// command exits 1 when one failed.
enum RemoteBatch {
    static func snapshot(
        _ remote: RemoteOptions, json: Bool, jail: JailSelector?, count: Int, delay: Double
    ) async throws {
        let streams = try remote.streams(interval: delay, dashboard: false)
        var previous: [RemoteHost: Snapshot] = [:]
        var checks: [RemoteHost: SourceCheck] = [:]
        var failed = false
        var round = 0
        try await FleetRounds.collect(streams, count: count) { results in
            var parts: [FleetReport.Host] = []
            var found = jail == nil
            for result in results {
                guard let full = result.sample else {
                    Output.warn("\(result.host): \(result.health)")
                    failed = true
                    continue
                }
                var check = checks[result.host] ?? SourceCheck(required: [.jails, .processes], prefix: "\(result.host): ")
                do { try check.check(full) } catch {
                    Output.warn("\(result.host): \(error)")
                    failed = true
                }
                checks[result.host] = check
                let delta = SnapshotDelta(previous: previous[result.host], current: full)
                let hadPrevious = previous[result.host] != nil
                previous[result.host] = full
                var sample = full
                if let jail {
                    sample.jails = full.jails.filter(jail.matches)
                    let jids = Set(sample.jails.compactMap(\.jid))
                    sample.processes = full.processes.filter { jids.contains($0.jid) }
                    if !sample.jails.isEmpty { found = true }
                }
                if json {
                    if jail == nil || !sample.jails.isEmpty { try Output.jsonLine(sample) }
                } else {
                    let report = SnapshotReport(
                        snapshot: full, jails: sample.jails, delta: hadPrevious ? delta : nil, clock: Output.clock(full.time))
                    parts.append(FleetReport.Host(label: result.host.destination, report: report))
                }
            }
            if let jail, !found, results.contains(where: { $0.sample != nil }) {
                Output.warn("jail \"\(jail)\" not found on any host")
                failed = true
            }
            if !json, !parts.isEmpty {
                if round > 0 { Output.lines([""]) }
                try Output.bytes(FleetReport(hosts: parts).renderBytes())
            }
            round += 1
        }
        if failed { throw ExitCode(1) }
    }

    static func ps(_ remote: RemoteOptions, json: Bool, jail: JailSelector?, pids: [Int]) async throws {
        let streams = try remote.streams(interval: 2, dashboard: false)
        var failed = false
        var reports: [(host: String, report: ProcessReport)] = []
        var rows: [ProcessWithJail] = []
        var seen: Set<Int> = []
        try await FleetRounds.collect(streams, count: 1) { results in
            for result in results {
                guard let snapshot = result.sample else {
                    Output.warn("\(result.host): \(result.health)")
                    failed = true
                    continue
                }
                var check = SourceCheck(required: [.processes], prefix: "\(result.host): ")
                do { try check.check(snapshot) } catch {
                    Output.warn("\(result.host): \(error)")
                    failed = true
                    continue
                }
                var processes = snapshot.processes
                if let jail {
                    guard let jid = jail.processJID(in: snapshot) else { continue }
                    processes = processes.filter { $0.jid == jid }
                }
                if !pids.isEmpty {
                    let wanted = Set(pids)
                    processes = processes.filter { wanted.contains($0.pid) }
                    seen.formUnion(processes.map(\.pid))
                }
                if json {
                    let names = snapshot.jailNamesByJID()
                    rows += processes.map { ProcessWithJail(process: $0, jail: names[$0.jid], host: result.host.destination) }
                } else {
                    reports.append((result.host.destination, ProcessReport(snapshot: snapshot, processes: processes)))
                }
            }
        }
        if json {
            try Output.jsonLine(ProcessWithJail.List(rows: rows))
        } else if !reports.isEmpty {
            try Output.bytes(ProcessReport.fleetBytes(reports))
        }
        for pid in pids where !seen.contains(pid) {
            Output.warn("no process \(pid) on any host")
            failed = true
        }
        if failed { throw ExitCode(1) }
    }
}
