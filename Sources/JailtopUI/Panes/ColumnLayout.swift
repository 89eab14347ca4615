/// Picks which columns of a table fit a width and where each starts: required columns always,
/// optional ones in priority order while they fit, then laid out in display order; one
/// flexible column takes what is left.
struct ColumnLayout<Column: Hashable & Sendable>: Sendable {
    struct Spec: Sendable {
        var column: Column
        var width: Int
        var alignRight: Bool
        /// Lower numbers are kept first; nil means always shown.
        var priority: Int?
        /// Takes the remaining width (at least `width`).
        var flexible: Bool = false
    }

    struct Placed: Sendable {
        var column: Column
        var x: Int
        var width: Int
        var alignRight: Bool
    }

    var placed: [Placed] = []

    init(_ specs: [Spec], width: Int) {
        let gap = 1
        var chosen = Set<Int>()
        var used = 0
        for (i, s) in specs.enumerated() where s.priority == nil {
            chosen.insert(i)
            used += s.width + gap
        }
        let optional = specs.enumerated().filter { $0.element.priority != nil }.sorted { ($0.element.priority ?? 0) < ($1.element.priority ?? 0) }
        for (i, s) in optional where used + s.width + gap <= width {
            chosen.insert(i)
            used += s.width + gap
        }
        let spare = max(0, width - used)
        var x = 0
        for (i, s) in specs.enumerated() where chosen.contains(i) {
            let w = s.flexible ? s.width + spare : s.width
            placed.append(Placed(column: s.column, x: x, width: min(w, max(0, width - x)), alignRight: s.alignRight))
            x += w + gap
        }
    }
}
