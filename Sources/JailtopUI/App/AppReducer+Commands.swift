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
        case .messageHistory:
            state.overlay = .messages
            // The newest at the bottom, in view.
            state.overlayScroll = Int.max / 4
        case .switchPane:
            state.focus = state.focus == .jails ? .detail : .jails
            state.detailScroll = 0
        case .openDetail: state.focus = .detail
        case .back:
            if state.focus == .detail { state.focus = .jails } else { state.jails.filter = "" }
        case .moveUp: move(&state, by: -1)
        case .moveDown: move(&state, by: 1)
        case .pageUp: move(&state, by: -max(1, pageRows(state) - 1))
        case .pageDown: move(&state, by: max(1, pageRows(state) - 1))
        case .moveToTop: move(&state, by: Int.min / 2)
        case .moveToBottom: move(&state, by: Int.max / 2)
        case .previousTab: switchTab(&state, by: -1)
        case .nextTab: switchTab(&state, by: 1)
        case .showTab(let tab):
            state.tab = tab
            state.detailScroll = 0
        case .filter: state.overlay = .filter
        case .nextSort: cycleSort(&state, by: 1)
        case .previousSort: cycleSort(&state, by: -1)
        case .invertSort:
            if sortsProcesses(state) { state.processes.descending.toggle() } else { state.jails.descending.toggle() }
        case .sortBy(let jail, let process): sortBy(&state, jail: jail, process: process)
        case .toggleTree:
            state.processes.tree.toggle()
            state.processes.scroll = 0
            state.message = state.processes.tree ? "tree view" : "list view"
        case .chooseJail: state.overlay = .jailPrompt("")
        case .cycleManagerFilter: cycleManagerFilter(&state)
        case .cycleHostFilter: cycleHostFilter(&state)
        case .faster: return changeInterval(&state, by: 1)
        case .slower: return changeInterval(&state, by: -1)
        case .togglePause: return togglePause(&state)
        case .toggleTag: return toggleTag(&state)
        case .untagAll: state.processes.tagged = []
        case .actionMenu, .start, .stop, .restart, .shell, .signal, .addRule, .editRule, .deleteRule:
            return performAction(command, &state)
        }
        return []
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
