/// The `?`/F1 screen: every key, grouped, in a box over the dashboard.
struct HelpOverlay {
    var state: AppState

    static let lines: [String] = [
        "jailtop: FreeBSD jails at a glance",
        "",
        "Move        Up/Down j/k  PgUp/PgDn  Home/End g/G",
        "Panes       Tab  switch jail list / detail     Enter  open detail   Esc  back",
        "Detail tabs Left/Right < >  or 1 Processes 2 Limits 3 Info 4 Network",
        "Filter      /  type to filter the focused list (Enter keep, Esc clear)",
        "Sort        s/S next/previous column  I invert  P CPU  M memory  N id  L limit",
        "Processes   t tree view   space tag   U untag all",
        "Jails       J show one jail (name or JID; empty for all)",
        "Refresh     + / - interval   space or Z pause (in the jail list)",
        "Quit        q  F10  Ctrl-C",
        "",
        "LIM% is the share of the jail's tightest rctl limit in use (~: estimated from ps).",
        "Press any key to close.",
    ]

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        let width = min(area.width - 2, (Self.lines.map(\.count).max() ?? 0) + 4)
        let height = min(area.height - 2, Self.lines.count + 2)
        guard width > 4, height > 2 else { return }
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        buffer.fill(box, style: Style(.dialog))
        let h = state.unicode ? "─" : "-", v = state.unicode ? "│" : "|"
        let corners = state.unicode ? ("┌", "┐", "└", "┘") : ("+", "+", "+", "+")
        for x in box.x..<box.maxX {
            buffer.put(h, x: x, y: box.y, style: Style(.dialog))
            buffer.put(h, x: x, y: box.maxY - 1, style: Style(.dialog))
        }
        for y in box.y..<box.maxY {
            buffer.put(v, x: box.x, y: y, style: Style(.dialog))
            buffer.put(v, x: box.maxX - 1, y: y, style: Style(.dialog))
        }
        buffer.put(corners.0, x: box.x, y: box.y, style: Style(.dialog))
        buffer.put(corners.1, x: box.maxX - 1, y: box.y, style: Style(.dialog))
        buffer.put(corners.2, x: box.x, y: box.maxY - 1, style: Style(.dialog))
        buffer.put(corners.3, x: box.maxX - 1, y: box.maxY - 1, style: Style(.dialog))
        for (i, line) in Self.lines.prefix(height - 2).enumerated() {
            buffer.put(line, x: box.x + 2, y: box.y + 1 + i, style: Style(.dialog, bold: i == 0), maxWidth: width - 4)
        }
    }
}
