import JailtopModel

/// The jail table: one row per jail with its load and limits, the selection highlighted;
/// columns drop out by priority as the screen narrows.
struct JailTablePane {
    var state: AppState
    var rows: [JailRow]

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        buffer.fill(area)
        let layout = ColumnLayout(Self.columns(state).map(\.spec), width: area.width)
        let focused = state.focus == .jails
        // Title row; the sort column is marked.
        buffer.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: Style(.title))
        let glyphs = Glyphs.forUnicode(state.unicode)
        for p in layout.placed {
            var title = p.column.title
            if p.column == state.jails.sort { title += state.jails.descending ? glyphs.arrowDown : glyphs.arrowUp }
            buffer.put(title, x: area.x + p.x, y: area.y, width: p.width, style: Style(.title, bold: p.column == state.jails.sort), alignRight: p.alignRight)
        }
        let listTop = area.y + 1
        let visible = area.height - 1
        guard visible > 0 else { return }
        if rows.isEmpty {
            let text: String
            if let issue = state.snapshot?.issue(for: .jails) {
                text = "jail list unavailable: \(issue.message)"
            } else if state.snapshot == nil {
                text = state.collectError.map { "no sample: \($0)" } ?? "waiting for the first sample…"
            } else if !state.jails.filter.isEmpty {
                text = "no jail matches \"\(state.jails.filter)\""
            } else {
                text = state.fleet == nil ? "no jails on this host" : "no jails on these hosts"
            }
            buffer.put(text, x: area.x + 1, y: listTop, style: Style(state.snapshot?.issue(for: .jails) != nil ? .error : .dim), maxWidth: area.width - 1)
            return
        }
        let selected = state.selectedJailIndex(in: rows)
        // By index: a key path or closure over whole rows copied each one (a Jail apiece).
        var maxCPU = 100.0
        for i in rows.indices { if let cpu = rows[i].figures.cpuPercent, cpu > maxCPU { maxCPU = cpu } }
        for line in 0..<visible {
            let index = state.jails.scroll + line
            guard index < rows.count else { break }
            let row = rows[index]
            let y = listTop + line
            let isSelected = index == selected
            // A host out of touch keeps its last rows, greyed.
            let stateRole = row.stale ? .dim : roleForState(row.jail.state)
            let history = state.fleet.flatMap { fleet in fleet.index(of: row.jail.remote).map { fleet.hosts[$0].track.cpuHistory } } ?? state.cpuHistory
            for p in layout.placed {
                let context = JailCellContext(width: p.width, maxCPU: maxCPU, glyphs: glyphs, cpuHistory: history, stateRole: stateRole)
                let (text, role) = JailTableColumns.column(p.column).cell(row, context)
                buffer.put(text, x: area.x + p.x, y: y, width: p.width, style: Style(role), alignRight: p.alignRight)
            }
            if isSelected {
                buffer.restyle(Rect(x: area.x, y: y, width: area.width, height: 1), Style(focused ? .selection : .selectionDim))
            }
        }
    }

    /// The columns this host needs: MANAGER only where some jail has a manager, HOST only in
    /// the fleet dashboard.
    static func columns(_ state: AppState) -> [JailTableColumn] {
        let managed = state.fleet.map { $0.hosts.contains { !$0.track.derived.managers.isEmpty } } ?? !state.derived.managers.isEmpty
        // The chosen ones in their order; HOST leads in the fleet even when not chosen.
        var chosen = state.jailColumns ?? JailColumn.allCases
        if state.fleet != nil, !chosen.contains(.host) { chosen.insert(.host, at: 0) }
        return chosen.map(JailTableColumns.column).filter { column in
            switch column.id {
            case .manager: managed
            case .host: state.fleet != nil
            default: true
            }
        }
    }

    func roleForState(_ s: JailState) -> ColorRole {
        switch s {
        case .running: .jailRunning
        case .dying: .jailDying
        case .stopped, .unknown: .jailStopped
        }
    }
}
