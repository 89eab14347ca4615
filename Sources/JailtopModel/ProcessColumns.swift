/// The columns the per-sample lookups need (pid, JID, CPU time, age), read out of a process
/// list's records in one walk. Each walk over 50 000 `JailProcess` records of 170 bytes touches
/// 8 MB and was the cost of building `ProcessIndex` and `ProcessTimes` (three walks between
/// them); the dashboard builds both from one of these.
public struct ProcessColumns: Sendable {
    /// In list order.
    let pids: [Int], jids: [Int], cpuTimes: [Double], elapsed: [Int]
    /// Whether the pids ascend (as collectors produce them).
    let sorted: Bool
    /// The greatest JID (0 for none).
    let maxJID: Int

    public init(_ processes: [JailProcess]) {
        var pids: [Int] = [], jids: [Int] = [], cpu: [Double] = [], elapsed: [Int] = []
        pids.reserveCapacity(processes.count)
        jids.reserveCapacity(processes.count)
        cpu.reserveCapacity(processes.count)
        elapsed.reserveCapacity(processes.count)
        var sorted = true, maxJID = 0, lastPID = Int.min
        // Field access by index: no copy (and no retain) of each process's strings.
        for i in processes.indices {
            let pid = processes[i].pid, jid = processes[i].jid
            if pid < lastPID { sorted = false }
            lastPID = pid
            if jid > maxJID { maxJID = jid }
            pids.append(pid)
            jids.append(jid)
            cpu.append(processes[i].cpuTimeS)
            elapsed.append(processes[i].elapsedS)
        }
        (self.pids, self.jids, cpuTimes, self.elapsed, self.sorted, self.maxJID) = (pids, jids, cpu, elapsed, sorted, maxJID)
    }

    /// The processes grouped by JID.
    public var index: ProcessIndex { ProcessIndex(jids: jids, maxJID: maxJID) }

    /// What rates need, in pid order.
    public var times: ProcessTimes { ProcessTimes(listOrder: pids, cpu: cpuTimes, elapsed: elapsed, sorted: sorted) }
}
