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
    /// Totals of every process per JID, in one pass over the process list.
    public func processTotalsByJID() -> [Int: JailSummary] {
        var totals: [Int: JailSummary] = [:]
        totals.reserveCapacity(jails.count + 1)
        for p in processes {
            totals[p.jid, default: .empty].add(p)
        }
        return totals
    }

    /// The same sample with every jail's `summary` recomputed from the process list.
    /// Processes of a child jail count only in the child (ps reports the innermost JID).
    public func withSummariesFromProcesses() -> Snapshot {
        let totals = processTotalsByJID()
        var copy = self
        for i in copy.jails.indices {
            if let jid = copy.jails[i].jid {
                copy.jails[i].summary = totals[jid] ?? .empty
            } else {
                copy.jails[i].summary = .empty
            }
        }
        return copy
    }
}

extension JailSummary {
    mutating func add(_ p: JailProcess) {
        processes += 1
        threads += p.threads
        cpuPercent += p.cpuPercent
        rssBytes += p.rssBytes
    }
}
