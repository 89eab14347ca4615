/// Puts the rows of a forest in display order with their branch glyphs ("│  └─ "): each
/// after its parent, siblings in the order given. Used by the process tree and the jail tree.
/// The walk is iterative (a deep tree cannot overflow the stack) and a cycle is cut where it
/// repeats; a folded row's subtree is left out, and the row says how many rows it hides.
enum TreeLayout {
    struct Placed {
        var index: Int
        var prefix: String
        /// How many rows below it a folded row hides (0 when it is open or has none).
        var hidden = 0
    }

    static func arrange(count: Int, roots: [Int], children: [Int: [Int]], unicode: Bool, folded: (Int) -> Bool = { _ in false }) -> [Placed] {
        let (branch, last, pipe, space) = unicode ? ("├─ ", "└─ ", "│  ", "   ") : ("|- ", "`- ", "|  ", "   ")
        func descendants(_ i: Int, _ seen: inout Set<Int>) -> Int {
            (children[i] ?? []).reduce(0) { total, child in seen.insert(child).inserted ? total + 1 + descendants(child, &seen) : total }
        }
        var out: [Placed] = []
        out.reserveCapacity(count)
        var visited = Set<Int>()
        var stack: [(index: Int, indent: String, isLast: Bool, isRoot: Bool)] = roots.reversed().map { ($0, "", false, true) }
        while let (i, indent, isLast, isRoot) = stack.popLast() {
            guard visited.insert(i).inserted else { continue }
            var placed = Placed(index: i, prefix: isRoot ? "" : indent + (isLast ? last : branch))
            let kids = children[i] ?? []
            if !kids.isEmpty, folded(i) {
                var seen: Set<Int> = [i]
                placed.hidden = descendants(i, &seen)
                out.append(placed)
                continue
            }
            out.append(placed)
            let childIndent = isRoot ? "" : indent + (isLast ? space : pipe)
            for (k, child) in kids.enumerated().reversed() { stack.append((child, childIndent, k == kids.count - 1, false)) }
        }
        return out
    }
}
