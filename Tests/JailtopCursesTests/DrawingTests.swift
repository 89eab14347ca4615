import JailtopModel
import JailtopUI
import Testing

import JailtopCurses

extension CursesTests {
    /// `present` reads back exactly what the buffer holds: `mvwin_wchnstr` gives each wide
    /// character once, like `ScreenBuffer.lines` skips continuation cells.
    @Suite struct Drawing {
        @Test func asciiRoundTrip() throws {
            let term = try makeScreen(width: 30, height: 4)
            defer { term.stop() }
            let b = buffer(width: 30, height: 4, ["JID NAME   STATE  CPU%", " 12 www    up     12.5", " 13 db     stopped"])
            term.present(b)
            #expect(term.screenLines() == b.lines)
        }

        @Test func cjkTakesTwoColumns() throws {
            let term = try makeScreen(width: 20, height: 2)
            defer { term.stop() }
            let b = buffer(width: 20, height: 2, ["日本語 jail", "ab日本cd"])
            term.present(b)
            #expect(term.screenLines() == b.lines)
            #expect(term.screenLines()[0] == "日本語 jail         ")
            // Columns line up with the buffer's: "c" sits in column 6, after two wide characters.
            #expect(term.screenCell(x: 2, y: 1)?.text == "日")
            #expect(term.screenCell(x: 4, y: 1)?.text == "本")
            #expect(term.screenCell(x: 6, y: 1)?.text == "c")
        }

        @Test func emoji() throws {
            let term = try makeScreen(width: 12, height: 1)
            defer { term.stop() }
            let b = buffer(width: 12, height: 1, ["ok 😀 fine"])
            term.present(b)
            #expect(term.screenLines() == b.lines)
            #expect(term.screenCell(x: 3, y: 0)?.text == "😀")
            #expect(term.screenCell(x: 6, y: 0)?.text == "f")
        }

        @Test func combiningMarkStaysInItsCell() throws {
            let term = try makeScreen(width: 6, height: 1)
            defer { term.stop() }
            let b = buffer(width: 6, height: 1, ["cafe\u{301}!"])
            term.present(b)
            #expect(term.screenLines() == b.lines)
            #expect(term.screenCell(x: 4, y: 0)?.text == "!")
        }

        @Test func escapeIsShownAsReplacementNotExpanded() throws {
            let term = try makeScreen(width: 16, height: 1)
            defer { term.stop() }
            let b = buffer(width: 16, height: 1, ["a\u{1B}[31mb\tc"])
            #expect(b.lines[0].hasPrefix("a\u{FFFD}[31mb\u{FFFD}c"))
            term.present(b)
            let shown = term.screenLines()
            #expect(shown == b.lines)
            #expect(!shown[0].contains("^["))
            #expect(!shown[0].unicodeScalars.contains { $0.value < 0x20 })
        }

        @Test func controlCharactersPlacedDirectlyInCellsAreReplaced() throws {
            // Defence in depth: a cell built without ScreenBuffer.put never reaches curses raw.
            let term = try makeScreen(width: 5, height: 1)
            defer { term.stop() }
            var b = ScreenBuffer(width: 5, height: 1)
            b[0, 0] = Cell("\u{1B}")
            b[1, 0] = Cell("\t")
            b[2, 0] = Cell("\u{9B}")  // C1 CSI
            b[3, 0] = Cell("\u{202E}")  // right-to-left override
            b[4, 0] = Cell("z")
            term.present(b)
            #expect(term.screenLines() == ["\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}z"])
        }

        @Test func widthDisagreementsNeverShiftTheRow() throws {
            let term = try makeScreen(width: 4, height: 3)
            defer { term.stop() }
            var b = ScreenBuffer(width: 4, height: 3)
            // The buffer claims one column for a wide character: one replacement column.
            b[0, 0] = Cell("日", width: 1)
            b[1, 0] = Cell("x")
            // The buffer claims two columns for a narrow one: it is drawn, then a blank.
            b[0, 1] = Cell("a", width: 2)
            b[1, 1] = Cell("", width: 0)
            b[2, 1] = Cell("y")
            // A continuation without its wide character shows as a blank.
            b[0, 2] = Cell("", width: 0)
            b[1, 2] = Cell("w")
            term.present(b)
            #expect(term.screenLines() == ["\u{FFFD}x  ", "a y ", " w  "])
        }

