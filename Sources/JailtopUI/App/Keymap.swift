/// Every key of the dashboard, in one table: the reducer looks keys up here, and the function
/// bar, the help screen and the actions menu are drawn from it. Earlier lines win, so a key
/// bound in a narrow scope comes before its everywhere meaning (Space: tag in the process
/// list, refresh elsewhere). htop's keys mean what they mean in htop (`k` always signals, so
/// vi's j/k are not moves). A new action is one line here and its case in `AppReducer.perform`.
public enum Keymap {
    public static let bindings: [KeyBinding] = [
        KeyBinding([.character("?"), .character("h"), .function(1)], .help, bar: ("F1", "Help")),
        KeyBinding(
            [.character("/"), .function(3)], .search, bar: ("/", "Search"),
            help: (.filter, "/ F3 search the focused list: the selection jumps to a match (F3 next, Enter or Esc stop)")),
        KeyBinding(
            [.character("\\"), .function(4)], .filter, bar: ("\\", "Filter"),
            help: (.filter, "\\ F4  type to filter the focused list (Enter keep, Esc clear)")),
        KeyBinding([.character("s"), .character(">"), .function(6)], .nextSort, bar: ("s", "Sort"), help: (.sort, "s > F6 / S < next/previous column")),
        KeyBinding([.character("S"), .character("<")], .previousSort),
        KeyBinding([.character("I")], .invertSort, help: (.sort, "I invert")),
        KeyBinding([.character("P")], .sortBy(.cpu, .cpu), help: (.sort, "P CPU")),
        KeyBinding([.character("M")], .sortBy(.memory, .memory), help: (.sort, "M memory")),
        KeyBinding([.character("N")], .sortBy(.jid, .pid), help: (.sort, "N id")),
        KeyBinding([.character("L")], .sortBy(.limit, nil), help: (.sort, "L limit")),
        KeyBinding([.character("t"), .function(5)], .toggleTree, in: .processList, bar: ("t", "Tree"), help: (.processes, "t/F5 tree view")),
        KeyBinding([.character("t"), .function(5)], .toggleJailTree, in: .jailList, bar: ("t", "Tree"), help: (.jails, "t/F5 jails under their parents")),
        KeyBinding([.character("f")], .foldJail, in: .jailList, help: (.jails, "f fold/unfold a jail's children (tree)")),
        KeyBinding([.character(" ")], .toggleTag, in: .processList, bar: ("Spc", "Tag"), help: (.processes, "space tag")),
        KeyBinding([.character("c")], .tagWithChildren, in: .processList, help: (.processes, "c tag with its children")),
        KeyBinding([.character("U")], .untagAll, help: (.processes, "U untag all")),
        KeyBinding([.character("u")], .chooseUser, in: .processList, help: (.processes, "u one user's (empty for all)")),
        KeyBinding([.character("K")], .toggleKernel, in: .processList, help: (.processes, "K hide/show kernel processes")),
        KeyBinding([.tab, .backTab], .switchPane, bar: ("Tab", "Pane"), help: (.panes, "Tab  switch jail list / detail")),
        KeyBinding([.enter], .openProcess, in: .processList, help: (.processes, "Enter the process in full (command line, threads, files, limits)")),
        KeyBinding([.enter], .openDetail, in: .jailList, help: (.panes, "Enter  open detail")),
        KeyBinding([.escape], .back, help: (.panes, "Esc  back")),
        KeyBinding(
            [.character("J")], .chooseJail, bar: ("J", "Jail"),
            help: (.jails, "J show one jail (name or JID; 0: the host's own processes; empty for all)")),
        KeyBinding([.character("0")], .everyProcess, help: (.processes, "0 every process on the host, with its jail")),
        KeyBinding([.character("m")], .cycleManagerFilter, help: (.jails, "m by manager (Bastille, iocage, …, none)")),
        KeyBinding([.character("@")], .cycleHostFilter, help: (.jails, "@ by host (--host: each in turn, then all)")),
        KeyBinding([.function(2)], .setup, bar: ("F2", "Setup"), help: (.panes, "F2 setup: columns and their order, saved to jailtoprc")),
        KeyBinding([.character("a")], .actionMenu, bar: ("a", "Actions"), help: (.actions, "a menu")),
        KeyBinding([.character("u")], .start, help: (.actions, "u start (in the jail list)"), menu: "Start"),
        KeyBinding([.character("x")], .stop, help: (.actions, "x stop"), menu: "Stop"),
        KeyBinding([.character("r")], .restart, help: (.actions, "r restart"), menu: "Restart"),
        KeyBinding([.character("e")], .shell, help: (.actions, "e shell (jexec or the manager's console)"), menu: "Shell in the jail"),
        KeyBinding(
            [.character("k")], .signal, in: .processList, bar: ("k", "Kill"),
            help: (.actions, "k/F9 signal (in the process list: selected, tagged or all)")),
        KeyBinding([.function(9), .character("k")], .signal, menu: "Send a signal…"),
        KeyBinding([.character("n"), .insert], .addRule, in: .limitsTab, bar: ("n", "Add"), help: (.limits, "n add"), menu: "Add a limit…"),
        KeyBinding([.character("E")], .editRule, in: .limitsTab, bar: ("E", "Edit"), help: (.limits, "E edit")),
        KeyBinding([.character("d"), .delete], .deleteRule, in: .limitsTab, bar: ("d", "Del"), help: (.limits, "d delete (amounts take k/m/g suffixes)")),
        KeyBinding([.character("Z"), .character("z")], .togglePause, bar: ("Z", "Freeze"), help: (.refresh, "Z freeze / go on")),
        KeyBinding([.character(" ")], .refreshNow, help: (.refresh, "space refresh now (in the jail list, as top's)")),
        KeyBinding([.character("+"), .character("=")], .faster, bar: ("+-", "Delay"), help: (.refresh, "+ / - interval")),
        KeyBinding([.character("-"), .character("_")], .slower),
        KeyBinding([.character("!")], .messageHistory, help: (.panes, "! last \(AppState.messageLogLength) messages")),
        KeyBinding([.character("q"), .function(10), .control("c")], .quit, bar: ("q", "Quit"), help: (.quit, "q  F10  Ctrl-C")),
        KeyBinding([.up], .moveUp, help: (.move, "Up/Down")),
        KeyBinding([.down], .moveDown),
        KeyBinding([.pageUp], .pageUp, help: (.move, "PgUp/PgDn")),
        KeyBinding([.pageDown], .pageDown),
        KeyBinding([.home, .character("g")], .moveToTop, help: (.move, "Home/End g/G")),
        KeyBinding([.end, .character("G")], .moveToBottom),
        KeyBinding([.left], .scrollLeft, in: .processList, help: (.processes, "Left/Right scroll the command lines")),
        KeyBinding([.right], .scrollRight, in: .processList),
        KeyBinding([.left], .previousTab, help: (.tabs, "Left/Right (1-4 in the process list)")),
        KeyBinding([.right], .nextTab),
    ] + AppState.DetailTab.allCases.map { tab in
        let key = Character(String(tab.rawValue + 1))
        return KeyBinding([.character(key)], .showTab(tab), help: (.tabs, "\(key) \(tab.title)"))
    }

