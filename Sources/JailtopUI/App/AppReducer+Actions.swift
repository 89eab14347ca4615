import JailtopActions
import JailtopModel

/// The action keys: start/stop/restart/shell on the selected jail, signals to processes,
/// the limits editor, and the menus and dialogs around them. Every action that changes the
/// host goes through a confirmation with the exact commands and No as the default.
extension AppReducer {
    /// One entry of the actions menu: its key, label and command (from the keymap).
    public struct MenuItem: Sendable, Equatable {
        public var key: String
        public var label: String
        public var command: Command
        /// The keys that choose it while the menu is open.
        public var keys: [Key]
    }

    /// What the dialog says about a managed jail: whose commands run, and that jls checks them.
    static func managerNotes(_ jail: Jail) -> [String] {
        guard let owner = jail.managedBy else { return [] }
        let kernel = owner.name == jail.name ? "" : " (the kernel's \(jail.name))"
        return ["\(owner.managerTitle) keeps \(owner.name)\(kernel): its own command runs, with its network, pf and mount steps; jls checks the result."]
    }

    /// Runs an action on the selected jail, unless actions are off or its premise is unknown.
    static func performAction(_ command: Command, _ state: inout AppState) -> [Effect] {
        if let reason = state.actionsDisabledReason {
            state.message = "actions are off: \(reason)"
            return []
        }
        if state.processes.scope != .selectedJail {
            guard command == .signal || command == .actionMenu else {
                return say(&state, "that acts on a jail: Esc goes back to the jail list")
            }
            return hostSignalMenu(&state)
        }
        guard let jail = state.selectedJail(in: state.jailRows()) else {
            state.message = "no jail selected"
            return []
        }
        // Never an action whose premise is not known: whether the jail runs.
        if command.needsKnownState, let unknown = ActionPlan.unknownState(jail) {
            return say(&state, unknown.description)
        }
        switch command {
        case .actionMenu:
            state.overlay = .actionMenu(selected: 0)
            return []
        case .start:
            let action: JailAction
            switch ActionPlan.start(jail) {
            case .success(let planned): action = planned
            case .failure(let refusal): return say(&state, refusal.description)
            }
            // The kernel lets a new jail take the name of a dying one (jail -rc relies on it).
            var notes = jail.state == .dying
                ? ["The old \(jail.name)\(jail.jid.map { " (JID \($0))" } ?? "") is still dying; the new one gets a new JID."] : []
            notes += managerNotes(jail)
            return [.confirm(action, notes: notes)]
        case .stop:
            let action: JailAction
            switch ActionPlan.stop(jail) {
            case .success(let planned): action = planned
            case .failure(let refusal): return say(&state, refusal.description)
            }
            let notes = removalNotes(jail, jid: jail.jid ?? 0, in: state.snapshot, then: "")
                + (jail.configured ? [] : ["Not in jail.conf: removed by JID, without exec.stop."]) + managerNotes(jail)
            return [.confirm(action, notes: notes)]
        case .restart:
            let action: JailAction
            switch ActionPlan.restart(jail) {
            case .success(let planned): action = planned
            case .failure(let refusal): return say(&state, refusal.description)
            }
            let notes = removalNotes(jail, jid: jail.jid ?? 0, in: state.snapshot, then: ", then the jail starts again") + managerNotes(jail)
            return [.confirm(action, notes: notes)]
        case .shell:
            switch ActionPlan.shell(jail) {
            case .success(let jid): return [.shell(jid: jid, name: jail.name, owner: jail.managedBy)]
            case .failure(let refusal): return say(&state, refusal.description)
            }
        case .signal:
            guard jail.state == .running else { return say(&state, "\(jail.name) has no processes") }
            var targets: [AppState.SignalMenu.Target] = []
            if KeyContext(state).inProcessList {
                let rows = selectedProcessRows(state)
                if let pid = state.processes.selectedPID ?? rows.first?.process.pid { targets.append(.process(pid)) }
                let tagged = rows.map(\.process.pid).filter { state.processes.tagged.contains($0) }
                if !tagged.isEmpty { targets.insert(.tagged(tagged), at: 0) }
            }
            targets.append(.jail)
            state.overlay = .signalMenu(AppState.SignalMenu(targets: targets))
            return []
        case .addRule:
            state.overlay = .ruleEditor(text: "", editing: nil, error: nil)
            return []
        case .editRule:
            guard let rule = selectedRule(state, jail) else { return say(&state, "no limit selected: use n to add one") }
            state.overlay = .ruleEditor(text: editableText(rule), editing: rule, error: nil)
            return []
        case .deleteRule:
            guard let rule = selectedRule(state, jail) else { return say(&state, "no limit selected") }
            let (keep, note) = keeping(rule, .remove, jail: jail, rctlConf: false)
            let boot = keep == .kernel ? ["If /etc/rctl.conf has it, it comes back at boot."] : []
            let side = keep.sideEffect(of: .remove).map { [$0] } ?? []
            return [.confirm(.removeRule(rule, keep: keep), notes: ["The limit stops applying at once.", note] + boot + side)]
        default:
            return []
        }
    }

