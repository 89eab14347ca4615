import Testing

@testable import JailtopUI

/// `ScreenBuffer.changedRows(since:)`: what a backend that keeps its last frame redraws.
@Suite struct ScreenDiffTests {
    static func buffer(_ lines: [String], width: Int = 12) -> ScreenBuffer {
        var b = ScreenBuffer(width: width, height: lines.count)
        for (y, line) in lines.enumerated() { b.put(line, x: 0, y: y) }
        return b
    }

    @Test func onlyRowsWithAnotherCellDiffer() {
        let a = Self.buffer(["12:00:00", "www", "db"])
        var b = Self.buffer(["12:00:01", "www", "db"])
        #expect(b.changedRows(since: a) == [0])
        b.restyle(Rect(x: 3, y: 2, width: 1, height: 1), Style(.selection))
        #expect(b.changedRows(since: a) == [0, 2])
        #expect(a.changedRows(since: a) == [])
    }

    @Test func withoutAComparableBufferEveryRowIsNew() {
        let a = Self.buffer(["x", "y"])
        #expect(a.changedRows(since: nil) == [0, 1])
        #expect(a.changedRows(since: Self.buffer(["x", "y"], width: 13)) == [0, 1])
        var ascii = a
        ascii.asciiOnly = true
        #expect(ascii.changedRows(since: a) == [0, 1])
    }

    @Test func rowComparisonStaysInsideBothBuffers() {
        let a = Self.buffer(["x", "y"]), b = Self.buffer(["x"])
        #expect(a.row(0, equalsRowOf: b))
        #expect(!a.row(1, equalsRowOf: b))
        #expect(!a.row(-1, equalsRowOf: b))
    }
}
