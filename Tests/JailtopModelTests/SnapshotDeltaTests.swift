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
        let rates = try #require(delta.rates(forJID: 3))
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
        let rates = try #require(SnapshotDelta(previous: a, current: b).rates(forJID: 3))
        #expect(rates.rxBytesPerSecond == 2000)
        #expect(rates.txBytesPerSecond == 1000)
        let reset = Self.sample(time: 6, processes: [], rx: 10, tx: 10)
        #expect(SnapshotDelta(previous: b, current: reset).rates(forJID: 3)?.rxBytesPerSecond == nil)
    }

    /// The collector reads netstat for a few VNET jails per refresh and keeps the others'
    /// counters: rates go between the moments a jail's counters were read, never over the
    /// samples' interval (which made a kept jail 0 and a re-read one several times too fast).
    @Test func networkRatesGoBetweenTheReadsOfTheCounters() throws {
        var a = Self.sample(time: 0, processes: [], rx: 1000, tx: 500)
        a.jails[0].interfacesTime = 0
        var kept = Self.sample(time: 2, processes: [], rx: 1000, tx: 500)
        kept.jails[0].interfacesTime = 0
        #expect(SnapshotDelta(previous: a, current: kept).rates(forJID: 3)?.rxBytesPerSecond == nil)
        var reread = Self.sample(time: 8, processes: [], rx: 25000, tx: 8500)
        reread.jails[0].interfacesTime = 8
        let rates = try #require(SnapshotDelta(previous: kept, current: reread).rates(forJID: 3))
        #expect(rates.rxBytesPerSecond == 3000)
        #expect(rates.txBytesPerSecond == 1000)
    }

    @Test func racctCPUTimeWhenNoProcessList() throws {
        let a = Self.sample(time: 0, processes: [], cputime: 100)
        let b = Self.sample(time: 10, processes: [], cputime: 105)
        #expect(SnapshotDelta(previous: a, current: b).rates(forJID: 3)?.cpuPercent == 50)
    }

    @Test func noRatesWithoutAnEarlierSample() {
        let b = Self.sample(time: 4, processes: [])
        let delta = SnapshotDelta(previous: nil, current: b)
        #expect(delta.interval == 0)
        #expect(delta.rates(forJID: 3) == nil)
        #expect(SnapshotDelta(previous: b, current: b).rates(forJID: 3) == nil)
    }

    // MARK: Issue 10 (6)–(9)

    static func host(time: Double, jails: [Jail], processes: [JailProcess] = []) -> Snapshot {
        let host = HostInfo(hostname: "h", osrelease: "14.3", ncpu: 8, physmemBytes: 1, loadavg: [0, 0, 0], boottime: 0, racct: .enabled)
        return Snapshot(time: time, host: host, jails: jails, processes: processes)
    }

    static func jail(_ jid: Int, _ name: String, parent: Int = 0, state: JailState = .running, _ usage: [RacctResource: Int]?) -> Jail {
        var u = ResourceUsage()
        for (r, v) in usage ?? [:] { u[r] = v }
        return Jail(jid: jid, name: name, state: state, parent: parent, racct: usage == nil ? nil : u)
    }

    /// (9) ≈0.2 s after a sample (the re-sample after an action) no rate is made: ps's times
    /// had not moved, and the old code said 0 % for a busy jail.
    @Test func aWindowUnderASecondHasNoRates() {
        let a = Self.sample(time: 100, processes: [Self.process(pid: 10, jid: 3, cpu: 50, elapsed: 1000)])
        let b = Self.sample(time: 100.2, processes: [Self.process(pid: 10, jid: 3, cpu: 50, elapsed: 1000)])
        let delta = SnapshotDelta(previous: a, current: b)
        #expect(delta.interval == 0)
        #expect(delta.rates(forJID: 3) == nil)
        #expect(delta.cpuPercent(ofProcess: 10) == nil)
        #expect(SnapshotDelta.minimumInterval(previous: a, current: b) == 1)
    }

    /// (6) racct's cputime is whole seconds, advanced once a second: one update (1 s of a
    /// 100 % jail) inside a 0.3 s window read 333 %. Under 2 s there is no racct rate.
    @Test func racctCPUNeedsTwoSeconds() {
        let a = Self.sample(time: 0, processes: [], cputime: 1000)
        let soon = Self.sample(time: 0.3, processes: [], cputime: 1001)
        #expect(SnapshotDelta(previous: a, current: soon).rates(forJID: 3)?.cpuPercent == nil)
        let late = Self.sample(time: 2, processes: [], cputime: 1002)
        #expect(SnapshotDelta(previous: a, current: late).rates(forJID: 3)?.cpuPercent == 100)
        #expect(SnapshotDelta.minimumInterval(previous: a, current: late) == 2)
    }

    /// (6) The time base: with ps stuck until its 5 s timeout, rctl -u ran 5 s after the
    /// sample's time, the previous one 0.25 s after. 14 s of CPU over the 7 s between the
    /// readings is 200 %; over the samples' 2.25 s it read 622 % (the issue's ×3.3).
    @Test func racctRatesUseTheTimeUsageWasRead() {
        var a = Self.sample(time: 0, processes: [], cputime: 1000)
        a.jails[0].racctTime = 0.25
        var b = Self.sample(time: 2.25, processes: [], cputime: 1014)
        b.jails[0].racctTime = 7.25
        let cpu = SnapshotDelta(previous: a, current: b).rates(forJID: 3)?.cpuPercent
        #expect(abs((cpu ?? 0) - 200) < 1e-9)
    }

    /// (7) racct charges a child jail's CPU to its parent too: `build` (no processes of its
    /// own) showed build.ci's 240 % a second time.
    @Test func racctCPUOfAParentLeavesOutItsChildren() {
        let a = Self.host(time: 0, jails: [Self.jail(5, "build", [.cputime: 1000]), Self.jail(6, "build.ci", parent: 5, [.cputime: 800])])
        let b = Self.host(time: 10, jails: [Self.jail(5, "build", [.cputime: 1024]), Self.jail(6, "build.ci", parent: 5, [.cputime: 824])])
        let delta = SnapshotDelta(previous: a, current: b)
        #expect(delta.rates(forJID: 6)?.cpuPercent == 240)
        #expect(delta.rates(forJID: 5)?.cpuPercent == 0)
    }

    /// (7) Own racct figures: the parent's less its children's; unknown when a child has none.
    @Test func ownUsageOfAParentJail() {
        let mib = 1 << 20
        let s = Self.host(time: 0, jails: [
            Self.jail(5, "build", [.memoryuse: 912 * mib, .readbps: 4_500_000]),
            Self.jail(6, "build.ci", parent: 5, [.memoryuse: 912 * mib, .readbps: 4_500_000]),
        ])
        let own = s.ownUsageByJID()
        #expect(own[5]?[.memoryuse] == 0 && own[5]?[.readbps] == 0)
        #expect(own[6]?[.memoryuse] == 912 * mib)
        let missing = Self.host(time: 0, jails: [Self.jail(5, "build", [.memoryuse: 912 * mib]), Self.jail(6, "build.ci", parent: 5, nil)])
        #expect(missing.ownUsageByJID()[5] == nil)
    }

    /// (8) A restarted jail: the dying JID 4 and the new JID 11 share the name `www`. Rates go
    /// by JID: none for the dying instance, none yet for the new one (no earlier sample of it).
    @Test func ratesAreKeyedByJID() {
        let a = Self.host(time: 0, jails: [Self.jail(4, "www", [.cputime: 500])])
        let b = Self.host(time: 2, jails: [Self.jail(4, "www", state: .dying, nil), Self.jail(11, "www", [.cputime: 503])])
        let delta = SnapshotDelta(previous: a, current: b)
        #expect(delta.rates(for: b.jails[0]) == nil)
        #expect(delta.rates(forJID: 11)?.cpuPercent == nil)
    }
}
