/// Draws the whole dashboard for a state into a fresh buffer: the one entry point the loop
/// and the tests use.
public enum Frame {
    public static func render(_ state: AppState) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: state.size, asciiOnly: !state.unicode)
        let layout = Layout(size: state.size)
        if layout.tooSmall {
            let text = state.size.width >= 36
                ? "terminal too small (\(state.size.width)x\(state.size.height)); need \(Layout.minimum)" : "too small"
            for (i, chunk) in chunks(text, width: max(1, state.size.width)).prefix(state.size.height).enumerated() {
                buffer.put(chunk, x: 0, y: i, style: Style(.warning))
            }
            return buffer
        }
        let rows = state.jailRows()
        HeaderPane(state: state).render(into: &buffer, area: layout.header)
        JailTablePane(state: state, rows: rows).render(into: &buffer, area: layout.jails)
        DetailPane(state: state, jail: state.selectedJail(in: rows)).render(into: &buffer, area: layout.detail)
        FunctionBar(state: state).render(into: &buffer, area: layout.functionBar)
        if state.overlay == .help {
            HelpOverlay(state: state).render(into: &buffer, area: buffer.bounds)
        } else if state.overlay == .messages {
            MessagesOverlay(state: state).render(into: &buffer, area: buffer.bounds)
        } else if case .setup(let screen)? = state.overlay {
            SetupOverlay(state: state, screen: screen).render(into: &buffer, area: buffer.bounds)
        } else if case .processDetail(let pid)? = state.overlay {
            ProcessDetailOverlay(state: state, pid: pid).render(into: &buffer, area: buffer.bounds)
        } else {
            ActionOverlays(state: state).render(into: &buffer, area: buffer.bounds)
        }
        return buffer
    }

    static func chunks(_ text: String, width: Int) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            out.append(String(rest.prefix(width)))
            rest = rest.dropFirst(width)
        }
        return out
    }
}
