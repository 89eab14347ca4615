/// The jail table as a tree (`t`/F5 in the jail list): each jail under its parent, siblings in
/// the table's sort order, with branch glyphs before the name. A jail's parent is the running
/// jail whose JID is its `parent`; for one that is not running, the jail whose name is its own
/// up to the last dot (`build.ci` under `build`), as jail(8) names children. Each row keeps its
/// own figures; a folded jail (`f`) hides its subtree and says how many jails it holds.
enum JailTree {
    static func arrange(_ sorted: [JailRow], folded: Set<String>, unicode: Bool) -> [JailRow] {
        // Parents by (host, JID) and by (host, name).
        var byJID: [String: Int] = [:]
        var byName: [String: Int] = [:]
        for (i, row) in sorted.enumerated() {
            let host = row.jail.remote ?? ""
            if let jid = row.jail.jid { byJID["\(host)#\(jid)"] = i }
            if row.jail.jid != nil || byName["\(host)#\(row.jail.name)"] == nil { byName["\(host)#\(row.jail.name)"] = i }
        }
        func parent(of i: Int) -> Int? {
            let jail = sorted[i].jail, host = jail.remote ?? ""
            if jail.jid != nil, jail.parent != 0 { return byJID["\(host)#\(jail.parent)"] }
            if jail.jid == nil, let dot = jail.name.lastIndex(of: ".") { return byName["\(host)#\(jail.name[..<dot])"] }
            return nil
        }
        var children: [Int: [Int]] = [:]
        var roots: [Int] = []
        for i in sorted.indices {
            if let p = parent(of: i), p != i { children[p, default: []].append(i) } else { roots.append(i) }
        }
        func descendants(_ i: Int) -> Int { (children[i] ?? []).reduce(0) { $0 + 1 + descendants($1) } }
        let (branch, last, pipe, space) = unicode ? ("├─ ", "└─ ", "│  ", "   ") : ("|- ", "`- ", "|  ", "   ")
        var out: [JailRow] = []
        out.reserveCapacity(sorted.count)
        var visited = Set<Int>()
        // Iterative, so a deep tree cannot overflow the stack; a cycle is cut at the repeat.
        var stack: [(index: Int, indent: String, isLast: Bool, isRoot: Bool)] = roots.reversed().map { ($0, "", false, true) }
        while let (i, indent, isLast, isRoot) = stack.popLast() {
            guard visited.insert(i).inserted else { continue }
            var row = sorted[i]
            row.treePrefix = isRoot ? "" : indent + (isLast ? last : branch)
            let kids = children[i] ?? []
            if folded.contains(row.key), !kids.isEmpty {
                row.foldedJails = descendants(i)
                out.append(row)
                continue
            }
            out.append(row)
            let childIndent = isRoot ? "" : indent + (isLast ? space : pipe)
            for (k, child) in kids.enumerated().reversed() { stack.append((child, childIndent, k == kids.count - 1, false)) }
        }
        return out
    }
}
