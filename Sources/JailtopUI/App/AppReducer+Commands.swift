import JailtopModel

/// What each command of the keymap does (actions on jails are in `AppReducer+Actions`).
extension AppReducer {
    static func perform(_ command: Command, _ state: inout AppState) -> [Effect] {
        if command.isAction { return performAction(command, &state) }
        switch command {
        case .quit:
            state.quitRequested = true
            return [.quit]
        case .help:
            state.overlay = .help
            state.overlayScroll = 0
        case .setup: state.overlay = .setup(SetupScreen())
        case .messageHistory:
            state.overlay = .messages
            // The newest at the bottom, in view.
            state.overlayScroll = Int.max / 4
        case .switchPane:
            state.focus = state.focus == .jails ? .detail : .jails
            state.detailScroll = 0
        case .openDetail: state.focus = .detail
        case .back:
            if state.focus == .detail {
                state.focus = .jails
                state.processes.scope = .selectedJail
            } else {
                state.jails.filter = ""
            }
        case .moveUp: move(&state, by: -1)
        case .moveDown: move(&state, by: 1)
        case .pageUp: move(&state, by: -max(1, pageRows(state) - 1))
        case .pageDown: move(&state, by: max(1, pageRows(state) - 1))
        case .moveToTop: move(&state, by: Int.min / 2)
        case .moveToBottom: move(&state, by: Int.max / 2)
        case .scrollLeft, .scrollRight:
            let step = command == .scrollLeft ? -Self.commandScrollStep : Self.commandScrollStep
            let longest = selectedProcessRows(state).reduce(0) { max($0, $1.treePrefix.count + $1.process.args.count) }
            state.processes.commandOffset = min(max(0, state.processes.commandOffset + step), max(0, longest - Self.commandScrollStep))
        case .previousTab: switchTab(&state, by: -1)
        case .nextTab: switchTab(&state, by: 1)
        case .showTab(let tab):
            if tab != .processes { state.processes.scope = .selectedJail }
            state.tab = tab
            state.detailScroll = 0
        case .filter: state.overlay = .filter
        case .search: state.overlay = .search("")
        case .nextSort: cycleSort(&state, by: 1)
        case .previousSort: cycleSort(&state, by: -1)
        case .invertSort:
            if sortsProcesses(state) { state.processes.descending.toggle() } else { state.jails.descending.toggle() }
        case .sortBy(let jail, let process): sortBy(&state, jail: jail, process: process)
        case .toggleTree:
            state.processes.tree.toggle()
            state.processes.scroll = 0
            state.message = state.processes.tree ? "tree view" : "list view"
        case .toggleJailTree:
            state.jails.tree.toggle()
            state.jails.scroll = 0
            state.message = state.jails.tree ? "jails under their parents (f folds one)" : "jails as a list"
        case .foldJail:
            guard state.jails.tree else { return say(&state, "f folds a jail's children in the tree (t)") }
            guard let key = state.selectedJail(in: state.jailRows()).map(\.selectionKey) else { return [] }
            if state.jails.folded.remove(key) == nil { state.jails.folded.insert(key) }
        case .chooseJail: state.overlay = .jailPrompt("")
        case .openProcess:
            let rows = selectedProcessRows(state)
            guard let pid = state.processes.selectedPID ?? rows.first?.process.pid else { return say(&state, "no process selected") }
            state.overlay = .processDetail(pid: pid)
            state.overlayScroll = 0
            state.inspection = nil
            return [.inspect(pid: pid)]
        case .everyProcess:
            showProcesses(state.processes.scope == .everyProcess ? .selectedJail : .everyProcess, &state)
        case .cycleManagerFilter: cycleManagerFilter(&state)
        case .cycleHostFilter: cycleHostFilter(&state)
        case .faster: return changeInterval(&state, by: 1)
        case .slower: return changeInterval(&state, by: -1)
        case .togglePause: return togglePause(&state)
        case .refreshNow:
            guard !state.paused else { return say(&state, "frozen: Z goes on") }
            state.message = "refreshing now"
            return [.collectNow]
        case .tagWithChildren: tagWithChildren(&state)
        case .chooseUser: state.overlay = .userPrompt("")
        case .toggleKernel:
            state.processes.hideKernel.toggle()
            state.refreshRows()
            keepSelectionVisible(&state)
            state.message = state.processes.hideKernel ? "kernel processes hidden (K shows them)" : "kernel processes shown"
        case .toggleTag: return toggleTag(&state)
        case .untagAll: state.processes.tagged = []
        case .actionMenu, .start, .stop, .restart, .shell, .signal, .addRule, .editRule, .deleteRule:
            return performAction(command, &state)
        }
        return []
    }

