/// The `?`/F1 screen: every key of the keymap, grouped, in a box over the dashboard.
struct HelpOverlay {
    var state: AppState

    /// The screen's text: the keymap's help, between a title and the notes.
    static var lines: [String] {
        ["jailtop: FreeBSD jails at a glance", ""] + Keymap.helpLines() + [
            "",
            "Every action shows its exact command and asks first (default No).",
            "LIM% is the share of the jail's tightest rctl limit in use (~: estimated from ps).",
            "Press any key to close.",
        ]
    }

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        var lines = Self.lines.enumerated().map { i, l in (text: l, style: Style(.dialog, bold: i == 0)) }
        if let reason = state.actionsDisabledReason { lines.insert(("Actions are off: \(reason)", Style(.warning, bold: true)), at: 1) }
        DialogBox(title: "Help", lines: lines, unicode: state.unicode).render(into: &buffer, area: area)
    }
}
