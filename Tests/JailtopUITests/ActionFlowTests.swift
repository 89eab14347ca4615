import JailtopActions
import Testing

@testable import JailtopModel
@testable import JailtopUI

/// The confirm flows: every action asks first with the exact commands, No is the default,
/// read-only blocks, the limits editor validates before anything runs.
@Suite struct ActionFlowTests {
    /// A state with www (JID 1) selected.
    static func www() -> AppState {
        var state = UITest.state()
        UITest.press(&state, .character("N"), .home)
        return state
    }

    /// The commands the stop dialog of these tests shows (and a yes runs).
    static let stopCommands = [ToolCommand("/usr/sbin/jail", ["-r", "-f", "/etc/jail.conf", "--", "www"])]

    static func confirm(_ state: inout AppState, _ effects: [Effect]) -> Effect? {
        guard case .confirm(let action, let notes)? = effects.first else { return effects.first }
        _ = AppReducer.reduce(&state, .confirmation(action, notes: notes, commands: .success(Self.stopCommands)))
        return nil
    }

    @Test func stopAsksFirstAndNoIsTheDefault() {
        var state = Self.www()
        let effects = AppReducer.reduce(&state, .key(.character("x")))
        #expect(effects == [.confirm(.stop(jail: "www", jid: 1, configured: true), notes: ["56 processes will be stopped."])])
        _ = Self.confirm(&state, effects)
        guard case .confirm(let c)? = state.overlay else { Issue.record("no dialog"); return }
        #expect(!c.yesFocused)
        #expect(Frame.render(state).lines.joined().contains("/usr/sbin/jail -r -f /etc/jail.conf -- www"))
        // Enter on the default answer cancels.
        #expect(AppReducer.reduce(&state, .key(.enter)) == [])
        #expect(state.overlay == nil && state.message == "cancelled")
    }

