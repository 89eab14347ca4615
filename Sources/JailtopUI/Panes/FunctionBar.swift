/// The bottom row, htop-style: keys and what they do, or the prompt being typed, or a
/// message. Says why actions are off when they are. The keys come from `Keymap`.
struct FunctionBar {
    var state: AppState

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        buffer.fill(area, style: Style(.functionLabel))
        switch state.overlay {
        case .filter:
            let editingProcesses = KeyContext(state).inProcessList
            let text = editingProcesses ? state.processes.filter : state.jails.filter
            prompt(&buffer, area, label: editingProcesses ? "Filter processes: " : "Filter jails: ", text: text, hint: "  Enter done  Esc clear")
            return
        case .search(let text):
            let processes = KeyContext(state).inProcessList
            prompt(&buffer, area, label: processes ? "Search processes: " : "Search jails: ", text: text, hint: "  F3 next  Enter/Esc done")
            return
        case .jailPrompt(let text):
            prompt(&buffer, area, label: "Show jail (name or JID, empty for all): ", text: text, hint: "  Enter show  Esc cancel")
            return
        case .userPrompt(let text):
            prompt(&buffer, area, label: "Show processes of user (empty for all): ", text: text, hint: "  Enter show  Esc cancel")
            return
        default:
            break
        }
        let message = state.busy.map { "working: \($0)…" } ?? state.message ?? ""
        let note = message.isEmpty ? state.actionsDisabledReason.map { "actions off: \($0)" } ?? "" : message
        // A message (there until the next key) takes the room it needs from the keys, up to
        // all but the first few; `!` shows it in full when it is longer still.
        let keysEnd = message.isEmpty ? area.maxX : max(area.x + min(24, area.width / 3), area.maxX - message.count - 2)
        var x = area.x
        for (key, label) in Keymap.barEntries(in: KeyContext(state)) {
            guard x + key.count + label.count + 1 <= keysEnd else { break }
            x += buffer.put(key, x: x, y: area.y, style: Style(.functionKey), maxWidth: keysEnd - x)
            x += buffer.put(label + " ", x: x, y: area.y, style: Style(.functionLabel), maxWidth: keysEnd - x)
        }
        if !note.isEmpty, area.maxX - x > 4 {
            let w = min(area.maxX - x - 1, note.count)
            buffer.put(note, x: area.maxX - w, y: area.y, width: w, style: Style(.warning, bold: true), alignRight: true)
        }
    }

    func prompt(_ buffer: inout ScreenBuffer, _ area: Rect, label: String, text: String, hint: String) {
        var x = area.x
        x += buffer.put(label, x: x, y: area.y, style: Style(.functionKey), maxWidth: area.maxX - x)
        x += buffer.put(text, x: x, y: area.y, style: Style(.input), maxWidth: area.maxX - x)
        x += buffer.put("_", x: x, y: area.y, style: Style(.input, bold: true), maxWidth: area.maxX - x)
        buffer.put(hint, x: x, y: area.y, style: Style(.functionLabel), maxWidth: area.maxX - x)
    }
}
