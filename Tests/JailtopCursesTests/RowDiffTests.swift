import JailtopModel
import JailtopUI
import Testing

import JailtopCurses

extension CursesTests {
    /// `present` encodes and puts only the rows that differ from the buffer it drew last; a
    /// resize, a suspend or another buffer size makes it draw every row again.
    @Suite struct RowDiff {
        @Test func onlyChangedRowsAreDrawn() throws {
            let term = try makeScreen(width: 20, height: 4)
            defer { term.stop() }
            term.present(buffer(width: 20, height: 4, ["header 12:00:00", "www", "db", "f1 help"]))
            #expect(term.lastDrawnRows == [0, 1, 2, 3])
            let next = buffer(width: 20, height: 4, ["header 12:00:01", "www", "db", "f1 help"])
            term.present(next)
            #expect(term.lastDrawnRows == [0])
            #expect(term.screenLines() == next.lines)
            term.present(next)
            #expect(term.lastDrawnRows == [])
        }

        @Test func aStyleChangeAloneRedrawsTheRow() throws {
            let term = try makeScreen(width: 10, height: 2)
            defer { term.stop() }
            var b = buffer(width: 10, height: 2, ["www", "db"])
            term.present(b)
            b.restyle(Rect(x: 0, y: 1, width: 10, height: 1), Style(.selection))
            term.present(b)
            #expect(term.lastDrawnRows == [1])
            #expect(term.screenCell(x: 0, y: 1)?.pair != term.screenCell(x: 0, y: 0)?.pair)
        }

        @Test func resizeSuspendAndNewSizesDrawEverything() throws {
            let term = try makeScreen(width: 12, height: 3)
            defer { term.stop() }
            let b = buffer(width: 12, height: 3, ["a", "b", "c"])
            term.present(b)
            term.suspend {}
            term.present(b)
            #expect(term.lastDrawnRows == [0, 1, 2])
            term.resizePrivateScreen(to: Size(width: 10, height: 2))
            _ = term.nextEvent(timeout: .milliseconds(50))
            let small = buffer(width: 10, height: 2, ["a", "b"])
            term.present(small)
            #expect(term.lastDrawnRows == [0, 1])
            #expect(term.screenLines() == small.lines)
            term.present(buffer(width: 4, height: 1, ["a"]))
            #expect(term.lastDrawnRows == [0])
            #expect(term.screenLines() == ["a         ", "          "])
        }
    }
}
