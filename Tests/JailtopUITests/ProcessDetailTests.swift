import Testing

@testable import JailtopModel
@testable import JailtopUI

/// Issue 16 (2): Enter on a process opens it in full: the sample's figures, the whole
/// command line wrapped, then its threads, open files and rules once read; `k` signals it.
@Suite struct ProcessDetailTests {
    /// The demo with www's list open and a process with a long command line selected.
    static func opened(size: Size = Size(width: 80, height: 24)) throws -> (AppState, JailProcess, [Effect]) {
        var state = UITest.state(size: size)
        let www = try #require(state.jailRows().first { $0.jail.name == "www" })
        state.jails.selectedName = www.key
        state.focus = .detail
        state.refreshRows()
        let process = try #require(state.processRows(of: www.jail).max { $0.process.args.count < $1.process.args.count }?.process)
        state.processes.selectedPID = process.pid
        let effects = AppReducer.reduce(&state, .key(.enter))
        return (state, process, effects)
    }

    @Test func enterOpensTheProcessAndAsksForItsDetail() throws {
        let (state, process, effects) = try Self.opened()
        #expect(state.overlay == .processDetail(pid: process.pid))
        #expect(effects.contains(.inspect(pid: process.pid)))
        let text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("Process \(process.pid)"))
        #expect(text.contains("PID \(process.pid)  parent \(process.ppid)  in www (JID"))
        #expect(text.contains("reading threads, open files and limits…"))
        // The whole command line, wrapped inside the box, not cut at the screen's edge.
        let words = process.args.split(separator: " ").map(String.init)
        for word in words where word.count < 60 { #expect(text.contains(word)) }
    }

    @Test func theInspectionFillsInAndScrolls() throws {
        var (state, process, _) = try Self.opened()
        let inspection = ProcessInspection(pid: process.pid, sections: [
            .init(title: "Threads", command: "/bin/ps -H -p \(process.pid)", lines: ["   LWP TDNAME STAT", "100412 -      Is"]),
            .init(title: "Open files and working directory", command: "/usr/bin/procstat -f \(process.pid)", problem: "procstat: Operation not permitted"),
            .init(title: "Limits that apply (rctl)", command: "/usr/bin/rctl -l process:\(process.pid)", lines: (1...30).map { "jail:www:rule\($0):deny=\($0)" }),
        ])
        // One for another process (closed and reopened since) is not taken.
        _ = AppReducer.reduce(&state, .processInspected(ProcessInspection(pid: process.pid + 1, unavailable: "other")))
        #expect(state.inspection == nil)
        _ = AppReducer.reduce(&state, .processInspected(inspection))
        #expect(state.inspection == inspection)
        var text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("lines 1-"))
        UITest.press(&state, .end)
        text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("jail:www:rule30:deny=30"))
        #expect(text.contains("k signal this process"))
        UITest.press(&state, .home)
        text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("Command line"))
    }

    @Test func kSignalsTheProcessAndEscapeCloses() throws {
        var (state, process, _) = try Self.opened()
        UITest.press(&state, .character("k"))
        guard case .signalMenu(let menu)? = state.overlay else {
            Issue.record("no signal menu: \(String(describing: state.overlay))")
            return
        }
        #expect(menu.targets.first == .process(process.pid))
        (state, _, _) = try Self.opened()
        UITest.press(&state, .escape)
        #expect(state.overlay == nil && state.inspection == nil)
    }

    @Test func aSourceWithoutDetailSaysWhy() throws {
        var (state, process, _) = try Self.opened(size: Size(width: 120, height: 40))
        _ = AppReducer.reduce(&state, .processInspected(ProcessInspection(pid: process.pid, unavailable: "a recording (demo) holds no threads")))
        #expect(Frame.render(state).lines.joined(separator: "\n").contains("a recording (demo) holds no threads"))
    }

    @Test func frames() throws {
        let (small, _, _) = try Self.opened()
        try UITest.assertFrame(Frame.render(small), "process-detail-80x24")
        let (large, _, _) = try Self.opened(size: Size(width: 120, height: 40))
        try UITest.assertFrame(Frame.render(large), "process-detail-120x40")
    }
}
