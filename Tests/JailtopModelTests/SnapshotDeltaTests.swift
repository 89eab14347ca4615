import Testing

@testable import JailtopModel

/// Rates come from the samples' own timestamps and per-process CPU time deltas.
@Suite struct SnapshotDeltaTests {
    static func process(pid: Int, jid: Int, cpu: Double, elapsed: Int) -> JailProcess {
        JailProcess(
            pid: pid, ppid: 1, jid: jid, uid: 0, user: "root", cpuPercent: 0, memPercent: 0, rssBytes: 0, vszBytes: 0,
            cpuTimeS: cpu, elapsedS: elapsed, state: "SJ", threads: 1, priority: 20, nice: 0, command: "x", args: "x")
    }

    static func sample(time: Double, processes: [JailProcess], cputime: Int = 0, rx: Int = 0, tx: Int = 0) -> Snapshot {
        var usage = ResourceUsage()
        usage[.cputime] = cputime
        let jail = Jail(
            jid: 3, name: "www", state: .running, vnet: true, racct: usage,
            interfaces: [NetInterface(name: "epair0b", rxBytes: rx, txBytes: tx, rxPackets: 0, txPackets: 0)])
        let host = HostInfo(hostname: "h", osrelease: "14.3", ncpu: 4, physmemBytes: 1, loadavg: [0, 0, 0], boottime: 0, racct: .enabled)
        return Snapshot(time: time, host: host, jails: [jail], processes: processes)
    }

    @Test func cpuPercentFromProcessDeltas() throws {
        let a = Self.sample(time: 100, processes: [Self.process(pid: 10, jid: 3, cpu: 5, elapsed: 1000)])
        let b = Self.sample(
            time: 102,
            processes: [
                Self.process(pid: 10, jid: 3, cpu: 6, elapsed: 1002),  // 1 s of CPU in 2 s = 50 %
                Self.process(pid: 11, jid: 3, cpu: 0.5, elapsed: 1),  // new within the interval: 25 %
                Self.process(pid: 12, jid: 3, cpu: 90, elapsed: 5000),  // unseen old pid: not guessed
            ])
        let delta = SnapshotDelta(previous: a, current: b)
        #expect(delta.interval == 2)
        let rates = try #require(delta.rates(forJail: "www"))
        #expect(abs((rates.cpuPercent ?? -1) - 75) < 1e-9)
        #expect(delta.cpuPercent(ofProcess: 10) == 50)
        #expect(delta.cpuPercent(ofProcess: 12) == nil)
    }

    @Test func reusedPIDIsNotANegativeRate() {
        let a = Self.sample(time: 0, processes: [Self.process(pid: 10, jid: 3, cpu: 50, elapsed: 1000)])
        let b = Self.sample(time: 2, processes: [Self.process(pid: 10, jid: 3, cpu: 0.2, elapsed: 1)])
        #expect(SnapshotDelta(previous: a, current: b).cpuPercent(ofProcess: 10) == 10)
    }

    @Test func networkRatesAndCounterReset() throws {
        let a = Self.sample(time: 0, processes: [], rx: 1000, tx: 500)
        let b = Self.sample(time: 4, processes: [], rx: 9000, tx: 4500)
        let rates = try #require(SnapshotDelta(previous: a, current: b).rates(forJail: "www"))
        #expect(rates.rxBytesPerSecond == 2000)
        #expect(rates.txBytesPerSecond == 1000)
        let reset = Self.sample(time: 6, processes: [], rx: 10, tx: 10)
        #expect(SnapshotDelta(previous: b, current: reset).rates(forJail: "www")?.rxBytesPerSecond == nil)
    }

    @Test func racctCPUTimeWhenNoProcessList() throws {
        let a = Self.sample(time: 0, processes: [], cputime: 100)
        let b = Self.sample(time: 10, processes: [], cputime: 105)
        #expect(SnapshotDelta(previous: a, current: b).rates(forJail: "www")?.cpuPercent == 50)
    }

    @Test func noRatesWithoutAnEarlierSample() {
        let b = Self.sample(time: 4, processes: [])
        let delta = SnapshotDelta(previous: nil, current: b)
        #expect(delta.interval == 0)
        #expect(delta.rates(forJail: "www") == nil)
        #expect(SnapshotDelta(previous: b, current: b).rates(forJail: "www") == nil)
    }
}
