import JailtopModel

/// The lower pane: tabs for the selected jail's processes, limits, parameters and network.
struct DetailPane {
    var state: AppState
    var jail: Jail?

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        buffer.fill(area)
        // Tab row, with the jail's name at the right.
        var x = area.x
        for tab in AppState.DetailTab.allCases {
            let active = tab == state.tab
            let label = " \(tab.rawValue + 1) \(tab.title) "
            x += buffer.put(label, x: x, y: area.y, style: Style(active ? .tabActive : .tabInactive, bold: active), maxWidth: area.maxX - x)
            x += buffer.put(" ", x: x, y: area.y, maxWidth: area.maxX - x)
        }
        let scope = state.processes.scope
        if let label = scope.title.map({ " \($0) " }) ?? jail.map(Self.label) {
            let w = DisplayWidth.of(SanitizedText.clean(label))
            if area.maxX - x > w { buffer.put(label, x: area.maxX - w, y: area.y, style: Style(.headerValue, bold: true)) }
        }
        let content = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        guard !content.isEmpty else { return }
        if scope != .selectedJail {
            ProcessPane(state: state, jail: nil).render(into: &buffer, area: content)
            return
        }
        guard let jail else {
            buffer.put("no jail selected", x: content.x + 1, y: content.y, style: Style(.dim), maxWidth: content.width - 1)
            return
        }
        switch state.tab {
        case .processes: ProcessPane(state: state, jail: jail).render(into: &buffer, area: content)
        case .limits: LimitsPane(state: state, jail: jail).render(into: &buffer, area: content)
        case .info: InfoPane(state: state, jail: jail).render(into: &buffer, area: content)
        case .network: NetworkPane(state: state, jail: jail).render(into: &buffer, area: content)
        }
    }

    /// " www on h2 (JID 3) ": the jail the tabs are about.
    static func label(_ jail: Jail) -> String {
        let id = jail.jid.map { "JID \($0)" } ?? jail.state.rawValue
        return " \(jail.name)\(jail.remote.map { " on \($0)" } ?? "") (\(id)) "
    }
}

/// Lines of text in a scrollable area (Info, Limits, Network tabs), each with a style.
struct TextLines {
    var lines: [(text: String, style: Style)] = []
    mutating func add(_ text: String, _ style: Style = .normal) { lines.append((text, style)) }

    func render(into buffer: inout ScreenBuffer, area: Rect, scroll: Int) {
        let start = min(max(0, scroll), max(0, lines.count - area.height))
        for (i, line) in lines.dropFirst(start).prefix(area.height).enumerated() {
            buffer.put(line.text, x: area.x + 1, y: area.y + i, style: line.style, maxWidth: area.width - 1)
        }
    }
}
