import CNcursesw
import JailtopModel
import JailtopUI

// Drawing: one `wadd_wchnstr` per row that differs from the buffer presented last (the rows
// curses already holds are not encoded again), then `wnoutrefresh` + `doupdate`, so curses
// compares with what is on the terminal and sends only the difference. Never `clear()` per
// frame. After a resize or a suspend every row is drawn again.
//
// Screen column x always shows buffer column x. The buffer already measured every character;
// here each one is measured again with `wcwidth` (what curses and the terminal use), and any
// cell where the two disagree, or that holds something unprintable, becomes one replacement
// column instead of shifting the rest of the row.

extension CursesTerminal {
    public func present(_ buffer: ScreenBuffer) {
        guard isActive else { return }
        select()
        let window = jt_stdscr()
        var rows: Int32 = 0
        var cols: Int32 = 0
        jt_getmaxyx(window, &rows, &cols)
        let screenRows = Int(rows)
        let screenCols = Int(cols)
        let screenSize = Size(width: screenCols, height: screenRows)
        // What stdscr holds from the last present, if it can be trusted row by row.
        var previous = presented.flatMap { $0.screen == screenSize && $0.buffer.size == buffer.size ? $0.buffer : nil }
        if needsFullRepaint {
            clearok(jt_curscr(), true)
            needsFullRepaint = false
            previous = nil
        }
        let drawRows = min(screenRows, buffer.size.height)
        let drawCols = min(screenCols, buffer.size.width)
        if rowCells.count < drawCols {
            rowCells = Array(repeating: cchar_t(), count: drawCols)
        }
        let changed = buffer.changedRows(since: previous)
        lastDrawnRows = changed.filter { $0 < drawRows }
        for y in lastDrawnRows {
            let count = rowCells.withUnsafeMutableBufferPointer { cells in
                wideScratch.withUnsafeMutableBufferPointer { wch in
                    encodeRow(buffer, y: y, columns: drawCols, into: cells, scratch: wch)
                }
            }
            if count > 0 {
                rowCells.withUnsafeBufferPointer { cells in
                    _ = jt_put_row(window, Int32(y), 0, cells.baseAddress, Int32(count))
                }
            }
            if drawCols < screenCols {
                _ = jt_clear_from(window, Int32(y), Int32(drawCols), 0)
            }
        }
        if drawRows < screenRows, previous == nil {
            _ = jt_clear_from(window, Int32(drawRows), 0, 1)
        }
        presented = (buffer, screenSize)
        _ = wnoutrefresh(window)
        _ = doupdate()
    }

    /// Fills `cells` with row `y` of the buffer, `columns` screen columns wide; returns how many
    /// cells were written (a wide character takes one cell and two columns).
    private func encodeRow(
        _ buffer: ScreenBuffer, y: Int, columns: Int,
        into cells: UnsafeMutableBufferPointer<cchar_t>, scratch wch: UnsafeMutableBufferPointer<wchar_t>
    ) -> Int {
        var n = 0
        var x = 0
        // Runs of one style are the rule (a row is mostly one or two styles): resolve once per run.
        var lastStyle: Style?
        var resolved = ResolvedStyle(attributes: [], pair: 0)
        var attrs = jt_a_normal()
        while x < columns {
            let cell = buffer[x, y]
            if cell.style != lastStyle {
                lastStyle = cell.style
                resolved = resolve(cell.style)
                attrs = resolved.attributes.cursesValue
            }
            var advance = 1
            var glyph: Glyph = .blank
            if !cell.isContinuation {
                // A continuation reaching here lost its wide character: it shows as a blank.
                let width = encodeGlyph(cell.text, into: wch)
                switch width {
                case 1:
                    glyph = .encoded
                case 2 where cell.width == 2 && x + 1 < columns && buffer[x + 1, y].isContinuation:
                    glyph = .encoded
                    advance = 2
                case 2 where cell.width == 2 && x + 1 >= columns:
                    glyph = .blank  // cut by the right edge of a smaller terminal
                default:
                    glyph = .replacement
                }
            }
            switch glyph {
            case .encoded: break
            case .blank: setScalar(0x20, in: wch)
            case .replacement: setScalar(capabilities.unicode ? 0xFFFD : 0x3F, in: wch)
            }
            if jt_setcchar(&cells[n], wch.baseAddress, attrs, Int32(resolved.pair)) != JT_OK {
                setScalar(0x3F, in: wch)
                _ = jt_setcchar(&cells[n], wch.baseAddress, attrs, Int32(resolved.pair))
            }
            n += 1
            x += advance
        }
        return n
    }

