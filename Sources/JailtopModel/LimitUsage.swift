/// How close a jail is to one of its rctl limits: the rule, the current usage, and the
/// fraction of the limit used. The basis of the "% of tightest limit" column and the bars.
public struct LimitUsage: Sendable, Equatable {
    public var rule: RctlRule
    public var usage: Int
    /// True when the usage comes from ps (racct off), not from the kernel's accounting.
    public var estimated: Bool

    public var fraction: Double {
        rule.amount > 0 ? Double(usage) / Double(rule.amount) : (usage > 0 ? .infinity : 0)
    }
}

extension Jail {
    /// Usage against every per-jail rule this jail has, tightest first. Rules counted per
    /// process or user cannot be compared with jail totals and are left out. With racct off,
    /// the ps summary stands in for memoryuse, maxproc, nthr and pcpu (marked estimated).
    /// Only a running jail has a share: the kernel keys racct and jail rules by name, so a
    /// restarted jail's dying instance would show its successor's share.
    public func limitUsages() -> [LimitUsage] {
        guard state == .running else { return [] }
        var out: [LimitUsage] = []
        for rule in rules where rule.countsPerJail {
            guard let resource = rule.racctResource else { continue }
            if let used = racct?[resource] {
                out.append(LimitUsage(rule: rule, usage: used, estimated: false))
            } else if let estimate = psEstimate(of: resource) {
                out.append(LimitUsage(rule: rule, usage: estimate, estimated: true))
            }
        }
        return out.sorted { $0.fraction > $1.fraction }
    }

    /// The limit this jail is closest to, if it has any.
    public var tightestLimit: LimitUsage? { limitUsages().first }

    func psEstimate(of resource: RacctResource) -> Int? {
        switch resource {
        case .memoryuse: summary.rssBytes
        case .maxproc: summary.processes
        case .nthr: summary.threads
        case .pcpu: Units.clampedInt(summary.cpuPercent)
        default: nil
        }
    }
}
