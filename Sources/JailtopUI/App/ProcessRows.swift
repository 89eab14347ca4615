import JailtopModel

/// One row of the process list: the process, its CPU % over the interval, and its depth
/// and branch glyph prefix in tree view.
public struct ProcessRow: Sendable, Equatable {
    public var process: JailProcess
    public var cpuPercent: Double
    /// Tree prefix such as "│  └─ " (empty in list view).
    public var treePrefix: String
}

extension AppState {
    /// Processes of a jail: filtered, then sorted or arranged as a tree (children under their
    /// parent, siblings in sort order).
    public func processRows(of jail: Jail) -> [ProcessRow] {
        guard let snapshot, let jid = jail.jid, let indices = derived.processIndicesByJID[jid] else { return [] }
        let needle = processes.filter.lowercased()
        var rows: [ProcessRow] = []
        rows.reserveCapacity(indices.count)
        for i in indices {
            let p = snapshot.processes[i]
            if !needle.isEmpty, !(p.args.lowercased().contains(needle) || p.command.lowercased().contains(needle)
                || p.user.lowercased().contains(needle) || String(p.pid) == needle) { continue }
            rows.append(ProcessRow(process: p, cpuPercent: delta?.cpuPercent(ofProcess: p.pid) ?? p.cpuPercent, treePrefix: ""))
        }
        let column = processes.sort, descending = processes.descending
        let ordered: (ProcessRow, ProcessRow) -> Bool = { a, b in
            let c = Self.compare(a, b, by: column)
            if c != 0 { return descending ? c > 0 : c < 0 }
            return a.process.pid < b.process.pid
        }
        rows.sort(by: ordered)
        return processes.tree ? Self.tree(rows, unicode: unicode) : rows
    }

    static func compare(_ a: ProcessRow, _ b: ProcessRow, by column: ProcessColumn) -> Int {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
        switch column {
        case .pid: return cmp(a.process.pid, b.process.pid)
        case .user: return cmp(a.process.user, b.process.user)
        case .priority: return cmp(a.process.priority, b.process.priority)
        case .nice: return cmp(a.process.nice, b.process.nice)
        case .virtual: return cmp(a.process.vszBytes, b.process.vszBytes)
        case .resident, .memory: return cmp(a.process.rssBytes, b.process.rssBytes)
        case .state: return cmp(a.process.state, b.process.state)
        case .cpu: return cmp(a.cpuPercent, b.cpuPercent)
        case .time: return cmp(a.process.cpuTimeS, b.process.cpuTimeS)
        case .command: return cmp(a.process.args, b.process.args)
        }
    }

    /// Arranges sorted rows as a forest: a process whose parent is not in the list is a root.
    static func tree(_ sorted: [ProcessRow], unicode: Bool) -> [ProcessRow] {
        var present = Set<Int>()
        for r in sorted { present.insert(r.process.pid) }
        var children: [Int: [Int]] = [:]
        var roots: [Int] = []
        for (i, r) in sorted.enumerated() {
            let parent = r.process.ppid
            if parent != r.process.pid, present.contains(parent) {
                children[parent, default: []].append(i)
            } else {
                roots.append(i)
            }
        }
        let (branch, last, pipe, space) = unicode ? ("├─ ", "└─ ", "│  ", "   ") : ("|- ", "`- ", "|  ", "   ")
        var out: [ProcessRow] = []
        out.reserveCapacity(sorted.count)
        var visited = Set<Int>()
        // Iterative walk (deep trees must not overflow the stack); a cycle is cut at the repeat.
        var stack: [(index: Int, indent: String, isLast: Bool, isRoot: Bool)] = roots.reversed().map { ($0, "", false, true) }
        while let (i, indent, isLast, isRoot) = stack.popLast() {
            let pid = sorted[i].process.pid
            guard visited.insert(pid).inserted else { continue }
            var row = sorted[i]
            row.treePrefix = isRoot ? "" : indent + (isLast ? last : branch)
            out.append(row)
            let kids = children[pid] ?? []
            let childIndent = isRoot ? "" : indent + (isLast ? space : pipe)
            for (k, child) in kids.enumerated().reversed() {
                stack.append((child, childIndent, k == kids.count - 1, false))
            }
        }
        return out
    }
}
