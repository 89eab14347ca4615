import JailtopModel
import Testing

/// Per-jail totals: a jail's summary is the sum of its processes' figures, whatever its JID.
@Suite struct ProcessTotalsTests {
    static func process(pid: Int, jid: Int, threads: Int, cpu: Double, rss: Int) -> JailProcess {
        JailProcess(
            pid: pid, ppid: 1, jid: jid, uid: 0, user: "root", cpuPercent: cpu, memPercent: 0, rssBytes: rss, vszBytes: 0,
            cpuTimeS: 0, elapsedS: 1, state: "S", threads: threads, priority: 20, nice: 0, command: "sh", args: "sh")
    }

    /// A JID far above the slots (a host whose jails restarted often; the kernel goes up to
    /// 999 999) is summed like a small one, without a slot for every JID below it.
    @Test func everyJIDIsSummedSmallOrLarge() {
        let jids = [0, 3, 3, ProcessTotals.denseJIDs - 1, ProcessTotals.denseJIDs, 999_999, 999_999, 3]
        var totals = ProcessTotals()
        for (i, jid) in jids.enumerated() { totals.add(jid: jid, threads: i + 1, cpu: Double(i) / 2, rss: 4096 * i) }
        let byJID = totals.byJID()
        #expect(totals.count == jids.count)
        #expect(Set(byJID.keys) == Set(jids))
        #expect(byJID[3] == JailSummary(processes: 3, threads: 2 + 3 + 8, cpuPercent: 0.5 + 1 + 3.5, rssBytes: 4096 * (1 + 2 + 7)))
        #expect(byJID[999_999] == JailSummary(processes: 2, threads: 6 + 7, cpuPercent: 2.5 + 3, rssBytes: 4096 * (5 + 6)))
        #expect(byJID[ProcessTotals.denseJIDs]?.processes == 1)
    }

    /// The totals a sample's jails get from its process list are those of its processes added
    /// one by one (what the snapshot table sums from ps's rows without keeping them).
    @Test func aSamplesSummariesAreItsProcessesTotals() {
        let processes = (1...500).map { Self.process(pid: $0, jid: $0 % 7 == 0 ? 0 : 200_000 + $0 % 5, threads: $0 % 3, cpu: 0.1, rss: 8192) }
        var totals = ProcessTotals()
        for p in processes { totals.add(jid: p.jid, threads: p.threads, cpu: p.cpuPercent, rss: p.rssBytes) }
        let jails = (0..<5).map { Jail(jid: 200_000 + $0, name: "j\($0)", state: .running) }
        let host = HostInfo(hostname: "h", osrelease: nil, ncpu: nil, physmemBytes: nil, loadavg: nil, boottime: nil, racct: .enabled)
        let sample = Snapshot(time: 0, host: host, jails: jails, processes: processes)
        #expect(sample.withSummariesFromProcesses().jails.map(\.summary) == sample.withSummaries(totals.byJID()).jails.map(\.summary))
        #expect(sample.withSummariesFromProcesses().jails.allSatisfy { $0.summary.processes > 0 })
    }
}