    @Test func stoppingAParentNamesItsChildJailsAndCountsTheirProcesses() throws {
        var state = UITest.state()
        state.jails.selectedName = "ci"
        let child = try #require(state.snapshot?.jail(named: "ci.runner1"))
        let effects = AppReducer.reduce(&state, .key(.character("x")))
        guard case .confirm(.stop(jail: "ci", jid: 10, configured: true, owner: nil), let notes)? = effects.first else {
            Issue.record("no stop confirmation: \(effects)")
            return
        }
        #expect(notes == [
            "0 processes will be stopped.",
            "Its child jail goes too: ci.runner1 (\(child.summary.processes)); \(child.summary.processes) processes in all.",
        ])
        guard case .confirm(.restart, let restartNotes)? = AppReducer.reduce(&state, .key(.character("r"))).first else {
            Issue.record("no restart confirmation")
            return
        }
        #expect(restartNotes.last?.contains("ci.runner1") == true)
    }

    @Test func aJailWhoseStateIsUnknownIsNeitherStartedNorStopped() throws {
        var state = UITest.state()
        var sample = try #require(state.snapshot)
        for i in sample.jails.indices {
            sample.jails[i].state = .unknown
            sample.jails[i].jid = nil
        }
        sample.processes = []
        sample.errors = [SourceIssue(source: .jails, message: "jls exited 1: Operation not permitted")]
        _ = AppReducer.reduce(&state, .snapshot(sample))
        state.jails.selectedName = "dns"
        for key in ["u", "x", "r", "e"] {
            #expect(AppReducer.reduce(&state, .key(.character(Character(key)))) == [], "\(key)")
            #expect(state.message?.contains("state unknown") == true)
        }
        let jail = try #require(state.snapshot?.jail(named: "dns"))
        #expect(!AppReducer.menuItems(for: jail).contains { $0.label.hasPrefix("Start") || $0.label == "Stop" })
        #expect(Frame.render(state).lines.joined().contains("unknown"))
    }

    @Test func aDyingJailCanBeStartedAgainUnderItsName() {
        var state = UITest.state()
        state.jails.selectedName = "legacy"
        #expect(state.snapshot?.jail(named: "legacy")?.state == .dying)
        let effects = AppReducer.reduce(&state, .key(.character("u")))
        #expect(effects == [.confirm(.start(jail: "legacy"), notes: ["The old legacy (JID 12) is still dying; the new one gets a new JID."])])
    }

    @Test func yesRunsIt() {
        var state = Self.www()
        _ = Self.confirm(&state, AppReducer.reduce(&state, .key(.character("x"))))
        #expect(AppReducer.reduce(&state, .key(.character("y"))) == [.perform(.stop(jail: "www", jid: 1, configured: true), Self.stopCommands)])
        #expect(state.busy == "stop jail www")
        var other = Self.www()
        _ = Self.confirm(&other, AppReducer.reduce(&other, .key(.character("x"))))
        _ = AppReducer.reduce(&other, .key(.tab))
        #expect(AppReducer.reduce(&other, .key(.enter)) == [.perform(.stop(jail: "www", jid: 1, configured: true), Self.stopCommands)])
    }

    @Test func outcomesShowAndFailuresOpenADialog() {
        var state = Self.www()
        let ok = ActionOutcome(action: .start(jail: "build"), steps: [], succeeded: true, message: "build started (JID 20)")
        #expect(AppReducer.reduce(&state, .actionFinished(ok)) == [.collectNow])
        #expect(state.message == "build started (JID 20)")
        let step = ActionOutcome.Step(command: ToolCommand("/usr/sbin/jail", ["-c", "--", "build"]), status: 1, stderr: "jail: build: /bin/sh /etc/rc: failed")
        let bad = ActionOutcome(action: .start(jail: "build"), steps: [step], succeeded: false, message: "start jail build failed: jail: build: /bin/sh /etc/rc: failed")
        _ = AppReducer.reduce(&state, .actionFinished(bad))
        guard case .result(let title, let lines)? = state.overlay else { Issue.record("no dialog"); return }
        #expect(title == "Action failed" && lines.contains("$ /usr/sbin/jail -c -- build"))
        #expect(Frame.render(state).lines.joined().contains("/bin/sh /etc/rc: failed"))
        UITest.press(&state, .character("z"))
        #expect(state.overlay == nil)
    }

    @Test func readOnlySaysWhy() {
        var state = Self.www()
        state.actionsDisabledReason = "--read-only"
        #expect(AppReducer.reduce(&state, .key(.character("x"))) == [])
        #expect(state.message == "actions are off: --read-only")
        #expect(Frame.render(state).lines.last?.contains("actions are off: --read-only") == true)
    }

    @Test func stateChecks() {
        var state = Self.www()
        UITest.press(&state, .character("u"))
        #expect(state.message == "www is already running")
        UITest.press(&state, .end)  // a stopped jail sorts last by JID
        #expect(state.selectedJail(in: state.jailRows())?.state == .stopped)
        let effects = AppReducer.reduce(&state, .key(.character("u")))
        guard case .confirm(.start(let name, _), _)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(["backup", "build"].contains(name))
    }

    @Test func signalMenuTargetsAndSignals() {
        var state = Self.www()
        UITest.press(&state, .enter, .home, .character(" "), .character(" "))
        #expect(state.processes.tagged.count == 2)
        UITest.press(&state, .character("k"))
        guard case .signalMenu(let menu)? = state.overlay else { Issue.record("no menu"); return }
        #expect(menu.targets.count == 3)  // tagged, the selected one, all of www
        UITest.press(&state, .down)
        let effects = AppReducer.reduce(&state, .key(.enter))
        guard case .confirm(.signal(let pids, let signal, "www"), _)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(pids.count == 2 && signal == .KILL)
    }

    @Test func limitsEditorValidatesAndShowsUsage() {
        var state = Self.www()
        UITest.press(&state, .character("2"), .character("n"))
        UITest.type(&state, "memoryuse:deny=lots")
        _ = AppReducer.reduce(&state, .key(.enter))
        guard case .ruleEditor(_, _, let error?, _)? = state.overlay else { Issue.record("no error shown"); return }
        #expect(error.contains("not a whole number"))
        for _ in 0..<4 { UITest.press(&state, .backspace) }
        UITest.type(&state, "1g")
        let effects = AppReducer.reduce(&state, .key(.enter))
        guard case .confirm(.addRule(let rule, let keep), let notes)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(rule.rule == "jail:www:memoryuse:deny=1073741824")
        #expect(keep == .kernel && notes.last == "Kept by the running kernel only (lost at reboot).", "\(notes)")
        #expect(notes.first?.hasPrefix("Usage now") == true && notes.first?.contains("of the proposed 1.0G") == true)
    }

    @Test func editReplacesAndDeleteAsks() {
        var state = Self.www()
        UITest.press(&state, .character("2"), .character("E"))
        guard case .ruleEditor(let text, let editing?, _, _)? = state.overlay else { Issue.record("no editor"); return }
        #expect(text == "\(editing.resource):\(editing.action)=\(editing.amount)")
        for _ in 0..<text.count { UITest.press(&state, .backspace) }
        UITest.type(&state, "\(editing.resource):\(editing.action)=3g")
        let effects = AppReducer.reduce(&state, .key(.enter))
        guard case .confirm(.replaceRule(let old, let new, _), _)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(old == editing && new.amount == 3 << 30)
        var other = Self.www()
        UITest.press(&other, .character("2"))
        guard case .confirm(.removeRule, _)? = AppReducer.reduce(&other, .key(.character("d"))).first else { Issue.record("no confirm"); return }
    }

    @Test func actionsMenuListsWhatApplies() {
        var state = Self.www()
        UITest.press(&state, .character("a"))
        #expect(state.overlay == .actionMenu(selected: 0))
        let text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("Stop") && text.contains("Restart") && !text.contains("Start "))
        #expect(AppReducer.reduce(&state, .key(.enter)).first == .confirm(.stop(jail: "www", jid: 1, configured: true), notes: ["56 processes will be stopped."]))
        var shell = Self.www()
        UITest.press(&shell, .character("a"))
        #expect(AppReducer.reduce(&shell, .key(.character("e"))) == [.shell(jid: 1, name: "www")])
    }
}
