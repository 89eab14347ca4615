import JailtopActions
import JailtopModel

/// Draws the action overlays: the actions menu, the signal menu, the confirmation with the
/// exact commands (No focused by default), the limits editor, and a result.
struct ActionOverlays {
    var state: AppState

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        guard let overlay = state.overlay else { return }
        let jail = state.selectedJail(in: state.jailRows())
        let u = state.unicode
        switch overlay {
        case .actionMenu(let selected):
            guard let jail else { return }
            let items = AppReducer.menuItems(for: jail)
            var lines: [(String, Style)] = [("\(jail.name) (\(jail.jid.map { "JID \($0)" } ?? jail.state.rawValue))", Style(.dialog, bold: true)), ("", Style(.dialog))]
            for (i, item) in items.enumerated() {
                let text = " \(item.key.padding(to: 4)) \(item.label)"
                lines.append((text, Style(i == selected ? .dialogButtonFocused : .dialog, reverse: i == selected)))
            }
            lines += [("", Style(.dialog)), ("Enter choose · Esc close", Style(.dim))]
            DialogBox(title: "Actions", lines: lines, unicode: u).render(into: &buffer, area: area)
        case .signalMenu(let menu):
            var lines: [(String, Style)] = []
            let targets = menu.targets.enumerated().map { i, t -> String in
                let name: String
                switch t {
                case .process(let pid): name = "process \(pid)"
                case .tagged(let pids): name = "\(pids.count) tagged"
                case .jail: name = "all of \(jail?.name ?? "the jail")"
                }
                return i == menu.target ? "[\(name)]" : " \(name) "
            }
            lines.append(("To: " + targets.joined(separator: " "), Style(.dialog, bold: true)))
            lines.append(("", Style(.dialog)))
            for (i, s) in ProcessSignal.allCases.enumerated() {
                lines.append((" \(s.name)", Style(i == menu.signal ? .dialogButtonFocused : .dialog, reverse: i == menu.signal)))
            }
            lines += [("", Style(.dialog)), ("Up/Down signal · Tab target · Enter send · Esc close", Style(.dim))]
            DialogBox(title: "Send a signal", lines: lines, unicode: u).render(into: &buffer, area: area)
        case .confirm(let c):
            var lines: [(String, Style)] = [("Really \(c.action.summary)?", Style(.dialog, bold: true)), ("", Style(.dialog))]
            for note in c.notes { lines.append((note, Style(.warning))) }
            if !c.notes.isEmpty { lines.append(("", Style(.dialog))) }
            lines.append(("This runs:", Style(.dialog)))
            // Commands are shown whole: long ones wrap instead of being cut.
            let width = max(20, min(area.width - 10, 110))
            for command in c.commands {
                for (i, chunk) in Frame.chunks(command.description, width: width).enumerated() {
                    lines.append(((i == 0 ? "  " : "    ") + chunk, Style(.input)))
                }
            }
            lines.append(("", Style(.dialog)))
            let no = c.yesFocused ? "  No  " : "[ No ]", yes = c.yesFocused ? "[ Yes ]" : "  Yes  "
            lines.append(("        \(no)      \(yes)", Style(.dialogButton, bold: true)))
            lines.append(("y yes · n/Esc no · Tab move · Enter choose", Style(.dim)))
            DialogBox(title: "Confirm", lines: lines, unicode: u, minWidth: 50).render(into: &buffer, area: area)
        case .ruleEditor(let text, let editing, let error, let rctlConf):
            var lines: [(String, Style)] = [
                ((editing.map { "Change \($0.rule)" } ?? "New limit for \(jail?.name ?? "?")"), Style(.dialog, bold: true)),
                ("", Style(.dialog)),
                ("resource:action=amount[/per]   e.g. memoryuse:deny=2g  readbps:throttle=50m", Style(.dialog)),
                ("actions: deny log devctl throttle sig…   per: jail (default) process user loginclass", Style(.dim)),
                ("", Style(.dialog)),
                ("> " + text + "_", Style(.input, bold: true)),
            ]
            if let error { lines += [("", Style(.dialog)), (error, Style(.error, bold: true))] }
            lines += [("", Style(.dialog)), (Self.keepingLine(jail: jail, editing: editing != nil, rctlConf: rctlConf), Style(.dialog))]
            lines += [("", Style(.dialog)), ("Enter check and confirm · Esc cancel" + (editing == nil ? " · Tab /etc/rctl.conf" : ""), Style(.dim))]
            DialogBox(title: "Limit", lines: lines, unicode: u, minWidth: 60).render(into: &buffer, area: area)
        case .result(let title, let resultLines):
            let lines = resultLines.map { ($0, Style(.dialog)) } + [("", Style(.dialog)), ("Press any key", Style(.dim))]
            DialogBox(title: title, lines: lines, unicode: u, minWidth: 40).render(into: &buffer, area: area)
        default:
            break
        }
    }
}

extension ActionOverlays {
    /// Who will keep the limit, as far as the editor knows before the rule is typed: the
    /// jail's manager (the confirmation says whether it keeps this one), or the kernel, with
    /// /etc/rctl.conf too when Tab chose it.
    static func keepingLine(jail: Jail?, editing: Bool, rctlConf: Bool) -> String {
        if let owner = jail?.managedBy, owner.knownManager.map({ ![.iocell, .ezjail, .qjail].contains($0) }) ?? false {
            return "Kept by \(owner.managerTitle) where it can (the confirmation says)" + (rctlConf ? "; else also /etc/rctl.conf" : "")
        }
        let keep: LimitKeeping = rctlConf && !editing ? .rctlConf : .kernel
        return "Kept by \(keep.description)"
    }
}