    /// Who keeps a limit change on `jail` (ActionPlan's answer, for the dialog).
    static func keeping(_ rule: RctlRule, _ change: LimitChange, jail: Jail, rctlConf: Bool) -> (keep: LimitKeeping, note: String) {
        ActionPlan.keeping(rule, change, jail: jail, rctlConf: rctlConf)
    }

    static func say(_ state: inout AppState, _ message: String) -> [Effect] {
        state.message = message
        return []
    }

    /// The menu entries that apply to a jail in its state: the keymap's actions with a menu label.
    public static func menuItems(for jail: Jail) -> [MenuItem] {
        Keymap.bindings.compactMap { binding in
            guard let label = binding.menu, let key = binding.keys.first, binding.command.isOffered(for: jail) else { return nil }
            let shown = binding.command == .start && jail.state == .dying ? "Start (the old one is still dying)" : label
            return MenuItem(key: KeyBinding.label(key), label: shown, command: binding.command, keys: binding.keys)
        }
    }

    /// The rule under the Limits tab's selection (rules are listed first, tightest first).
    /// What removing a jail takes with it, for its confirmation: its own processes, and every
    /// jail below it, which the kernel removes with its parent (and their processes).
    static func removalNotes(_ jail: Jail, jid: Int, in snapshot: Snapshot?, then: String) -> [String] {
        let own = "\(jail.summary.processes) \(jail.summary.processes == 1 ? "process" : "processes") will be stopped\(then)."
        let children = descendants(of: jid, in: snapshot?.jails ?? [])
        guard !children.isEmpty else { return [own] }
        let shown = children.prefix(5).map { "\($0.name) (\($0.summary.processes))" }.joined(separator: ", ")
        let more = children.count > 5 ? " and \(children.count - 5) more" : ""
        let total = children.reduce(jail.summary.processes) { $0 + $1.summary.processes }
        return [
            own,
            "Its \(children.count == 1 ? "child jail goes" : "\(children.count) child jails go") too: \(shown)\(more); \(total) processes in all.",
        ]
    }

    /// Every jail below `jid` (children, their children, …) that exists now, parents first.
    static func descendants(of jid: Int, in jails: [Jail]) -> [Jail] {
        var found: [Jail] = []
        var parents: Set<Int> = [jid]
        var seen: Set<Int> = [jid]
        while !parents.isEmpty {
            let next = jails.filter { child in child.jid.map { !seen.contains($0) } == true && parents.contains(child.parent) }
            found += next.sorted { $0.name < $1.name }
            parents = Set(next.compactMap(\.jid))
            seen.formUnion(parents)
        }
        return found
    }

    static func selectedRule(_ state: AppState, _ jail: Jail) -> RctlRule? {
        let rules = jail.rulesInLimitsOrder()
        return state.limitSelection < rules.count ? rules[state.limitSelection] : nil
    }

    static func editableText(_ rule: RctlRule) -> String {
        "\(rule.resource):\(rule.action)=\(rule.amount)" + rule.perSuffix
    }

    // MARK: Overlays

