import JailtopModel

/// The dashboard's behaviour as a pure function: `(inout AppState, AppEvent) -> [Effect]`.
/// Keys follow top/htop habits. Tests drive it directly; no terminal or threads involved.
public enum AppReducer {
    public static let intervals: [Double] = [0.5, 1, 2, 3, 5, 10, 15, 30, 60]

    public static func reduce(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
        // A key that selects another jail tells the collector at once, so the next refresh
        // reads that jail's processes in detail (a sample reports its own priority).
        let byUser = switch event {
        case .key, .mouse: true
        default: false
        }
        let listedBefore: ListedJails? = byUser && state.snapshot != nil ? listed(state, rows: state.jailRows()) : nil
        var effects = effects(of: event, &state)
        state.refreshRows()
        if let listedBefore {
            let rows = state.jailRows()
            if listed(state, rows: rows) != listedBefore { effects.append(.prioritize(priority(state, rows: rows))) }
        }
        return effects
    }

    static func effects(of event: AppEvent, _ state: inout AppState) -> [Effect] {
        switch event {
        case .tick(let now):
            state.now = now
            return []
        case .resize(let size):
            state.size = size
            clampScrolls(&state)
            return []
        case .snapshot(let snapshot):
            return apply(snapshot, to: &state)
        case .hostSample(let host, let snapshot):
            return apply([HostSample(host: host, snapshot: snapshot)], to: &state)
        case .hostSamples(let samples):
            return apply(samples, to: &state)
        case .hostHealth(let host, let health):
            guard var fleet = state.fleet, let i = fleet.index(of: host) else { return [] }
            fleet.hosts[i].health = health
            fleet.generation &+= 1
            state.fleet = fleet
            state.refreshRows()
            return []
        case .collectFailed(let message):
            state.collectError = message
            return []
        case .quitSignal:
            state.quitRequested = true
            return [.quit]
        case .confirmation(let action, let notes, let commands):
            applyConfirmation(action, notes: notes, commands: commands, &state)
            return []
        case .actionFinished(let outcome):
            return applyOutcome(outcome, &state)
        case .processInspected(let inspection):
            // Only the view that asked takes it: one closed or opened on another process does not.
            if case .processDetail(inspection.pid)? = state.overlay { state.inspection = inspection }
            return []
        case .key(let key):
            state.message = nil
            return handle(key, &state)
        case .mouse(let mouse):
            return handle(mouse, &state)
        }
    }

    // MARK: Samples

    static func apply(_ snapshot: Snapshot, to state: inout AppState) -> [Effect] {
        guard !state.paused else { return [] }
        state.track.apply(snapshot)
        state.collectError = nil
        return settle(&state)
    }

    /// Remote hosts' samples: each one's jails are stamped with its host, its track takes it,
    /// and when it is the host on screen the state's track follows; the rows are rebuilt once.
    static func apply(_ samples: [HostSample], to state: inout AppState) -> [Effect] {
        guard !state.paused, var fleet = state.fleet else { return [] }
        // Taken out while it changes, so the arrays are not copied.
        state.fleet = nil
        var applied = false
        for sample in samples {
            guard let i = fleet.index(of: sample.host) else { continue }
            var snapshot = sample.snapshot
            for j in snapshot.jails.indices { snapshot.jails[j].remote = sample.host }
            fleet.hosts[i].track.apply(snapshot)
            fleet.hosts[i].health = .ok
            if i == fleet.focused { state.track = fleet.hosts[i].track }
            applied = true
        }
        if applied { fleet.generation &+= 1 }
        state.fleet = fleet
        return applied ? settle(&state) : []
    }

    /// After a sample: the rows are worked out once per sample (on 1000 jails they are the
    /// costly part) and kept in the state for the frames and keys until the next one.
    static func settle(_ state: inout AppState) -> [Effect] {
        state.lastSampleArrival = state.now
        state.refreshRows()
        let rows = state.jailRows()
        if state.jails.selectedName == nil { state.jails.selectedName = rows.first?.key }
        clampScrolls(&state, rows: rows)
        return [.prioritize(priority(state, rows: rows))]
    }

