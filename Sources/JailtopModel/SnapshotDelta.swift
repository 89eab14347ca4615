/// Rates between two samples of the same host: CPU % per jail and per process, disk and
/// network bytes per second. Time comes from the samples' own timestamps, so a replayed
/// recording gives the same rates as the live run did.
public struct SnapshotDelta: Sendable {
    /// Seconds between the two samples; rates are nil when this is not positive.
    public let interval: Double
    private let jailRates: [String: JailRates]
    /// CPU % per process, in pid order (looked up by binary search).
    private let processCPU: [(pid: Int, percent: Double)]

    /// Rates for one jail over the interval.
    public struct JailRates: Sendable, Equatable {
        /// CPU used by the jail's processes, 100 = one core.
        public var cpuPercent: Double?
        public var rxBytesPerSecond: Double?
        public var txBytesPerSecond: Double?
        public var interfaces: [String: InterfaceRate]
    }

    public struct InterfaceRate: Sendable, Equatable {
        public var rxBytesPerSecond: Double
        public var txBytesPerSecond: Double
    }

    /// - Parameters:
    ///   - previous: the earlier sample, or nil for the first one (no rates yet).
    ///   - current: the newer sample.
    public init(previous: Snapshot?, current: Snapshot) {
        guard let previous, current.time > previous.time else {
            interval = 0
            jailRates = [:]
            processCPU = []
            return
        }
        let dt = current.time - previous.time
        interval = dt

        // Per process: CPU seconds used since the last sample. A pid seen before counts its
        // delta; a new pid counts all its CPU time if it started within the interval (a reused
        // pid that is older is skipped rather than guessed). Both lists are walked in pid order
        // (a merge, no hashing): this runs every refresh over tens of thousands of processes.
        let old = previous.processes, new = current.processes
        let oldOrder = Self.pidOrder(old), newOrder = Self.pidOrder(new)
        var perProcess: [(pid: Int, percent: Double)] = []
        perProcess.reserveCapacity(new.count)
        var maxJID = 0
        for i in new.indices where new[i].jid > maxJID { maxJID = new[i].jid }
        var cpuSecondsByJID = [Double](repeating: 0, count: maxJID < 1 << 20 ? maxJID + 1 : 0)
        var sparseCPUSeconds: [Int: Double] = [:]  // only for absurdly large JIDs
        var o = 0
        for n in newOrder {
            // Field access by index: no copy (and no retain) of each process's strings.
            let pid = new[n].pid, jid = new[n].jid, cpu = new[n].cpuTimeS, elapsed = new[n].elapsedS
            while o < oldOrder.count, old[oldOrder[o]].pid < pid { o += 1 }
            let used: Double
            if o < oldOrder.count, old[oldOrder[o]].pid == pid, elapsed >= old[oldOrder[o]].elapsedS,
                cpu >= old[oldOrder[o]].cpuTimeS
            {
                used = cpu - old[oldOrder[o]].cpuTimeS
            } else if Double(elapsed) <= dt {
                used = cpu
            } else {
                continue
            }
            perProcess.append((pid, used / dt * 100))
            if jid >= 0, jid < cpuSecondsByJID.count { cpuSecondsByJID[jid] += used } else { sparseCPUSeconds[jid, default: 0] += used }
        }
        processCPU = perProcess
        func cpuSeconds(_ jid: Int) -> Double {
            jid >= 0 && jid < cpuSecondsByJID.count ? cpuSecondsByJID[jid] : sparseCPUSeconds[jid] ?? 0
        }

        var rates: [String: JailRates] = [:]
        rates.reserveCapacity(current.jails.count)
        var previousJails: [String: Jail] = [:]
        previousJails.reserveCapacity(previous.jails.count)
        for j in previous.jails { previousJails[j.name] = j }
        let hadProcesses = !previous.processes.isEmpty && current.issue(for: .processes) == nil
        for jail in current.jails {
            guard let jid = jail.jid, jail.state == .running else { continue }
            var r = JailRates(cpuPercent: nil, rxBytesPerSecond: nil, txBytesPerSecond: nil, interfaces: [:])
            if hadProcesses {
                r.cpuPercent = cpuSeconds(jid) / dt * 100
            } else if let now = jail.usage(of: .cputime), let old = previousJails[jail.name]?.usage(of: .cputime),
                now >= old
            {
                // No process list: fall back to racct's whole-second cputime counter.
                r.cpuPercent = Double(now - old) / dt * 100
            }
            if let old = previousJails[jail.name], !jail.interfaces.isEmpty {
                var rx = 0.0, tx = 0.0
                var any = false
                for iface in jail.interfaces {
                    guard let o = old.interfaces.first(where: { $0.name == iface.name }),
                        iface.rxBytes >= o.rxBytes, iface.txBytes >= o.txBytes
                    else { continue }  // new interface or counter reset: no rate this time
                    let rate = InterfaceRate(
                        rxBytesPerSecond: Double(iface.rxBytes - o.rxBytes) / dt,
                        txBytesPerSecond: Double(iface.txBytes - o.txBytes) / dt)
                    r.interfaces[iface.name] = rate
                    rx += rate.rxBytesPerSecond
                    tx += rate.txBytesPerSecond
                    any = true
                }
                if any {
                    r.rxBytesPerSecond = rx
                    r.txBytesPerSecond = tx
                }
            }
            rates[jail.name] = r
        }
        jailRates = rates
    }

    /// Rates of the jail with this name, or nil when there is no earlier sample of it.
    public func rates(forJail name: String) -> JailRates? { jailRates[name] }

    /// CPU % of a process over the interval, or nil when it cannot be told.
    public func cpuPercent(ofProcess pid: Int) -> Double? {
        var low = 0, high = processCPU.count
        while low < high {
            let mid = (low + high) / 2
            if processCPU[mid].pid < pid { low = mid + 1 } else { high = mid }
        }
        return low < processCPU.count && processCPU[low].pid == pid ? processCPU[low].percent : nil
    }

    /// Indices of `processes` in ascending pid order (the identity when already sorted, as
    /// collectors produce them).
    static func pidOrder(_ processes: [JailProcess]) -> [Int] {
        var sorted = true
        for i in processes.indices.dropFirst() where processes[i - 1].pid > processes[i].pid {
            sorted = false
            break
        }
        let order = Array(processes.indices)
        return sorted ? order : order.sorted { processes[$0].pid < processes[$1].pid }
    }
}