    static func handleActionOverlay(_ overlay: AppState.Overlay, _ key: Key, _ state: inout AppState) -> [Effect]? {
        switch overlay {
        case .actionMenu(let selected):
            guard let jail = state.selectedJail(in: state.jailRows()) else {
                state.overlay = nil
                return []
            }
            let items = menuItems(for: jail)
            switch key {
            case .up, .character("k"): state.overlay = .actionMenu(selected: max(0, selected - 1))
            case .down, .character("j"): state.overlay = .actionMenu(selected: min(items.count - 1, selected + 1))
            case .enter:
                state.overlay = nil
                guard selected < items.count else { return [] }
                return performAction(items[selected].command, &state)
            case .escape, .character("q"), .function(2), .character("a"): state.overlay = nil
            default:
                if let item = items.first(where: { $0.keys.contains(key) }) {
                    state.overlay = nil
                    return performAction(item.command, &state)
                }
            }
            return []
        case .signalMenu(var menu):
            switch key {
            case .up, .character("k"): menu.signal = max(0, menu.signal - 1)
            case .down, .character("j"): menu.signal = min(ProcessSignal.allCases.count - 1, menu.signal + 1)
            case .tab, .left, .right: menu.target = (menu.target + 1) % max(1, menu.targets.count)
            case .escape, .character("q"):
                state.overlay = nil
                return []
            case .enter:
                state.overlay = nil
                return signalConfirmation(menu, &state)
            default: break
            }
            state.overlay = .signalMenu(menu)
            return []
        case .confirm(var c):
            switch key {
            case .character("y"), .character("Y"):
                state.overlay = nil
                state.busy = c.action.summary
                return [.perform(c.action, c.commands)]
            case .left, .right, .tab, .backTab:
                c.yesFocused.toggle()
                state.overlay = .confirm(c)
            case .enter:
                state.overlay = nil
                if c.yesFocused {
                    state.busy = c.action.summary
                    return [.perform(c.action, c.commands)]
                }
                state.message = "cancelled"
            case .character("n"), .character("N"), .escape, .character("q"):
                state.overlay = nil
                state.message = "cancelled"
            default: break
            }
            return []
        case .ruleEditor(var text, let editing, _, var rctlConf):
            switch key {
            case .escape:
                state.overlay = nil
                return []
            case .tab:
                // Only a new limit of a jail no manager keeps limits for can go to rctl.conf.
                if editing == nil { rctlConf.toggle() }
            case .backspace, .delete: if !text.isEmpty { text.removeLast() }
            case .control("u"): text = ""
            case .character(let ch): text.append(ch)
            case .enter:
                guard let jail = state.selectedJail(in: state.jailRows()) else {
                    state.overlay = nil
                    return []
                }
                do {
                    let rule = try RuleValidator.rule(from: text, jail: jail.name)
                    if let editing, editing == rule {
                        state.overlay = nil
                        state.message = "unchanged"
                        return []
                    }
                    state.overlay = nil
                    let (keep, note) = keeping(rule, editing == nil ? .add : .replace, jail: jail, rctlConf: rctlConf)
                    let action: JailAction = editing.map { .replaceRule(old: $0, new: rule, keep: keep) } ?? .addRule(rule, keep: keep)
                    return [.confirm(action, notes: usageNotes(rule, jail: jail, state: state) + [note])]
                } catch {
                    state.overlay = .ruleEditor(text: text, editing: editing, error: error.description, rctlConf: rctlConf)
                    return []
                }
            default: break
            }
            state.overlay = .ruleEditor(text: text, editing: editing, error: nil, rctlConf: rctlConf)
            return []
        case .result:
            state.overlay = nil
            return []
        default:
            return nil
        }
    }

    /// The signal menu in the host's or the every-process list: the selected process or the
    /// tagged ones only (never "all": that would be every process on the host).
    static func hostSignalMenu(_ state: inout AppState) -> [Effect] {
        let rows = selectedProcessRows(state)
        var targets: [AppState.SignalMenu.Target] = []
        if let pid = state.processes.selectedPID ?? rows.first?.process.pid { targets.append(.process(pid)) }
        let tagged = rows.map(\.process.pid).filter { state.processes.tagged.contains($0) }
        if !tagged.isEmpty { targets.insert(.tagged(tagged), at: 0) }
        guard !targets.isEmpty else { return say(&state, "no process to signal") }
        state.overlay = .signalMenu(AppState.SignalMenu(targets: targets))
        return []
    }