    /// Lists the host's own processes, every process, or (back) the selected jail's, in the
    /// detail pane with the keyboard. One host's: the fleet lists one jail's at a time.
    static func showProcesses(_ scope: ProcessListScope, _ state: inout AppState) {
        guard scope == .selectedJail || state.fleet == nil else {
            state.message = "with --host, processes are listed one jail at a time"
            return
        }
        state.processes.scope = scope
        if !state.processes.sort.applies(in: scope) { state.processes.sort = .cpu }
        state.processes.selectedPID = nil
        state.processes.tagged = []
        state.processes.scroll = 0
        if scope != .selectedJail {
            state.focus = .detail
            state.tab = .processes
        }
        state.refreshRows()
        keepSelectionVisible(&state)
        state.message = switch scope {
        case .selectedJail: "the selected jail's processes (0: every process)"
        case .host: "the host's own processes, in no jail (J, Enter: back to the jails)"
        case .everyProcess: "every process on the host, with its jail (0 again: the selected jail's)"
        }
    }

    /// How far Left and Right move the process list's command lines.
    static let commandScrollStep = 16

    /// `c`, as htop's: the selected process and every descendant of it in the list are tagged.
    static func tagWithChildren(_ state: inout AppState) {
        let rows = selectedProcessRows(state)
        guard let root = state.processes.selectedPID ?? rows.first?.process.pid else { return }
        var children: [Int: [Int]] = [:]
        for row in rows where row.process.ppid != row.process.pid { children[row.process.ppid, default: []].append(row.process.pid) }
        var family: Set<Int> = [root]
        var queue = [root]
        while let pid = queue.popLast() {
            for child in children[pid] ?? [] where family.insert(child).inserted { queue.append(child) }
        }
        state.processes.tagged.formUnion(family)
        state.processes.selectedPID = root
        state.message = "tagged \(root) and \(family.count - 1) descendant\(family.count == 2 ? "" : "s")"
    }

    /// `@`: every host's jails, then each host's in turn (the fleet dashboard).
    static func cycleHostFilter(_ state: inout AppState) {
        guard var fleet = state.fleet else {
            state.message = "one host: --host HOST (repeated) shows several"
            return
        }
        let order: [String?] = [nil] + fleet.hosts.map(\.label)
        let next = order.firstIndex(of: fleet.filter).map { ($0 + 1) % order.count } ?? 0
        fleet.filter = order[next]
        fleet.generation &+= 1
        state.fleet = fleet
        state.jails.scroll = 0
        state.refreshRows()
        keepSelectionVisible(&state)
        state.message = fleet.filter.map { "showing \($0)'s jails only (@: next)" } ?? "showing every host's jails"
    }

    /// `m`: every jail, then each manager present in turn, then the jails no manager owns.
    static func cycleManagerFilter(_ state: inout AppState) {
        let managers = state.fleet.map { Array(Set($0.hosts.flatMap(\.track.derived.managers))).sorted() } ?? state.derived.managers
        guard !managers.isEmpty else {
            state.jails.manager = .all
            state.message = "no jail on this host belongs to a jail manager"
            return
        }
        let order: [ManagerFilter] = [.all] + managers.map(ManagerFilter.manager) + [.unmanaged]
        let next = order.firstIndex(of: state.jails.manager).map { (Int($0) + 1) % order.count } ?? 0
        state.jails.manager = order[next]
        state.jails.scroll = 0
        state.message = state.jails.manager.label.map { "showing \($0) jails only (m: next)" } ?? "showing every jail"
    }
}
