import JailtopModel

/// Changes the demo's actions made to the replayed host (jails stopped or started, processes
/// killed, limits changed), applied to every sample replayed afterwards so the demo behaves
/// like a host that was acted on.
public struct FixtureOverlay: Sendable, Equatable {
    /// Jails stopped, with the replay time it happened (dying for one sample, then stopped).
    public var stopped: [String: Double] = [:]
    /// Jails started (or restarted) with the JID they got.
    public var started: [String: Int] = [:]
    public var killed: Set<Int> = []
    public var killedJails: Set<String> = []
    public var addedRules: [RctlRule] = []
    public var removedRules: Set<String> = []
    var nextJID = 100
    var nextPID = 90_000

    public init() {}

    /// The sample as it looks after the changes.
    public func apply(to snapshot: Snapshot) -> Snapshot {
        var s = snapshot
        var jidMap: [Int: Int] = [:]  // recorded JID → JID after a restart
        var goneJIDs = Set<Int>()
        for i in s.jails.indices {
            let name = s.jails[i].name
            if let at = stopped[name] {
                if let jid = s.jails[i].jid { goneJIDs.insert(jid) }
                if s.time - at < 3, let jid = s.jails[i].jid {  // one sample of dying, as the kernel often shows
                    s.jails[i].state = .dying
                    s.jails[i].jid = jid
                } else {
                    s.jails[i].state = .stopped
                    s.jails[i].jid = nil
                    s.jails[i].params = [:]
                    s.jails[i].osrelease = ""
                }
                s.jails[i].racct = nil
                s.jails[i].interfaces = []
            } else if let jid = started[name] {
                if let old = s.jails[i].jid, s.jails[i].state == .running {
                    jidMap[old] = jid
                } else {
                    // Stopped (or dying) in the recording: it runs now, with a fresh base system.
                    s.processes += baseProcesses(jid: jid, time: s.time)
                    var usage = ResourceUsage()
                    for r in RacctResource.allCases { usage[r] = 0 }
                    s.jails[i].racct = usage
                }
                s.jails[i].jid = jid
                s.jails[i].state = .running
                s.jails[i].params["jid"] = .string(String(jid))
            }
            if killedJails.contains(name), let jid = s.jails[i].jid { goneJIDs.insert(jid) }
            s.jails[i].rules.removeAll { removedRules.contains($0.rule) }
            for rule in addedRules where rule.subjectID == name && !s.jails[i].rules.contains(rule) {
                s.jails[i].rules.append(rule)
            }
        }
        s.processes = s.processes.compactMap { p in
            if killed.contains(p.pid) || goneJIDs.contains(p.jid) { return nil }
            var q = p
            if let new = jidMap[p.jid] { q.jid = new }
            return q
        }
        return s.withSummariesFromProcesses()
    }

    func baseProcesses(jid: Int, time: Double) -> [JailProcess] {
        [("syslogd", "/usr/sbin/syslogd -ss"), ("cron", "/usr/sbin/cron -J 60 -s")].enumerated().map { i, p in
            JailProcess(
                pid: nextPID + jid * 10 + i, ppid: 1, jid: jid, uid: 0, user: "root", cpuPercent: 0, memPercent: 0,
                rssBytes: 2_800_000, vszBytes: 14_000_000, cpuTimeS: 0.01, elapsedS: 1, state: "SsJ", threads: 1,
                priority: 20, nice: 0, command: p.0, args: p.1)
        }
    }
}

extension FixtureCollector {
    /// The latest sample handed out, with the overlay applied (what the controller acts on).
    public func current() -> Snapshot? { lastServed }

    /// Records a change; every sample replayed from now on shows it.
    public func change(_ body: @Sendable (inout FixtureOverlay, Snapshot?) -> Void) {
        body(&overlay, lastServed)
    }

    /// A fresh JID for a started jail.
    public func allocateJID() -> Int {
        overlay.nextJID += 1
        return overlay.nextJID
    }
}