    /// What is on screen now, for the collector.
    static func priority(_ state: AppState, rows: [JailRow]) -> CollectionPriority {
        let selected = state.selectedJail(in: rows)
        return CollectionPriority(
            jailNames: visibleJailNames(state, rows: rows), processIDs: visibleProcessIDs(state, rows: rows),
            listedJailIDs: listedJailIDs(state, rows: rows), needsEveryJailsNetwork: state.jails.sort == .network,
            listedHost: selected?.remote, listedJailNames: selected.map { [$0.name] } ?? [])
    }

    /// Which jail's processes are listed: its JID, and in the fleet its host and name.
    struct ListedJails: Equatable {
        var ids: [Int]
        var key: String?
    }

    static func listed(_ state: AppState, rows: [JailRow]) -> ListedJails {
        ListedJails(ids: listedJailIDs(state, rows: rows), key: state.selectedJail(in: rows)?.selectionKey)
    }

    /// The jails whose processes the detail pane lists (on any tab: switching to Processes
    /// must not show a stale list).
    static func listedJailIDs(_ state: AppState, rows: [JailRow]) -> [Int] {
        state.listedProcessJIDs(of: state.selectedJail(in: rows))
    }

    /// The selection is what the user sees highlighted: when a filter hides the selected jail
    /// or process, the first row left becomes the selection, so clearing the filter stays on it
    /// (and an action never goes to a row the filter hides). With no row left it is kept.
    static func keepSelectionVisible(_ state: inout AppState) {
        let rows = state.jailRows()
        if let first = rows.first, !rows.contains(where: { $0.key == state.jails.selectedName }) {
            state.jails.selectedName = first.key
        }
        let processes = state.processRows(of: state.selectedJail(in: rows))
        if let first = processes.first, !processes.contains(where: { $0.process.pid == state.processes.selectedPID }) {
            state.processes.selectedPID = first.process.pid
        }
    }

    /// Names of the jails on screen now (for the collector's rctl budget).
    static func visibleJailNames(_ state: AppState, rows: [JailRow]) -> [String] {
        let layout = Layout(size: state.size)
        let start = min(state.jails.scroll, rows.count)
        return rows[start..<min(rows.count, start + max(1, layout.jailListRows))].map(\.jail.name)
    }

    /// PIDs of the processes the Processes tab shows now.
    static func visibleProcessIDs(_ state: AppState, rows: [JailRow]) -> [Int] {
        guard state.tab == .processes else { return [] }
        let processRows = state.processRows(of: state.selectedJail(in: rows))
        let visible = max(1, Layout(size: state.size).detailListRows)
        let start = min(state.processes.scroll, max(0, processRows.count - visible))
        return processRows[start..<min(processRows.count, start + visible)].map(\.process.pid)
    }

