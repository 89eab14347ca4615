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

    /// Whether both samples hold the jail's processes: a remote host's stream sends only those
    /// of the jails the dashboard lists (`Snapshot.processesOf`); the others' CPU comes from
    /// racct, or from the far side's own figure.
    static func holdsProcesses(of jid: Int, previous: Snapshot, current: Snapshot) -> Bool {
        (previous.processesOf?.contains(jid) ?? true) && (current.processesOf?.contains(jid) ?? true)
    }

    /// Seconds between the two samples; 0 (and no rates) without an earlier sample or when it
    /// is less than `minimumInterval` old.
    public let interval: Double
    private let jailRates: [Int: JailRates]
    /// The current sample's processes in pid order, and the CPU % of each (NaN where it
    /// cannot be told): looked up by binary search.
    private let processTimes: ProcessTimes
    private let processCPU: [Double]

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
    ///   - times: both samples' `ProcessTimes`, when the caller keeps them (the dashboard
    ///     builds each sample's once); they must be of `previous` and `current`.
    public init(
        previous: Snapshot?, current: Snapshot, index: ProcessIndex? = nil,
        times: (previous: ProcessTimes, current: ProcessTimes)? = nil
    ) {
        guard let previous, current.time - previous.time >= Self.minimumInterval else {
            interval = 0
            jailRates = [:]
            processTimes = .empty
            processCPU = []
            return
        }
        let dt = current.time - previous.time
        interval = dt

        // Per process: CPU seconds used since the last sample. A pid seen before counts its
        // delta; a new pid counts all its CPU time if it started within the interval (a reused
        // pid that is older is skipped rather than guessed). Both tables are walked in pid order
        // (a merge over dense arrays, no hashing): this runs every refresh over tens of
        // thousands of processes.
        let old = times?.previous ?? ProcessTimes(previous.processes)
        let new = times?.current ?? ProcessTimes(current.processes)
        var percent = [Double](repeating: .nan, count: new.count)
        // CPU seconds per position in the current process list, summed per jail below.
        var usedSeconds = [Double](repeating: 0, count: current.processes.count)
        var o = 0
        for n in 0..<new.count {
            let pid = new.pids[n], cpu = new.cpuTimes[n], elapsed = new.elapsed[n]
            while o < old.count, old.pids[o] < pid { o += 1 }
            let used: Double
            if o < old.count, old.pids[o] == pid, elapsed >= old.elapsed[o], cpu >= old.cpuTimes[o] {
                used = cpu - old.cpuTimes[o]
            } else if Double(elapsed) <= dt {
                used = cpu
            } else {
                continue
            }
            percent[n] = used / dt * 100
            let position = new.position(n)
            if position < usedSeconds.count { usedSeconds[position] = used }
        }
        processTimes = new
        processCPU = percent
        let byJID = index ?? ProcessIndex(current.processes)
        func cpuSeconds(_ jid: Int) -> Double {
            byJID.positions(ofJID: jid).reduce(0) { $0 + ($1 < usedSeconds.count ? usedSeconds[$1] : 0) }
        }

        var rates: [Int: JailRates] = [:]
        rates.reserveCapacity(current.jails.count)
        // Positions by JID, not copies: copying 2000 jails (rules, racct, interfaces) cost more
        // than the rates themselves.
        let oldJails = previous.jails, newJails = current.jails
        var previousJails: [Int: Int] = [:], currentJails: [Int: Int] = [:]
        previousJails.reserveCapacity(oldJails.count)
        currentJails.reserveCapacity(newJails.count)
        for i in oldJails.indices { if let jid = oldJails[i].jid { previousJails[jid] = i } }
        var childJIDs: [Int: [Int]] = [:]
        for i in newJails.indices {
            guard let jid = newJails[i].jid else { continue }
            currentJails[jid] = i
            if newJails[i].parent != 0 { childJIDs[newJails[i].parent, default: []].append(jid) }
        }
        /// CPU % from racct's cputime over the window between the moments it was read (the
        /// collector reads it after the other tools, or keeps it from an earlier refresh), not
        /// between the samples' times: a ps stuck until its 5 s timeout delays the reading, and
        /// dividing by the samples' 2.2 s made 7 s of CPU time 3.3× too much.
        func racctPercent(_ jid: Int) -> Double? {
            guard let n = currentJails[jid], let o = previousJails[jid],
                let c = newJails[n].usage(of: .cputime), let p = oldJails[o].usage(of: .cputime), c >= p
            else { return nil }
            let window = (newJails[n].racctTime ?? current.time) - (oldJails[o].racctTime ?? previous.time)
            guard window >= Self.racctMinimumInterval else { return nil }
            return Double(c - p) / window * 100
        }
        /// The jail's own processes' share: its racct rate less its child jails' (the kernel
        /// charges a child's CPU to every ancestor too, kern_racct.c `racct_add_cred_locked`).
        /// A child seen in only one sample, or a dying one (its racct is its successor's), is
        /// left out; without a child's rate the parent's own share is unknown.
        func racctOwnPercent(_ jid: Int) -> Double? {
            guard var percent = racctPercent(jid) else { return nil }
            for child in childJIDs[jid] ?? [] where previousJails[child] != nil && currentJails[child].map({ newJails[$0].racct != nil }) == true {
                guard let rate = racctPercent(child) else { return nil }
                percent -= rate
            }
            return max(0, percent)
        }
        let hadProcesses = Self.hasProcessTimes(previous: previous, current: current)
        for i in newJails.indices {
            guard let jid = newJails[i].jid, newJails[i].state == .running else { continue }
            var r = JailRates(cpuPercent: nil, rxBytesPerSecond: nil, txBytesPerSecond: nil, interfaces: [:])
            if hadProcesses, Self.holdsProcesses(of: jid, previous: previous, current: current) {
                r.cpuPercent = cpuSeconds(jid) / dt * 100
            } else {
                // No process list: fall back to racct's whole-second cputime counter.
                r.cpuPercent = racctOwnPercent(jid)
            }
            // Between the moments netstat ran for this jail: a jail it did not run for again
            // has no rate this time (its counters are the earlier ones, so the window is 0),
            // and one it ran for after several refreshes gets the rate over all of them.
            if let o = previousJails[jid], !newJails[i].interfaces.isEmpty,
                case let window = (newJails[i].interfacesTime ?? current.time) - (oldJails[o].interfacesTime ?? previous.time),
                window >= Self.minimumInterval
            {
                let oldInterfaces = oldJails[o].interfaces
                var rx = 0.0, tx = 0.0
                var any = false
                for iface in newJails[i].interfaces {
                    guard let o = oldInterfaces.first(where: { $0.name == iface.name }),
                        iface.rxBytes >= o.rxBytes, iface.txBytes >= o.txBytes
                    else { continue }  // new interface or counter reset: no rate this time
                    let rate = InterfaceRate(
                        rxBytesPerSecond: Double(iface.rxBytes - o.rxBytes) / window,
                        txBytesPerSecond: Double(iface.txBytes - o.txBytes) / window)
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
        guard let i = processTimes.entry(ofPID: pid), !processCPU[i].isNaN else { return nil }
        return processCPU[i]
    }
}
