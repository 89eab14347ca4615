/// racct of a jail counts its own processes and those of every jail below it: the kernel charges
/// each resource to the process's prison and to all its ancestors (kern_racct.c
/// `racct_add_cred_locked`: `for (pr = cred->cr_prison; pr != NULL; pr = pr->pr_parent)`), while
/// ps reports a process under its innermost JID only. So a parent's racct figure is its
/// subtree's, its ps figure its own; these helpers give the racct figure of its own processes.
extension Snapshot {
    /// racct usage of each running or dying jail's own processes, by JID: its racct less that of
    /// its direct children (whose figures already hold their own children). Every resource is
    /// additive in the kernel, the decaying ones (pcpu, readbps…) too, as all containers decay
    /// alike; values are clamped at 0 since the containers are read at slightly different
    /// moments. A jail is missing when it has no racct, or one of its children has none (then
    /// only its subtree figure, `jail.racct`, is known and must be shown as such).
    public func ownUsageByJID() -> [Int: ResourceUsage] {
        var children: [Int: [Jail]] = [:]
        for j in jails where j.jid != nil && j.parent != 0 { children[j.parent, default: []].append(j) }
        var out: [Int: ResourceUsage] = [:]
        out.reserveCapacity(jails.count)
        for jail in jails {
            guard let jid = jail.jid, let total = jail.racct else { continue }
            if let own = Self.own(total, less: children[jid] ?? []) { out[jid] = own }
        }
        return out
    }

    static func own(_ total: ResourceUsage, less children: [Jail]) -> ResourceUsage? {
        guard !children.isEmpty else { return total }
        var own = total
        var subtracted = Set<String>()
        for child in children {
            guard let usage = child.racct else {
                // The kernel keys racct by name: a restarted child's dying instance shares its
                // successor's figures (which the collector gives only to the successor).
                if children.contains(where: { $0.name == child.name && $0.racct != nil }) { continue }
                return nil
            }
            guard subtracted.insert(child.name).inserted else { continue }
            for (key, value) in usage.values {
                if let v = own.values[key] { own.values[key] = max(0, v - value) }
            }
        }
        return own
    }
}