    static func signalConfirmation(_ menu: AppState.SignalMenu, _ state: inout AppState) -> [Effect] {
        guard menu.target < menu.targets.count else { return [] }
        let selected = state.selectedJail(in: state.jailRows())
        let rows = selectedProcessRows(state)
        // Whose processes they are, for the log: the jail's, the host's, or each one's own.
        let scope = state.processes.scope
        let label: ([Int]) -> String? = { pids in
            switch scope {
            case .selectedJail: return selected?.jid != nil ? selected?.name : nil
            case .host: return "host"
            case .everyProcess:
                let names = Set(rows.filter { pids.contains($0.process.pid) }.map { $0.jailName == "-" ? "host" : $0.jailName })
                return names.count == 1 ? names.first : "several jails"
            }
        }
        let signal = ProcessSignal.allCases[menu.signal]
        switch menu.targets[menu.target] {
        case .process(let pid):
            guard let owner = label([pid]) else { return [] }
            let name = rows.first { $0.process.pid == pid }?.process.args ?? ""
            return [.confirm(.signal(pids: [pid], signal: signal, jail: owner), notes: ["\(pid): \(SanitizedText.clean(String(name.prefix(60))))"])]
        case .tagged(let pids):
            guard let owner = label(pids) else { return [] }
            return [.confirm(.signal(pids: pids, signal: signal, jail: owner), notes: ["\(pids.count) tagged processes"])]
        case .jail:
            guard let jail = selected, jail.jid != nil else { return [] }
            switch ActionPlan.signalJail(jail, signal) {
            case .success(let action): return [.confirm(action, notes: ["All \(jail.summary.processes) processes of \(jail.name)."])]
            case .failure(let refusal): return say(&state, refusal.description)
            }
        }
    }

    /// "Usage now 1.9G = 95% of the proposed 2.0G": what the new limit means before it applies.
    static func usageNotes(_ rule: RctlRule, jail: Jail, state: AppState) -> [String] {
        guard let resource = rule.racctResource else { return [] }
        let usage = jail.racct?[resource] ?? jail.psEstimateForDisplay(resource)
        guard let usage, jail.state == .running else { return ["\(jail.name) is not running: the limit applies when it starts."] }
        let format = LimitRow.format(_:_:)
        let pct = rule.amount > 0 ? Units.clampedInt(Double(usage) / Double(rule.amount) * 100) ?? 0 : 0
        var notes = ["Usage now \(format(usage, resource.unit)) = \(pct)% of the proposed \(format(rule.amount, resource.unit))."]
        if pct >= 100, rule.action == .deny { notes.append("Warning: the jail is already over this limit; new allocations will be denied.") }
        if !rule.countsPerJail { notes.append("Counted per \(rule.per), not for the jail as a whole.") }
        return notes
    }

    // MARK: Results

    static func applyConfirmation(_ action: JailAction, notes: [String], commands: Result<[ToolCommand], ActionError>, _ state: inout AppState) {
        var notes = notes
        // The fleet dashboard: say where it runs, and who decides there.
        if let host = state.selectedJail(in: state.jailRows())?.remote {
            notes.insert("On \(host), through ssh: jailtop there checks the jail again, runs the action, verifies it and logs it.", at: 0)
        }
        switch commands {
        case .success(let lines): state.overlay = .confirm(AppState.Confirmation(action: action, commands: lines, notes: notes))
        case .failure(let e): state.overlay = .result(title: "Cannot \(action.summary)", lines: [e.description])
        }
    }

    static func applyOutcome(_ outcome: ActionOutcome, _ state: inout AppState) -> [Effect] {
        state.busy = nil
        if outcome.succeeded {
            state.message = outcome.message
            if case .signal(let pids, let signal, _) = outcome.action, signal.ends { state.processes.tagged.subtract(pids) }
        } else {
            var lines = [outcome.message, ""]
            for step in outcome.steps {
                lines.append("$ \(step.command.description)")
                lines.append("  exit status \(step.status.map(String.init) ?? "none")" + (step.stderr.isEmpty ? "" : ": \(step.stderr)"))
            }
            state.overlay = .result(title: "Action failed", lines: lines)
        }
        return [.collectNow]
    }
}

extension Command {
    /// Whether the actions menu offers this command for a jail in its state.
    func isOffered(for jail: Jail) -> Bool {
        switch self {
        case .start: (jail.state == .stopped || jail.state == .dying) && jail.configured
        case .stop, .shell, .signal: jail.state == .running
        case .restart: jail.state == .running && jail.configured
        default: true
        }
    }
}
