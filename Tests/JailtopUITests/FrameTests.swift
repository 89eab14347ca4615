import Testing

@testable import JailtopModel
@testable import JailtopUI

/// Whole frames of the demo host, compared as text with snapshot files.
@Suite struct FrameTests {
    @Test func dashboardAt120x40() throws {
        try UITest.assertFrame(Frame.render(UITest.state()), "demo-120x40")
    }

    @Test func dashboardAt80x24() throws {
        try UITest.assertFrame(Frame.render(UITest.state(size: Size(width: 80, height: 24))), "demo-80x24")
    }

    /// A bad row costs that row: with some processes unread (a partial issue) the list still
    /// shows; only a failed ps blanks it, with the reason.
    @Test(arguments: [true, false])
    func aPartialProcessIssueKeepsTheList(partial: Bool) throws {
        var snapshot = UITest.demo.snapshots[0]
        snapshot.errors.append(SourceIssue(source: .processes, message: "3 rows unreadable", skippedRows: partial ? 3 : nil))
        if !partial { snapshot.processes = [] }
        var state = AppState(size: Size(width: 120, height: 40), sourceDescription: "demo", refreshInterval: 2)
        _ = AppReducer.reduce(&state, .snapshot(snapshot))
        let text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("process list unavailable") == !partial)
        if partial {
            let jail = try #require(state.selectedJail(in: state.jailRows()))
            let first = try #require(state.processRows(of: jail).first?.process)
            #expect(text.contains(String(first.pid)))
        }
    }

    @Test func asciiDashboard() throws {
        let buffer = Frame.render(UITest.state(size: Size(width: 100, height: 30), unicode: false))
        #expect(buffer.lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        try UITest.assertFrame(buffer, "demo-100x30-ascii")
    }

    @Test(arguments: [(0, 0), (1, 1), (5, 2), (19, 5), (20, 5), (30, 8), (40, 10), (60, 15), (80, 24), (200, 60)])
    func everySizeRendersWithoutCrashing(width: Int, height: Int) {
        var state = UITest.state(size: Size(width: width, height: height))
        let buffer = Frame.render(state)
        #expect(buffer.size == Size(width: width, height: height))
        for tab in AppState.DetailTab.allCases {
            state.tab = tab
            state.focus = .detail
            _ = Frame.render(state)
        }
        state.overlay = .help
        _ = Frame.render(state)
        if width >= 20, height >= 5 {
            #expect(!buffer.lines.joined().contains("too small"))
        } else if width * height > 0 {
            #expect(buffer.lines.joined().contains("too") || width * height < 4)
        }
    }
}
