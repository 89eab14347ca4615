/// Rates between two samples of the same host: CPU % per jail and per process, disk and
/// network bytes per second. Time comes from the samples' own timestamps, so a replayed
/// recording gives the same rates as the live run did.
public struct SnapshotDelta: Sendable {
    /// Seconds between the two samples; rates are nil when this is not positive.
    public let interval: Double
    private let jailRates: [String: JailRates]
    private let processCPU: [Int: Double]

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
            processCPU = [:]
            return
        }
        let dt = current.time - previous.time
        interval = dt

        // Per process: CPU seconds used since the last sample. A pid seen before counts its
        // delta; a new pid counts all its CPU time if it started within the interval (a reused
        // pid that is older is skipped rather than guessed).
        var before: [Int: (cpu: Double, elapsed: Int)] = [:]
        before.reserveCapacity(previous.processes.count)
        for p in previous.processes { before[p.pid] = (p.cpuTimeS, p.elapsedS) }
        var perProcess: [Int: Double] = [:]
        perProcess.reserveCapacity(current.processes.count)
        var cpuSecondsByJID: [Int: Double] = [:]
        for p in current.processes {
            let used: Double
            if let old = before[p.pid], p.elapsedS >= old.elapsed, p.cpuTimeS >= old.cpu {
                used = p.cpuTimeS - old.cpu
            } else if Double(p.elapsedS) <= dt {
                used = p.cpuTimeS
            } else {
                continue
            }
            perProcess[p.pid] = used / dt * 100
            cpuSecondsByJID[p.jid, default: 0] += used
        }
        processCPU = perProcess

        var rates: [String: JailRates] = [:]
        let hadProcesses = !previous.processes.isEmpty && current.issue(for: .processes) == nil
        for jail in current.jails {
            guard let jid = jail.jid, jail.state == .running else { continue }
            var r = JailRates(cpuPercent: nil, rxBytesPerSecond: nil, txBytesPerSecond: nil, interfaces: [:])
            if hadProcesses {
                r.cpuPercent = (cpuSecondsByJID[jid] ?? 0) / dt * 100
            } else if let now = jail.usage(of: .cputime), let old = previous.jail(named: jail.name)?.usage(of: .cputime),
                now >= old
            {
                // No process list: fall back to racct's whole-second cputime counter.
                r.cpuPercent = Double(now - old) / dt * 100
            }
            if let old = previous.jail(named: jail.name), !jail.interfaces.isEmpty {
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
    public func cpuPercent(ofProcess pid: Int) -> Double? { processCPU[pid] }
}
