/// Per-jail totals over its processes, as ps(1) sees them (works with racct off).
public struct JailSummary: Codable, Sendable, Equatable {
    public var processes: Int
    public var threads: Int
    /// Sum of the processes' %CPU (100 = one core busy).
    public var cpuPercent: Double
    public var rssBytes: Int

    public static let empty = JailSummary(processes: 0, threads: 0, cpuPercent: 0, rssBytes: 0)

    public init(processes: Int, threads: Int, cpuPercent: Double, rssBytes: Int) {
        self.processes = processes
        self.threads = threads
        self.cpuPercent = cpuPercent
        self.rssBytes = rssBytes
    }

    enum CodingKeys: String, CodingKey {
        case processes, threads
        case cpuPercent = "cpu_percent"
        case rssBytes = "rss_bytes"
    }
}

extension Snapshot {
    /// Totals of every process per JID, from an index of the processes by JID, or else in one
    /// pass over the list (JIDs are small integers: one slot per JID, no hashing per process).
    public func processTotalsByJID(index: ProcessIndex? = nil) -> [Int: JailSummary] {
        guard let index else { return processTotalsByJIDInOnePass() }
        var totals: [Int: JailSummary] = [:]
        for jid in index.jids {
            var summary = JailSummary.empty
            // Index access reads the numeric fields without copying (and retaining) each process's strings.
            for i in index.positions(ofJID: jid) {
                summary.add(threads: processes[i].threads, cpu: processes[i].cpuPercent, rss: processes[i].rssBytes)
            }
            totals[jid] = summary
        }
        return totals
    }

    private func processTotalsByJIDInOnePass() -> [Int: JailSummary] {
        var totals = ProcessTotals()
        for i in processes.indices {
            totals.add(jid: processes[i].jid, threads: processes[i].threads, cpu: processes[i].cpuPercent, rss: processes[i].rssBytes)
        }
        return totals.byJID()
    }

    /// The same sample with every jail's `summary` recomputed from the process list.
    /// Processes of a child jail count only in the child (ps reports the innermost JID).
    public func withSummariesFromProcesses(index: ProcessIndex? = nil) -> Snapshot {
        withSummaries(processTotalsByJID(index: index))
    }

    /// The same sample with every jail's `summary` taken from per-JID totals (none: empty).
    public func withSummaries(_ totals: [Int: JailSummary]) -> Snapshot {
        var copy = self
        copy.setSummaries(totals)
        return copy
    }

    /// `withSummaries` in place. A sample just made holds the only reference to its jails,
    /// which `withSummaries`' copy would first duplicate, retaining every string and array of
    /// 1000 jails to change one field of each.
    public mutating func setSummaries(_ totals: [Int: JailSummary]) {
        for i in jails.indices {
            if let jid = jails[i].jid {
                jails[i].summary = totals[jid] ?? .empty
            } else {
                jails[i].summary = .empty
            }
        }
    }
}

extension JailSummary {
    mutating func add(threads t: Int, cpu: Double, rss: Int) {
        processes += 1
        threads += t
        cpuPercent += cpu
        rssBytes += rss
    }
}

/// Per-JID totals summed process by process, as ps lists them: what a jail's `summary` is made
/// of, whether from a sample's process list or from ps's rows as they are read, without keeping
/// them (`PsParser.RowStream(totalsOf:encoding:)`). JIDs are mostly small integers: one slot
/// per JID below `denseJIDs`, no hashing per process; a higher one (a host whose jails have
/// restarted many times, up to the kernel's 999 999) goes in a dictionary instead of slots
/// for every JID below it.
public struct ProcessTotals: Sendable, Equatable {
    /// JIDs below this have a slot: at most 2 MiB of them.
    public static let denseJIDs = 1 << 16

    private var slots: [JailSummary] = []
    private var sparse: [Int: JailSummary] = [:]
    /// Processes added, host processes (JID 0) included.
    public private(set) var count = 0

    public init() {}

    public mutating func add(jid: Int, threads: Int, cpu: Double, rss: Int) {
        count += 1
        if jid >= 0, jid < Self.denseJIDs {
            if jid >= slots.count { slots.append(contentsOf: repeatElement(.empty, count: jid + 1 - slots.count)) }
            slots[jid].add(threads: threads, cpu: cpu, rss: rss)
        } else {
            sparse[jid, default: .empty].add(threads: threads, cpu: cpu, rss: rss)
        }
    }

    /// The totals of every JID that had a process.
    public func byJID() -> [Int: JailSummary] {
        var totals = sparse
        totals.reserveCapacity(sparse.count + 1024)
        for jid in slots.indices where slots[jid].processes > 0 { totals[jid] = slots[jid] }
        return totals
    }
}
