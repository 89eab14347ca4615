import JailtopActions
import Testing

@testable import JailtopModel
@testable import JailtopUI

/// Issue 16 (3): `J 0` lists the host's own processes (as `top -J 0`), `0` every process on
/// the host with a JAIL column; signals there go to chosen processes only.
@Suite struct HostProcessesTests {
    static func hostView(size: Size = Size(width: 120, height: 40)) -> AppState {
        var state = UITest.state(size: size)
        UITest.press(&state, .character("J"))
        UITest.type(&state, "0")
        UITest.press(&state, .enter)
        return state
    }

    @Test func jZeroListsTheProcessesInNoJail() throws {
        let state = Self.hostView()
        #expect(state.processes.scope == .host && state.focus == .detail && state.tab == .processes)
        let rows = state.processRows(of: nil)
        let snapshot = try #require(state.snapshot)
        #expect(rows.count == snapshot.processes.filter { $0.jid == 0 }.count)
        #expect(!rows.isEmpty && rows.allSatisfy { $0.process.jid == 0 })
        let text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("[J 0: host processes]"))
        #expect(text.contains("host processes (in no jail)"))
        #expect(!text.contains("JAIL "))
        // The collector is asked for the host's processes in detail.
        let priority = AppReducer.priority(state, rows: state.jailRows())
        #expect(priority.listedJailIDs == [0])
        #expect(Set(priority.processIDs).isSubset(of: Set(rows.map(\.process.pid))))
    }

    /// Issue 16 (1): htop's K hides the kernel's processes ([idle], [zfskern]).
    @Test func kHidesKernelProcesses() throws {
        var state = Self.hostView()
        let all = state.processRows(of: nil)
        try #require(all.contains { $0.process.args == "[idle]" })
        UITest.press(&state, .character("K"))
        let shown = state.processRows(of: nil)
        #expect(!shown.isEmpty && shown.allSatisfy { !($0.process.args.hasPrefix("[") && $0.process.args.hasSuffix("]")) })
        #expect(shown.contains { $0.process.args == "/sbin/init" })
        #expect(Frame.render(state).lines[2].contains("[no kernel]"))
        UITest.press(&state, .character("K"))
        #expect(state.processRows(of: nil).count == all.count)
    }

    @Test func dashJZeroStartsOnTheHostsProcesses() {
        var state = AppState(size: Size(width: 120, height: 40), sourceDescription: "demo", refreshInterval: 2, jailScope: JailSelector("0"))
        for s in UITest.demo.snapshots.prefix(2) { _ = AppReducer.reduce(&state, .snapshot(s)) }
        #expect(state.jailScope == nil && state.processes.scope == .host)
        #expect(!state.jailRows().isEmpty)
        #expect(state.processRows(of: nil).allSatisfy { $0.process.jid == 0 })
    }

    @Test func zeroListsEveryProcessWithItsJail() throws {
        var state = UITest.state()
        UITest.press(&state, .character("0"))
        #expect(state.processes.scope == .everyProcess && state.focus == .detail)
        let snapshot = try #require(state.snapshot)
        let rows = state.processRows(of: nil)
        #expect(rows.count == snapshot.processes.count)
        let www = try #require(snapshot.jails.first { $0.name == "www" }?.jid)
        #expect(rows.filter { $0.process.jid == www }.allSatisfy { $0.jailName == "www" })
        #expect(rows.filter { $0.process.jid == 0 }.allSatisfy { $0.jailName == "-" })
        let text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("PID JAIL"))
        #expect(text.contains("every process on the host"))
        // Sortable by jail; the column and its sort go when the list is one jail's again.
        UITest.press(&state, .character("s"))
        #expect(state.processes.sort != .jail)
        for _ in 0..<ProcessColumn.allCases.count where state.processes.sort != .jail { UITest.press(&state, .character("s")) }
        #expect(state.processes.sort == .jail)
        UITest.press(&state, .character("0"))
        #expect(state.processes.scope == .selectedJail && state.processes.sort == .cpu)
        #expect(!Frame.render(state).lines.joined(separator: "\n").contains("PID JAIL"))
    }

    @Test func escapeOrAnotherJailOrTabGoesBackToTheJails() {
        var state = Self.hostView()
        UITest.press(&state, .escape)
        #expect(state.processes.scope == .selectedJail && state.focus == .jails)
        state = Self.hostView()
        UITest.press(&state, .character("2"))
        #expect(state.processes.scope == .selectedJail && state.tab == .limits)
        state = Self.hostView()
        UITest.press(&state, .tab, .down)
        #expect(state.processes.scope == .selectedJail)
        // J with nothing: every jail, and the selected jail's processes.
        state = Self.hostView()
        UITest.press(&state, .character("J"), .enter)
        #expect(state.processes.scope == .selectedJail)
    }

    @Test func signalsInTheHostListGoToChosenProcessesOnly() throws {
        var state = Self.hostView()
        let rows = state.processRows(of: nil)
        let pid = try #require(rows.first { $0.process.pid > 1 }?.process.pid)
        state.processes.selectedPID = pid
        UITest.press(&state, .character("k"))
        guard case .signalMenu(let menu)? = state.overlay else {
            Issue.record("no signal menu: \(String(describing: state.overlay))")
            return
        }
        // No "all of the jail": on the host that would be every process.
        #expect(menu.targets == [.process(pid)])
        let effects = AppReducer.reduce(&state, .key(.enter))
        #expect(effects == [.confirm(.signal(pids: [pid], signal: ProcessSignal.allCases[0], jail: "host"), notes: effects.notes)])
        // Jail actions do not reach a jail that is not on screen.
        state = Self.hostView()
        UITest.press(&state, .character("x"))
        #expect(state.overlay == nil)
        #expect(state.message == "that acts on a jail: Esc goes back to the jail list")
    }

    @Test func theFleetListsOneJailsProcessesAtATime() {
        var state = UITest.state()
        state.fleet = FleetState(hosts: ["h1"])
        UITest.press(&state, .character("0"))
        #expect(state.processes.scope == .selectedJail)
        #expect(state.message == "with --host, processes are listed one jail at a time")
    }

    @Test func framesOfTheHostView() throws {
        try UITest.assertFrame(Frame.render(Self.hostView()), "host-processes-120x40")
        try UITest.assertFrame(Frame.render(Self.hostView(size: Size(width: 80, height: 24))), "host-processes-80x24")
        var small = UITest.state(size: Size(width: 80, height: 24))
        UITest.press(&small, .character("0"))
        try UITest.assertFrame(Frame.render(small), "every-process-80x24")
        var large = UITest.state(size: Size(width: 120, height: 40))
        UITest.press(&large, .character("0"))
        try UITest.assertFrame(Frame.render(large), "every-process-120x40")
    }
}

extension [Effect] {
    /// The notes of the first confirmation, to compare the rest of it.
    fileprivate var notes: [String] {
        for effect in self { if case .confirm(_, let notes) = effect { return notes } }
        return []
    }
}
