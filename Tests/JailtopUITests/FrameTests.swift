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
