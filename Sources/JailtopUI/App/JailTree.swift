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
        return TreeLayout.arrange(count: sorted.count, roots: roots, children: children, unicode: unicode) {
            folded.contains(sorted[$0].key)
        }.map { placed in
            var row = sorted[placed.index]
            row.treePrefix = placed.prefix
            row.foldedJails = placed.hidden
            return row
        }
    }
}
