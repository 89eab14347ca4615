import JailtopModel

/// The mouse, as htop's: a press selects the jail or process under it or opens the tab whose
/// label it is on; the wheel moves the list under it three rows. Over a dialog, the wheel
/// scrolls a scrolled one and a press is ignored (dialogs are answered with keys).
extension AppReducer {
    static let wheelStep = 3

    static func handle(_ mouse: MouseEvent, _ state: inout AppState) -> [Effect] {
        if let overlay = state.overlay {
            switch (overlay, mouse.kind) {
            case (.help, .wheelUp), (.messages, .wheelUp), (.processDetail, .wheelUp):
                state.overlayScroll = max(0, state.overlayScroll - wheelStep)
            case (.help, .wheelDown), (.messages, .wheelDown), (.processDetail, .wheelDown):
                state.overlayScroll += wheelStep
            default: break
            }
            return []
        }
        let layout = Layout(size: state.size)
        let inJails = contains(layout.jails, mouse), inDetail = contains(layout.detail, mouse)
        switch mouse.kind {
        case .wheelUp, .wheelDown:
            guard inJails || inDetail else { return [] }
            state.focus = inJails ? .jails : .detail
            move(&state, by: mouse.kind == .wheelUp ? -wheelStep : wheelStep)
        case .press where inJails:
            let rows = state.jailRows()
            let index = state.jails.scroll + (mouse.y - layout.jails.y - 1)
            guard mouse.y > layout.jails.y, index < rows.count, let current = state.selectedJailIndex(in: rows) else { return [] }
            state.focus = .jails
            move(&state, by: index - current)
        case .press where inDetail && mouse.y == layout.detail.y:
            guard let tab = tab(at: mouse.x - layout.detail.x) else { return [] }
            return perform(.showTab(tab), &state)
        case .press where inDetail:
            guard state.tab == .processes, mouse.y >= layout.detail.y + 2 else {
                state.focus = .detail
                return []
            }
            let rows = selectedProcessRows(state)
            let visible = layout.detailListRows
            let scroll = min(state.processes.scroll, max(0, rows.count - visible))
            let index = scroll + (mouse.y - layout.detail.y - 2)
            state.focus = .detail
            guard index < rows.count else { return [] }
            state.processes.selectedPID = rows[index].process.pid
        case .press:
            break
        }
        return []
    }

    static func contains(_ rect: Rect, _ mouse: MouseEvent) -> Bool {
        mouse.x >= rect.x && mouse.x < rect.maxX && mouse.y >= rect.y && mouse.y < rect.maxY
    }

    /// The tab whose label (" 1 Processes ", as `DetailPane` draws them) is at column `x`.
    static func tab(at x: Int) -> AppState.DetailTab? {
        var start = 0
        for tab in AppState.DetailTab.allCases {
            let width = " \(tab.rawValue + 1) \(tab.title) ".count
            if x >= start, x < start + width { return tab }
            start += width + 1
        }
        return nil
    }
}