        @Test func asciiModeShowsQuestionMarks() throws {
            let term = try makeScreen(width: 6, height: 1, ascii: true)
            defer { term.stop() }
            #expect(!term.capabilities.unicode)
            var b = ScreenBuffer(width: 6, height: 1)
            b[0, 0] = Cell("é")
            b[1, 0] = Cell("日", width: 2)
            b[2, 0] = Cell("", width: 0)
            b[3, 0] = Cell("k")
            term.present(b)
            #expect(term.screenLines() == ["? ?k  "] || term.screenLines() == ["?? k  "])
            #expect(term.screenCell(x: 3, y: 0)?.text == "k")
        }

        @Test func bufferLargerThanScreenIsClipped() throws {
            let term = try makeScreen(width: 10, height: 2)
            defer { term.stop() }
            // 日 would take columns 9 and 10; the screen ends at 9, so column 9 is blank.
            let b = buffer(width: 14, height: 4, ["abcdefghi日xy", "0123456789ABCD", "hidden", "hidden"])
            term.present(b)
            #expect(term.screenLines() == ["abcdefghi ", "0123456789"])
        }

        @Test func screenLargerThanBufferIsClearedAroundIt() throws {
            let term = try makeScreen(width: 8, height: 3)
            defer { term.stop() }
            term.present(buffer(width: 8, height: 3, ["xxxxxxxx", "xxxxxxxx", "xxxxxxxx"]))
            term.present(buffer(width: 3, height: 1, ["abc"]))
            #expect(term.screenLines() == ["abc     ", "        ", "        "])
        }

        @Test(arguments: [(1, 1), (2, 1), (1, 2), (80, 24)], [(0, 0), (1, 1), (3, 0), (0, 3), (80, 24), (200, 60)])
        func tinyAndHugeSizesDoNotCrash(screen: (Int, Int), bufferSize: (Int, Int)) throws {
            let term = try makeScreen(width: screen.0, height: screen.1)
            defer { term.stop() }
            #expect(term.size == Size(width: screen.0, height: screen.1))
            var b = ScreenBuffer(width: bufferSize.0, height: bufferSize.1)
            b.put("日本 wide 😀 text", x: 0, y: 0, style: Style(.selection))
            b.put("last", x: max(0, bufferSize.0 - 4), y: max(0, bufferSize.1 - 1), style: Style(.title))
            term.present(b)
            // Each screen row is the buffer row cut (never through a wide character) or padded
            // to the screen width; rows below the buffer are blank.
            let expected = (0..<screen.1).map { y in
                DisplayWidth.fit(y < bufferSize.1 ? b.lines[y] : "", columns: screen.0)
            }
            #expect(term.screenLines() == expected)
        }

        @Test func resizeIsReportedAndTheNextFrameRepaints() throws {
            let term = try makeScreen(width: 20, height: 5)
            defer { term.stop() }
            term.present(buffer(width: 20, height: 5, ["before"]))
            term.resizePrivateScreen(to: Size(width: 12, height: 3))  // queues KEY_RESIZE, as SIGWINCH does
            #expect(term.nextEvent(timeout: .milliseconds(50)) == .resize(Size(width: 12, height: 3)))
            term.present(buffer(width: 12, height: 3, ["after"]))
            #expect(term.screenLines() == ["after       ", "            ", "            "])
        }

        @Test func suspendGivesBackTheScreen() throws {
            let term = try makeScreen(width: 10, height: 2)
            defer { term.stop() }
            let value = term.suspend { 42 }
            #expect(value == 42)
            struct Boom: Error {}
            #expect(throws: Boom.self) { try term.suspend { throw Boom() } }
            term.present(buffer(width: 10, height: 2, ["resumed"]))
            #expect(term.screenLines()[0] == "resumed   ")
        }

        @Test func stopIsIdempotentAndLaterCallsAreHarmless() throws {
            let term = try makeScreen(width: 10, height: 2)
            term.stop()
            term.stop()
            #expect(!term.isActive)
            term.present(buffer(width: 10, height: 2, ["x"]))
            #expect(term.nextEvent(timeout: .milliseconds(1)) == nil)
            #expect(term.size == Size(width: 0, height: 0))
        }
    }
}
