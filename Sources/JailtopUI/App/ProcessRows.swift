import JailtopModel

/// One row of the process list: the process, its CPU % over the interval, and its depth
/// and branch glyph prefix in tree view.
public struct ProcessRow: Sendable, Equatable {
    public var process: JailProcess
    public var cpuPercent: Double
    /// Tree prefix such as "│  └─ " (empty in list view).
    public var treePrefix: String
    /// The name of the jail it runs in ("-" for the host's own), in the every-process view
    /// only, whose JAIL column shows it; empty elsewhere.
    public var jailName = ""
}

/// What a jail's process rows are built from: when none of it changes, the stored rows still hold.
public struct ProcessRowsInputs: Sendable, Equatable {
    var sample: Int
    var scope: ProcessListScope
    var jid: Int?
    var filter: String
    var user: String?
    var hideKernel: Bool
    var sort: ProcessColumn
    var descending: Bool
    var tree: Bool
    var unicode: Bool
}

extension JailProcess {
    /// A kernel process: the host's, with no argument vector (ps shows its name in brackets,
    /// `[idle]`, `[zfskern]`), as htop's `K` hides them.
    var isKernelProcess: Bool { jid == 0 && args.hasPrefix("[") && args.hasSuffix("]") }

    /// Whether the filter or the search (`needle`, lower case) finds it: its command line,
    /// name or user, or its PID exactly.
    func matches(_ needle: String) -> Bool {
        args.lowercased().contains(needle) || command.lowercased().contains(needle) || user.lowercased().contains(needle) || String(pid) == needle
    }
}

extension AppState {
    func processRowsInputs(of jail: Jail?) -> ProcessRowsInputs {
        ProcessRowsInputs(
            sample: sampleGeneration, scope: processes.scope, jid: processes.scope == .selectedJail ? jail?.jid : nil,
            filter: processes.filter, user: processes.user, hideKernel: processes.hideKernel, sort: processes.sort, descending: processes.descending, tree: processes.tree, unicode: unicode)
    }

    /// The process list's rows: the selected jail's processes (or the host's own, or every
    /// one, by `processes.scope`), filtered, then sorted or arranged as a tree (children under
    /// their parent, siblings in sort order). The stored rows when current, else built afresh.
    public func processRows(of jail: Jail?) -> [ProcessRow] {
        storedProcessRows?.rows(for: processRowsInputs(of: jail)) ?? buildProcessRows(of: jail)
    }

    /// The JIDs whose processes the list shows (the collector reads them in detail): the
    /// selected jail's, the host's (0), or every one.
    func listedProcessJIDs(of jail: Jail?) -> [Int] {
        switch processes.scope {
        case .selectedJail: jail?.jid.map { [$0] } ?? []
        case .host: [0]
        case .everyProcess: [0] + (snapshot?.jails.compactMap(\.jid) ?? [])
        }
    }

    func buildProcessRows(of jail: Jail?) -> [ProcessRow] {
        guard let snapshot else { return [] }
        let positions: [Int]
        var jailNames: [Int: String] = [:]
        switch processes.scope {
        case .selectedJail:
            guard let jid = jail?.jid else { return [] }
            positions = Array(derived.processesByJID.positions(ofJID: jid))
        case .host:
            positions = Array(derived.processesByJID.positions(ofJID: 0))
        case .everyProcess:
            positions = Array(snapshot.processes.indices)
            for j in snapshot.jails { if let jid = j.jid { jailNames[jid] = j.name } }
        }
        let needle = processes.filter.lowercased()
        var rows: [ProcessRow] = []
        rows.reserveCapacity(positions.count)
        for i in positions {
            let p = snapshot.processes[i]
            if let user = processes.user, p.user != user { continue }
            if processes.hideKernel, p.isKernelProcess { continue }
            if !needle.isEmpty, !p.matches(needle) { continue }
            var row = ProcessRow(process: p, cpuPercent: delta?.cpuPercent(ofProcess: p.pid) ?? p.cpuPercent, treePrefix: "")
            if processes.scope == .everyProcess { row.jailName = p.jid == 0 ? "-" : jailNames[p.jid] ?? "JID \(p.jid)" }
            rows.append(row)
        }
        let compare = ProcessTableColumns.column(processes.sort).compare, descending = processes.descending
        rows.sort { a, b in
            let c = compare(a, b)
            if c != 0 { return descending ? c > 0 : c < 0 }
            return a.process.pid < b.process.pid
        }
        return processes.tree ? Self.tree(rows, unicode: unicode) : rows
    }

    /// Arranges sorted rows as a forest: a process whose parent is not in the list is a root.
    static func tree(_ sorted: [ProcessRow], unicode: Bool) -> [ProcessRow] {
        var position: [Int: Int] = [:]
        for (i, r) in sorted.enumerated() where position[r.process.pid] == nil { position[r.process.pid] = i }
        var children: [Int: [Int]] = [:]
        var roots: [Int] = []
        for (i, r) in sorted.enumerated() {
            if r.process.ppid != r.process.pid, let parent = position[r.process.ppid] {
                children[parent, default: []].append(i)
            } else {
                roots.append(i)
            }
        }
        return TreeLayout.arrange(count: sorted.count, roots: roots, children: children, unicode: unicode).map { placed in
            var row = sorted[placed.index]
            row.treePrefix = placed.prefix
            return row
        }
    }
}
