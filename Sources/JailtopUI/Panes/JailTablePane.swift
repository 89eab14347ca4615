import JailtopModel

/// The jail table: one row per jail with its load and limits, the selection highlighted;
/// columns drop out by priority as the screen narrows.
struct JailTablePane {
    var state: AppState
    var rows: [JailRow]

    static func specs() -> [ColumnLayout<JailColumn>.Spec] {
        [
            .init(column: .jid, width: 4, alignRight: true, priority: nil),
            .init(column: .name, width: 12, alignRight: false, priority: nil, flexible: true),
            .init(column: .state, width: 7, alignRight: false, priority: 3),
            .init(column: .cpu, width: 6, alignRight: true, priority: nil),
            .init(column: .memory, width: 6, alignRight: true, priority: nil),
            .init(column: .limit, width: 5, alignRight: true, priority: 1),
            .init(column: .processes, width: 5, alignRight: true, priority: 2),
            .init(column: .threads, width: 5, alignRight: true, priority: 6),
            .init(column: .disk, width: 13, alignRight: true, priority: 5),
            .init(column: .network, width: 13, alignRight: true, priority: 4),
            .init(column: .address, width: 15, alignRight: false, priority: 7),
            .init(column: .history, width: 16, alignRight: false, priority: 8),
        ]
    }

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        buffer.fill(area)
        let layout = ColumnLayout(Self.specs(), width: area.width)
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
                text = "no jails on this host"
            }
            buffer.put(text, x: area.x + 1, y: listTop, style: Style(state.snapshot?.issue(for: .jails) != nil ? .error : .dim), maxWidth: area.width - 1)
            return
        }
        let selected = state.selectedJailIndex(in: rows)
        let maxCPU = max(100, rows.compactMap(\.cpuPercent).max() ?? 100)
        for line in 0..<visible {
            let index = state.jails.scroll + line
            guard index < rows.count else { break }
            let row = rows[index]
            let y = listTop + line
            let isSelected = index == selected
            for p in layout.placed {
                let (text, role) = cell(row, p.column, width: p.width, maxCPU: maxCPU, glyphs: glyphs)
                buffer.put(text, x: area.x + p.x, y: y, width: p.width, style: Style(role), alignRight: p.alignRight)
            }
            if isSelected {
                buffer.restyle(Rect(x: area.x, y: y, width: area.width, height: 1), Style(focused ? .selection : .selectionDim))
            }
        }
    }

    func cell(_ row: JailRow, _ column: JailColumn, width: Int, maxCPU: Double, glyphs: Glyphs) -> (String, ColorRole) {
        let jail = row.jail
        let base = roleForState(jail.state)
        switch column {
        case .jid: return (jail.jid.map(String.init) ?? "-", base)
        case .name: return (jail.name, base)
        case .state: return (jail.state.rawValue, base)
        case .cpu: return (row.cpuPercent.map(Units.percent) ?? "-", base)
        // "+": the figure includes the jail's child jails (their racct could not be taken out).
        case .memory: return (row.memoryBytes.map { Units.bytes($0) + (row.includesChildJails ? "+" : "") } ?? "-", base)
        case .limit:
            guard let t = row.tightest else { return ("-", base) }
            let pct = t.fraction.isFinite ? Units.clampedInt(min(t.fraction, 9.99) * 100) ?? 999 : 999
            let role: ColorRole = t.fraction >= 0.9 ? .meterHigh : (t.fraction >= 0.75 ? .meterMedium : base)
            return ("\(min(pct, 999))%" + (t.estimated ? "~" : ""), role)
        case .processes: return (jail.state == .running ? String(jail.summary.processes) : "-", base)
        case .threads: return (jail.state == .running ? String(jail.summary.threads) : "-", base)
        case .disk:
            guard let r = row.readBytesPerSecond, let w = row.writeBytesPerSecond else { return ("-", base) }
            return ("\(Units.bytesPerSecond(r))/\(Units.bytesPerSecond(w))" + (row.includesChildJails ? "+" : ""), base)
        case .network:
            guard let rx = row.rxBytesPerSecond, let tx = row.txBytesPerSecond else { return (jail.vnet && jail.state == .running ? "…" : "-", base) }
            return ("\(Units.bytesPerSecond(rx))/\(Units.bytesPerSecond(tx))", base)
        case .address: return (jail.primaryAddress, base)
        case .history:
            return (Draw.sparkline(jail.jid.flatMap { state.cpuHistory[$0] } ?? [], width: width, maximum: maxCPU, glyphs: glyphs), .sparkline)
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
