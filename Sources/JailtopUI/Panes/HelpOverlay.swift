/// The `?`/F1 screen: every key of the keymap, grouped, in a box over the dashboard; it
/// scrolls where the screen is shorter than the list (80x24).
struct HelpOverlay {
    var state: AppState

    /// The screen's text for a box `width` characters wide: the keymap's help, between a
    /// title and the notes.
    static func lines(width: Int = 74) -> [String] {
        ["jailtop: FreeBSD jails at a glance", ""] + Keymap.helpLines(width: width) + [""]
            + ScrolledText.wrap("Every action shows its exact command and asks first (default No).", width: width)
            + ScrolledText.wrap("LIM% is the share of the jail's tightest rctl limit in use (~: estimated from ps).", width: width)
    }

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        var lines = Self.lines(width: ScrolledText.contentWidth(in: area)).enumerated().map { i, l in
            (text: l, style: Style(.dialog, bold: i == 0))
        }
        if let reason = state.actionsDisabledReason { lines.insert(("Actions are off: \(reason)", Style(.warning, bold: true)), at: 1) }
        ScrolledText(title: "Help", lines: lines, scroll: state.overlayScroll, unicode: state.unicode).render(into: &buffer, area: area)
    }
}

/// The `!` screen: the function bar's last messages, each with its time, wrapped in full.
struct MessagesOverlay {
    var state: AppState

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        let width = ScrolledText.contentWidth(in: area)
        let header = HeaderPane(state: state)
        var lines: [(text: String, style: Style)] = []
        for message in state.messageLog {
            let time = message.time.map(header.clock) ?? "--:--:--"
            for (i, line) in ScrolledText.wrap(message.text, width: width - 10).enumerated() {
                lines.append(((i == 0 ? time + "  " : String(repeating: " ", count: 10)) + line, Style(.dialog)))
            }
        }
        if lines.isEmpty { lines.append(("no messages yet", Style(.dim))) }
        ScrolledText(title: "Messages", lines: lines, scroll: state.overlayScroll, unicode: state.unicode).render(into: &buffer, area: area)
    }
}
