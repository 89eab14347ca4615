/// Rates between two samples of the same host: CPU % per jail and per process, disk and
/// network bytes per second. Time comes from the samples' own timestamps, so a replayed
/// recording gives the same rates as the live run did. Per-jail figures are keyed by JID: a
/// restarted jail's dying instance and its successor share a name, never a JID.
public struct SnapshotDelta: Sendable {
    /// Shortest window a rate is worked out over. ps's CPU times are hundredths, and a busy
    /// thread's time reaches them only when it is switched out, so the quick sample ≈0.2 s
    /// after an action read busy jails as idle. Callers keep their previous rates instead.
    public static let minimumInterval = 1.0
    /// Shortest window for CPU % from racct alone (no process list). rctl prints cputime in
    /// whole seconds (kern_rctl.c: `amount /= 1000000`), and racctd advances it once a second:
    /// a window under 2 s holds no update (0 %) or one (1 s of CPU per 0.3 s: 3.3× too much).
    public static let racctMinimumInterval = 2.0

    /// The window after `previous` that `current` must reach for this delta to have rates.
    public static func minimumInterval(previous: Snapshot, current: Snapshot) -> Double {
        hasProcessTimes(previous: previous, current: current) ? minimumInterval : racctMinimumInterval
    }

    /// Whether both samples have a process list, so CPU comes from per-process times. A failed
    /// ps leaves the list empty (a host always has processes); a ps with a few unreadable rows
    /// still counts, though it carries a (partial) `.processes` issue.
    static func hasProcessTimes(previous: Snapshot, current: Snapshot) -> Bool {
        !previous.processes.isEmpty && !current.processes.isEmpty
    }

    /// Seconds between the two samples; 0 (and no rates) without an earlier sample or when it
    /// is less than `minimumInterval` old.
    public let interval: Double
    private let jailRates: [Int: JailRates]
    /// CPU % per process, in pid order (looked up by binary search).
    private let processCPU: [(pid: Int, percent: Double)]

    /// Rates for one jail over the interval.
    public struct JailRates: Sendable, Equatable {
        /// CPU used by the jail's own processes (not its child jails'), 100 = one core.
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
    ///   - index: `current`'s processes by JID, when the caller already has it.
    public init(previous: Snapshot?, current: Snapshot, index: ProcessIndex? = nil) {
        guard let previous, current.time - previous.time >= Self.minimumInterval else {
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
        // CPU seconds per position in `new`, summed per jail below from the index by JID.
        var usedSeconds = [Double](repeating: 0, count: new.count)
        var o = 0
        for n in newOrder {
            // Field access by index: no copy (and no retain) of each process's strings.
            let pid = new[n].pid, cpu = new[n].cpuTimeS, elapsed = new[n].elapsedS
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
            usedSeconds[n] = used
        }
        processCPU = perProcess
        let byJID = index ?? ProcessIndex(new)
        func cpuSeconds(_ jid: Int) -> Double {
            byJID.positions(ofJID: jid).reduce(0) { $0 + usedSeconds[$1] }
        }

        var rates: [Int: JailRates] = [:]
        rates.reserveCapacity(current.jails.count)
        var previousJails: [Int: Jail] = [:], currentJails: [Int: Jail] = [:]
        previousJails.reserveCapacity(previous.jails.count)
        for j in previous.jails { if let jid = j.jid { previousJails[jid] = j } }
        var childJIDs: [Int: [Int]] = [:]
        for j in current.jails {
            guard let jid = j.jid else { continue }
            currentJails[jid] = j
            if j.parent != 0 { childJIDs[j.parent, default: []].append(jid) }
        }
        /// CPU % from racct's cputime over the window between the moments it was read (the
        /// collector reads it after the other tools, or keeps it from an earlier refresh), not
        /// between the samples' times: a ps stuck until its 5 s timeout delays the reading, and
        /// dividing by the samples' 2.2 s made 7 s of CPU time 3.3× too much.
        func racctPercent(_ jid: Int) -> Double? {
            guard let now = currentJails[jid], let old = previousJails[jid],
                let c = now.usage(of: .cputime), let p = old.usage(of: .cputime), c >= p
            else { return nil }
            let window = (now.racctTime ?? current.time) - (old.racctTime ?? previous.time)
            guard window >= Self.racctMinimumInterval else { return nil }
            return Double(c - p) / window * 100
        }
        /// The jail's own processes' share: its racct rate less its child jails' (the kernel
        /// charges a child's CPU to every ancestor too, kern_racct.c `racct_add_cred_locked`).
        /// A child seen in only one sample, or a dying one (its racct is its successor's), is
        /// left out; without a child's rate the parent's own share is unknown.
        func racctOwnPercent(_ jid: Int) -> Double? {
            guard var percent = racctPercent(jid) else { return nil }
            for child in childJIDs[jid] ?? [] where previousJails[child] != nil && currentJails[child]?.racct != nil {
                guard let rate = racctPercent(child) else { return nil }
                percent -= rate
            }
            return max(0, percent)
        }
        let hadProcesses = Self.hasProcessTimes(previous: previous, current: current)
        for jail in current.jails {
            guard let jid = jail.jid, jail.state == .running else { continue }
            var r = JailRates(cpuPercent: nil, rxBytesPerSecond: nil, txBytesPerSecond: nil, interfaces: [:])
            if hadProcesses {
                r.cpuPercent = cpuSeconds(jid) / dt * 100
            } else {
                // No process list: fall back to racct's whole-second cputime counter.
                r.cpuPercent = racctOwnPercent(jid)
            }
            if let old = previousJails[jid], !jail.interfaces.isEmpty {
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
            rates[jid] = r
        }
        jailRates = rates
    }

    /// Rates of the running jail with this JID, or nil when there is no earlier sample of it.
    public func rates(forJID jid: Int) -> JailRates? { jailRates[jid] }

    /// Rates of this jail instance (nil for a dying or stopped one).
    public func rates(for jail: Jail) -> JailRates? { jail.jid.flatMap { jailRates[$0] } }

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