    /// The command a key gives here, if any.
    public static func command(for key: Key, in context: KeyContext) -> Command? {
        bindings.first { $0.keys.contains(key) && $0.scope.contains(context) }?.command
    }

    /// The function bar's keys and labels here: those of the pane or tab in focus first (the
    /// Limits tab's add, edit and delete), then the rest in table order; a binding shows only
    /// where its key does what it says (Space tags in the process list, pauses elsewhere).
    public static func barEntries(in context: KeyContext) -> [(key: String, label: String)] {
        let live = bindings.filter { binding in
            binding.bar != nil && binding.scope.contains(context)
                && binding.keys.first.map { command(for: $0, in: context) == binding.command } ?? false
        }
        let scoped = live.filter { $0.scope != .everywhere }
        return (scoped + live.filter { $0.scope == .everywhere }).compactMap(\.bar)
    }

    /// The help screen's key lines: each section's texts after its name, wrapped at `width`.
    public static func helpLines(width: Int = 80) -> [String] {
        let indent = 12
        var lines: [String] = []
        for section in KeyBinding.HelpSection.allCases {
            let texts = bindings.compactMap { $0.help?.section == section ? $0.help?.text : nil }
            guard !texts.isEmpty else { continue }
            var line = section.rawValue.padding(to: indent)
            var lineHasText = false
            // A text longer than a line is broken at its spaces, its rest indented under it.
            for text in texts.flatMap({ text in
                text.count <= width - indent ? [text] : ScrolledText.wrap(text, width: width - indent - 2).enumerated().map { $0 == 0 ? $1 : "  " + $1 }
            }) {
                if lineHasText, line.count + 2 + text.count > width {
                    lines.append(line)
                    line = "".padding(to: indent)
                    lineHasText = false
                }
                line += (lineHasText ? "  " : "") + text
                lineHasText = true
            }
            lines.append(line)
        }
        return lines
    }
}