    private enum Glyph { case encoded, blank, replacement }

    // wchar_t is Int32 on amd64 and UInt32 on arm64 (FreeBSD and Linux alike), so conversions
    // use truncatingIfNeeded, which both have; a Unicode scalar (at most 0x10FFFF) fits either.
    private func setScalar(_ value: UInt32, in wch: UnsafeMutableBufferPointer<wchar_t>) {
        wch[0] = wchar_t(truncatingIfNeeded: value)
        wch[1] = 0
    }

    /// Writes the cell's text as a NUL-terminated wide string (one spacing character and up to
    /// four combining marks) and returns its width per `wcwidth`: 1 or 2, or 0 when it cannot be
    /// drawn safely in one cell (control characters, non-ASCII in ASCII mode, unprintable).
    func encodeGlyph(_ text: String, into wch: UnsafeMutableBufferPointer<wchar_t>) -> Int {
        let utf8 = text.utf8
        if utf8.count == 1, let byte = utf8.first {
            guard byte >= 0x20, byte < 0x7F else { return 0 }
            setScalar(UInt32(byte), in: wch)
            return 1
        }
        var scalars = text.unicodeScalars.makeIterator()
        guard let base = scalars.next() else {
            setScalar(0x20, in: wch)
            return 1
        }
        let unicode = capabilities.unicode
        guard unicode || base.value < 0x80, SanitizedText.isSafe(base) else { return 0 }
        let width = Int(jt_wcwidth(Int32(bitPattern: base.value)))
        guard width == 1 || width == 2 else { return 0 }
        wch[0] = wchar_t(truncatingIfNeeded: base.value)
        var k = 1
        let limit = min(Int(JT_CCHARW_MAX), wch.count - 1)
        while k < limit, let mark = scalars.next() {
            // curses keeps only combining marks after the spacing character; stop at anything else.
            guard unicode, SanitizedText.isSafe(mark), jt_wcwidth(Int32(bitPattern: mark.value)) == 0 else { break }
            wch[k] = wchar_t(truncatingIfNeeded: mark.value)
            k += 1
        }
        wch[k] = 0
        return width
    }
}

// MARK: - Reading the screen back (tests)

/// One cell as curses holds it.
package struct ScreenCell: Sendable, Equatable {
    package var text: String
    package var attributes: TextAttributes
    package var pair: Int16
}

extension CursesTerminal {
    /// Every row as curses holds it, wide characters once (like `ScreenBuffer.lines`).
    package func screenLines() -> [String] {
        guard isActive else { return [] }
        select()
        let window = jt_stdscr()
        var rows: Int32 = 0
        var cols: Int32 = 0
        jt_getmaxyx(window, &rows, &cols)
        var cells = Array(repeating: cchar_t(), count: Int(cols) + 1)
        var lines: [String] = []
        for y in 0..<Int(rows) {
            let count = cells.withUnsafeMutableBufferPointer { buf -> Int in
                jt_read_row(window, Int32(y), buf.baseAddress, cols) == JT_OK ? Int(cols) : 0
            }
            var line = ""
            for i in 0..<count {
                let cell = Self.decode(cells[i])
                if cell.text.isEmpty { break }  // end of what win_wchnstr returned
                line += cell.text
            }
            lines.append(line)
        }
        return lines
    }

    /// The cell at screen column x of row y.
    package func screenCell(x: Int, y: Int) -> ScreenCell? {
        guard isActive else { return nil }
        select()
        var cell = cchar_t()
        guard jt_read_cell(jt_stdscr(), Int32(y), Int32(x), &cell) == JT_OK else { return nil }
        return Self.decode(cell)
    }

    private static func decode(_ cell: cchar_t) -> ScreenCell {
        var copy = cell
        var wch = Array(repeating: wchar_t(0), count: Int(JT_CCHARW_MAX) + 1)
        var attrs: attr_t = 0
        var pair: Int32 = 0
        let rc = wch.withUnsafeMutableBufferPointer { buf in jt_getcchar(&copy, buf.baseAddress, &attrs, &pair) }
        guard rc == JT_OK else { return ScreenCell(text: "", attributes: [], pair: 0) }
        var text = String.UnicodeScalarView()
        for w in wch {
            guard w != 0, let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: w)) else { break }
            text.append(scalar)
        }
        return ScreenCell(text: String(text), attributes: TextAttributes(cursesValue: attrs), pair: Int16(clamping: pair))
    }
}