    // MARK: Keys

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect] {
        if let overlay = state.overlay {
            if let effects = handleActionOverlay(overlay, key, &state) { return effects }
            return handleOverlay(overlay, key, &state)
        }
        guard let command = Keymap.command(for: key, in: KeyContext(state)) else {
            // Never a silent key: whoever pressed it learns it does nothing here.
            state.message = "\(key.label) does nothing here (? lists the keys)"
            return []
        }
        return perform(command, &state)
    }

    static func handleOverlay(_ overlay: AppState.Overlay, _ key: Key, _ state: inout AppState) -> [Effect] {
        switch overlay {
        case .setup(let screen):
            if let (next, effects) = SetupScreen.handle(key, screen, &state) {
                state.overlay = .setup(next)
                state.refreshRows()
                return effects
            }
            state.overlay = nil
        case .processDetail(let pid):
            if key == .character("k") || key == .function(9) {
                // The signal menu for this process, over the list it came from.
                state.overlay = nil
                state.processes.selectedPID = pid
                return performAction(.signal, &state)
            }
            if let scrolled = overlayScroll(key, state.overlayScroll) {
                state.overlayScroll = scrolled
            } else {
                state.overlay = nil
                state.inspection = nil
            }
        case .help, .messages:
            if let scrolled = overlayScroll(key, state.overlayScroll) {
                state.overlayScroll = scrolled
            } else {
                state.overlay = nil
            }
        case .filter:
            let editingProcesses = sortsProcesses(state)
            var text = editingProcesses ? state.processes.filter : state.jails.filter
            switch key {
            case .enter: state.overlay = nil
            case .escape:
                text = ""
                state.overlay = nil
            case .backspace, .delete: if !text.isEmpty { text.removeLast() }
            case .control("u"): text = ""
            case .character(let c): text.append(c)
            default: break
            }
            if editingProcesses {
                state.processes.filter = text
                state.processes.scroll = 0
            } else {
                state.jails.filter = text
                state.jails.scroll = 0
            }
            state.refreshRows()
            keepSelectionVisible(&state)
        case .actionMenu, .signalMenu, .confirm, .ruleEditor, .result:
            state.overlay = nil
        case .search(let text):
            if key == .function(3) || key == .control("n") {
                search(text, from: 1, &state)
                return []
            }
            switch editPrompt(key, text) {
            case .editing(let edited):
                state.overlay = .search(edited)
                search(edited, from: 0, &state)
            case .cancelled, .entered: state.overlay = nil
            }
        case .userPrompt(let text): prompt(key, text, AppState.Overlay.userPrompt, showUser, &state)
        case .jailPrompt(let text): prompt(key, text, AppState.Overlay.jailPrompt, showJail, &state)
        }
        return []
    }

    /// A key in a one-line prompt: the text edited in `overlay`, or closed, and on Enter the
    /// answer handed to `entered`.
    static func prompt(
        _ key: Key, _ text: String, _ overlay: (String) -> AppState.Overlay, _ entered: (String, inout AppState) -> Void,
        _ state: inout AppState
    ) {
        switch editPrompt(key, text) {
        case .editing(let edited): state.overlay = overlay(edited)
        case .cancelled: state.overlay = nil
        case .entered(let answer):
            state.overlay = nil
            entered(answer, &state)
        }
    }

    /// What a key does to a one-line prompt (`J`, `u`).
    enum PromptEdit {
        case editing(String), cancelled, entered(String)
    }

    static func editPrompt(_ key: Key, _ text: String) -> PromptEdit {
        var text = text
        switch key {
        case .escape: return .cancelled
        case .enter: return .entered(text.trimmingASCIIWhitespace())
        case .backspace, .delete: if !text.isEmpty { text.removeLast() }
        case .character(let c): text.append(c)
        default: break
        }
        return .editing(text)
    }

    /// htop's search: the selection moves to the first row of the focused list, from the
    /// selected one (`offset` 0) or the one after it (1, F3 again), that matches; the rows stay.
    static func search(_ text: String, from offset: Int, _ state: inout AppState) {
        let needle = text.lowercased()
        guard !needle.isEmpty else { return }
        if sortsProcesses(state) {
            let rows = selectedProcessRows(state)
            guard !rows.isEmpty else { return }
            let current = state.processes.selectedPID.flatMap { pid in rows.firstIndex { $0.process.pid == pid } } ?? 0
            guard let hit = (0..<rows.count).map({ (current + offset + $0) % rows.count }).first(where: { rows[$0].process.matches(needle) }) else {
                state.message = "no process matches \"\(text)\""
                return
            }
            state.processes.selectedPID = rows[hit].process.pid
        } else {
            let rows = state.jailRows()
            guard let current = state.selectedJailIndex(in: rows) else { return }
            guard let hit = (0..<rows.count).map({ (current + offset + $0) % rows.count }).first(where: { AppState.jailMatches(rows[$0].jail, needle) }) else {
                state.message = "no jail matches \"\(text)\""
                return
            }
            move(&state, by: hit - current)
        }
        clampScrolls(&state)
    }

    /// `u`'s answer: only that user's processes, or every user's for nothing.
    static func showUser(_ name: String, _ state: inout AppState) {
        state.processes.user = name.isEmpty ? nil : name
        state.processes.scroll = 0
        state.refreshRows()
        keepSelectionVisible(&state)
        if name.isEmpty {
            state.message = "every user's processes"
        } else if selectedProcessRows(state).isEmpty {
            state.message = "no process of \(name) here (u, Enter: every user's)"
        } else {
            state.message = "\(name)'s processes only"
        }
    }

    /// `J`'s answer: one jail, the host's own processes (0), or every jail (nothing, `*`, `+`).
    static func showJail(_ trimmed: String, _ state: inout AppState) {
        if trimmed.isEmpty || trimmed == "*" || trimmed == "+" {
            state.jailScope = nil
            state.processes.scope = .selectedJail
            state.message = "showing all jails"
        } else {
            let selector = JailSelector(trimmed)
            if selector == .host {
                // As top -J 0: the processes in no jail.
                state.jailScope = nil
                showProcesses(.host, &state)
            } else if state.snapshot?.jails.contains(where: selector.matches) == false {
                state.message = "no jail \(trimmed)"
            } else {
                state.jailScope = selector
                state.jails.selectedName = state.snapshot?.jails.first(where: selector.matches)?.selectionKey
                state.jails.scroll = 0
            }
        }
    }

    /// A scrolled overlay's first line after a moving key (clamped when drawn); nil for any
    /// other key, which closes it.
    static func overlayScroll(_ key: Key, _ scroll: Int) -> Int? {
        let page = 10
        return switch key {
        case .up, .character("k"): max(0, scroll - 1)
        case .down, .character("j"): scroll + 1
        case .pageUp: max(0, scroll - page)
        case .pageDown, .character(" "): scroll + page
        case .home, .character("g"): 0
        case .end, .character("G"): Int.max / 4
        default: nil
        }
    }

    // MARK: Helpers

    static func sortsProcesses(_ state: AppState) -> Bool { KeyContext(state).inProcessList }

    static func pageRows(_ state: AppState) -> Int {
        let layout = Layout(size: state.size)
        return state.focus == .jails ? layout.jailListRows : layout.detailListRows
    }

    static func move(_ state: inout AppState, by delta: Int) {
        if state.focus == .jails {
            let rows = state.jailRows()
            guard let current = state.selectedJailIndex(in: rows) else { return }
            let next = clampedAdd(current, delta, upper: rows.count - 1)
            if rows[next].key != state.jails.selectedName {
                // Another jail's processes: the host's or every one's give way to them.
                state.processes.scope = .selectedJail
                state.processes.selectedPID = nil
                state.processes.tagged = []
                state.limitSelection = 0
                state.processes.scroll = 0
                state.processes.commandOffset = 0
                state.detailScroll = 0
            }
            state.jails.selectedName = rows[next].key
        } else if state.tab == .processes {
            let rows = selectedProcessRows(state)
            guard !rows.isEmpty else { return }
            let current = state.processes.selectedPID.flatMap { pid in rows.firstIndex { $0.process.pid == pid } } ?? 0
            state.processes.selectedPID = rows[clampedAdd(current, delta, upper: rows.count - 1)].process.pid
        } else if state.tab == .limits {
            let rows = state.selectedJail(in: state.jailRows()).map { $0.limitRows().count } ?? 0
            state.limitSelection = clampedAdd(state.limitSelection, delta, upper: max(0, rows - 1))
        } else {
            state.detailScroll = max(0, clampedAdd(state.detailScroll, delta, upper: Int.max / 4))
        }
        clampScrolls(&state)
    }

    static func clampedAdd(_ value: Int, _ delta: Int, upper: Int) -> Int {
        let (sum, overflow) = value.addingReportingOverflow(delta)
        if overflow { return delta < 0 ? 0 : upper }
        return min(max(0, sum), max(0, upper))
    }

    /// The process list's rows as shown now (the selected jail's, the host's or every one's).
    static func selectedProcessRows(_ state: AppState) -> [ProcessRow] {
        state.processRows(of: state.selectedJail(in: state.jailRows()))
    }

    /// Keeps each selection inside its pane's window after moves, samples and resizes.
    static func clampScrolls(_ state: inout AppState, rows: [JailRow]? = nil) {
        let layout = Layout(size: state.size)
        let rows = rows ?? state.jailRows()
        if let i = state.selectedJailIndex(in: rows) {
            state.jails.scroll = window(selected: i, scroll: state.jails.scroll, visible: layout.jailListRows, count: rows.count)
        } else {
            state.jails.scroll = 0
        }
        if state.tab == .processes, let pid = state.processes.selectedPID {
            let procs = state.processRows(of: state.selectedJail(in: rows))
            if let i = procs.firstIndex(where: { $0.process.pid == pid }) {
                state.processes.scroll = window(selected: i, scroll: state.processes.scroll, visible: layout.detailListRows, count: procs.count)
            }
        }
    }

    /// The first visible row so that `selected` is on screen, moving as little as possible.
    static func window(selected: Int, scroll: Int, visible: Int, count: Int) -> Int {
        guard visible > 0 else { return selected }
        var s = scroll
        if selected < s { s = selected }
        if selected >= s + visible { s = selected - visible + 1 }
        return max(0, min(s, max(0, count - visible)))
    }

    static func switchTab(_ state: inout AppState, by delta: Int) {
        // The other tabs are the selected jail's: the host's process list gives way.
        state.processes.scope = .selectedJail
        let all = AppState.DetailTab.allCases
        state.tab = all[(state.tab.rawValue + delta + all.count) % all.count]
        state.detailScroll = 0
    }

    static func cycleSort(_ state: inout AppState, by delta: Int) {
        if sortsProcesses(state) {
            let all = ProcessColumn.allCases.filter { $0.applies(in: state.processes.scope) }
            let i = all.firstIndex(of: state.processes.sort) ?? 0
            state.processes.sort = all[(i + delta + all.count) % all.count]
            state.processes.descending = ![.command, .user, .pid, .jail].contains(state.processes.sort)
            state.message = "processes sorted by \(state.processes.sort.title)"
        } else {
            let all = JailColumn.allCases.filter { $0.sortable && ($0 != .host || state.fleet != nil) }
            let i = all.firstIndex(of: state.jails.sort) ?? 0
            state.jails.sort = all[(i + delta + all.count) % all.count]
            state.jails.descending = ![.name, .jid, .address, .state].contains(state.jails.sort)
            state.message = "jails sorted by \(state.jails.sort.title)"
        }
        state.refreshRows()
        clampScrolls(&state)
    }

    static func sortBy(_ state: inout AppState, jail: JailColumn, process: ProcessColumn?) {
        if sortsProcesses(state), let process {
            state.processes.sort = process
            state.processes.descending = process != .pid
        } else {
            state.jails.sort = jail
            state.jails.descending = jail != .jid
        }
        state.refreshRows()
        clampScrolls(&state)
    }

    static func changeInterval(_ state: inout AppState, by step: Int) -> [Effect] {
        if state.fleet != nil {
            state.message = "remote hosts sample every \(formatSeconds(state.refreshInterval)) (-d when jailtop starts)"
            return []
        }
        let current = intervals.firstIndex { $0 >= state.refreshInterval } ?? (intervals.count - 1)
        let next = intervals[min(max(0, current + step), intervals.count - 1)]
        state.refreshInterval = next
        state.message = "refresh every \(formatSeconds(next))"
        return [.setInterval(next)]
    }

    static func togglePause(_ state: inout AppState) -> [Effect] {
        state.paused.toggle()
        state.message = state.paused ? "frozen: press Z to go on" : "going on"
        return state.paused ? [.setPaused(true)] : [.setPaused(false), .collectNow]
    }

    static func toggleTag(_ state: inout AppState) -> [Effect] {
        let rows = selectedProcessRows(state)
        guard !rows.isEmpty else { return [] }
        let pid = state.processes.selectedPID ?? rows[0].process.pid
        if state.processes.tagged.contains(pid) { state.processes.tagged.remove(pid) } else { state.processes.tagged.insert(pid) }
        state.processes.selectedPID = pid
        move(&state, by: 1)
        return []
    }

    public static func formatSeconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s))s" : "\(Int(s * 10) / 10).\(Int(s * 10) % 10)s"
    }
}
