import Testing

@testable import JailtopModel
@testable import JailtopUI

/// Issue 16 (9): a press selects the row or the tab under it, the wheel scrolls the list
/// under it; over a dialog the wheel scrolls a scrolled one and a press does nothing.
@Suite struct MouseTests {
    static func press(_ state: inout AppState, x: Int, y: Int, _ kind: MouseEvent.Kind = .press) {
        _ = AppReducer.reduce(&state, .mouse(MouseEvent(kind, x: x, y: y)))
    }

    @Test func aPressSelectsTheJailUnderIt() throws {
        var state = UITest.state(size: Size(width: 120, height: 40))
        let lines = Frame.render(state).lines
        let y = try #require(lines.firstIndex { $0.hasPrefix("   2 db ") })
        let effects = AppReducer.reduce(&state, .mouse(MouseEvent(.press, x: 6, y: y)))
        #expect(state.selectedJail(in: state.jailRows())?.name == "db")
        #expect(state.focus == .jails)
        // The collector hears of the newly listed jail, as after a key.
        #expect(effects.contains { if case .prioritize = $0 { true } else { false } })
        // A press below the last row selects nothing new.
        Self.press(&state, x: 6, y: Layout(size: state.size).jails.maxY - 1)
        #expect(state.selectedJail(in: state.jailRows())?.name == "db")
    }

    @Test func aPressOnATabOpensItAndOnAProcessSelectsIt() throws {
        var state = UITest.state(size: Size(width: 120, height: 40))
        let detail = Layout(size: state.size).detail
        Self.press(&state, x: " 1 Processes  ".count + 3, y: detail.y)
        #expect(state.tab == .limits)
        Self.press(&state, x: 2, y: detail.y)
        #expect(state.tab == .processes)
        let rows = AppReducer.selectedProcessRows(state)
        try #require(rows.count > 3)
        Self.press(&state, x: 10, y: detail.y + 2 + 3)
        #expect(state.focus == .detail && state.processes.selectedPID == rows[3].process.pid)
    }

    @Test func theWheelScrollsTheListUnderIt() throws {
        var state = UITest.state(size: Size(width: 120, height: 40))
        let layout = Layout(size: state.size)
        let rows = state.jailRows()
        let first = try #require(state.selectedJailIndex(in: rows))
        Self.press(&state, x: 5, y: layout.jails.y + 2, .wheelDown)
        #expect(state.selectedJailIndex(in: state.jailRows()) == first + AppReducer.wheelStep)
        Self.press(&state, x: 5, y: layout.jails.y + 2, .wheelUp)
        #expect(state.selectedJailIndex(in: state.jailRows()) == first)
        Self.press(&state, x: 5, y: layout.detail.y + 4, .wheelDown)
        let processes = AppReducer.selectedProcessRows(state)
        #expect(state.focus == .detail && state.processes.selectedPID == processes[min(processes.count - 1, AppReducer.wheelStep)].process.pid)
    }

    @Test func overADialogOnlyTheWheelScrolls() {
        var state = UITest.state(size: Size(width: 80, height: 24))
        UITest.press(&state, .function(1))
        Self.press(&state, x: 40, y: 10, .wheelDown)
        #expect(state.overlay == .help && state.overlayScroll == AppReducer.wheelStep)
        Self.press(&state, x: 40, y: 10)
        #expect(state.overlay == .help)
        UITest.press(&state, .character("a"))
        let selected = state.jails.selectedName
        UITest.press(&state, .character("a"))
        Self.press(&state, x: 6, y: 6)
        #expect(state.jails.selectedName == selected)
    }
}
