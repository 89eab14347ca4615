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
        "Actions     a/F2 menu  u start  x stop  r restart  e shell (jexec)",
        "            k/F9 signal (in the process list: selected, tagged or all)",
        "Limits tab  n add  E edit  d delete (amounts take k/m/g suffixes)",
        "Quit        q  F10  Ctrl-C",
        "",
        "Every action shows its exact command and asks first (default No).",
        "LIM% is the share of the jail's tightest rctl limit in use (~: estimated from ps).",
        "Press any key to close.",
    ]

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        var lines = Self.lines.enumerated().map { i, l in (text: l, style: Style(.dialog, bold: i == 0)) }
        if let reason = state.actionsDisabledReason { lines.insert(("Actions are off: \(reason)", Style(.warning, bold: true)), at: 1) }
        DialogBox(title: "Help", lines: lines, unicode: state.unicode).render(into: &buffer, area: area)
    }
}
