import JailtopModel

/// The selected jail's processes (or the host's own, or every one, by the list's scope),
/// htop-style: sortable columns, tree view, tagged rows.
struct ProcessPane {
    var state: AppState
    /// The selected jail; nil when the list is the host's or every process's.
    var jail: Jail?

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        let columns = ProcessTableColumns.shown(in: state.processes.scope, chosen: state.processColumns)
        let layout = ColumnLayout(columns.map(\.spec), width: area.width)
        let glyphs = Glyphs.forUnicode(state.unicode)
        buffer.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: Style(.title))
        for p in layout.placed {
            var title = p.column.title
            if p.column == state.processes.sort { title += state.processes.descending ? glyphs.arrowDown : glyphs.arrowUp }
            if p.column == .command, state.processes.tree { title += " (tree)" }
            if p.column == .command, state.processes.commandOffset > 0 { title += " from column \(state.processes.commandOffset + 1)" }
            buffer.put(title, x: area.x + p.x, y: area.y, width: p.width, style: Style(.title, bold: p.column == state.processes.sort), alignRight: p.alignRight)
        }
        let top = area.y + 1, visible = area.height - 1
        guard visible > 0 else { return }
        if let message = emptyMessage() {
            buffer.put(message.0, x: area.x + 1, y: top, style: Style(message.1), maxWidth: area.width - 1)
            return
        }
        let rows = state.processRows(of: jail)
        if rows.isEmpty {
            let text = state.processes.filter.isEmpty ? "no processes" : "no process matches \"\(state.processes.filter)\""
            buffer.put(text, x: area.x + 1, y: top, style: Style(.dim), maxWidth: area.width - 1)
            return
        }
        let selectedIndex = state.processes.selectedPID.flatMap { pid in rows.firstIndex { $0.process.pid == pid } }
        let focused = state.focus == .detail
        let scroll = min(state.processes.scroll, max(0, rows.count - visible))
        for line in 0..<visible {
            let i = scroll + line
            guard i < rows.count else { break }
            let row = rows[i], p = row.process, y = top + line
            let tagged = state.processes.tagged.contains(p.pid)
            for c in layout.placed {
                var text = ProcessTableColumns.column(c.column).text(row)
                if c.column == .command, state.processes.commandOffset > 0 { text = String(text.dropFirst(state.processes.commandOffset)) }
                let role: ColorRole = tagged ? .tagged : (c.column == .cpu && row.cpuPercent >= 50 ? .meterMedium : .normal)
                buffer.put(text, x: area.x + c.x, y: y, width: c.width, style: Style(role), alignRight: c.alignRight)
            }
            if i == selectedIndex || (selectedIndex == nil && i == 0 && focused) {
                buffer.restyle(Rect(x: area.x, y: y, width: area.width, height: 1), Style(focused ? .selection : .selectionDim))
            }
        }
    }

    /// Why there is no list to show: the jail is not running, or ps failed. A partial issue
    /// (rows skipped, or some processes as last read) keeps the list; the header names it.
    func emptyMessage() -> (String, ColorRole)? {
        if let jail {
            switch jail.state {
            case .stopped: return ("\(jail.name) is stopped", .jailStopped)
            case .dying: return ("\(jail.name) is dying: the kernel still holds it, it has no processes", .jailDying)
            case .unknown: return ("\(jail.name): state unknown (the jail list could not be read)", .error)
            case .running: break
            }
        }
        if let issue = state.snapshot?.issue(for: .processes), !issue.isPartial {
            return ("process list unavailable: \(issue.message)", .error)
        }
        return nil
    }
}
