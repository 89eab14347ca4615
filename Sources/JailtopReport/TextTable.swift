import JailtopModel

/// A plain-text table for batch output (`snapshot`, the fleet's tables): columns sized to their
/// widest cell in terminal columns, numbers right-aligned, untrusted text sanitized, no trailing
/// spaces (`TableLine`'s rules).
///
/// Cells are sanitized and measured once, as they are added, into one block of bytes that the
/// table owns and writes through a count it holds itself (an `Array` append checks uniqueness
/// and capacity and reloads its count after every byte stored). Then the table is written as
/// lines of bytes, whole (`renderBytes`) or in pieces of one reused block
/// (`write(chunkBytes:to:)`), with no String per line and no per-field concatenation.
/// Noncopyable: two copies would share the blocks.
public struct TextTable: ~Copyable {
    /// One column: its title, alignment, and whether its text comes from outside (sanitize it).
    public struct Column: Sendable {
        public var title: String
        public var alignRight: Bool
        /// The last column is never padded or cut, like ps's COMMAND.
        public init(_ title: String, right: Bool = false) {
            self.title = title
            self.alignRight = right
        }
    }

    /// Where a cell's text ends in the text block, and its width in terminal columns; 32 bits
    /// each, as a table's text stays far below 2 GiB.
    private struct Cell {
        var end: Int32
        var width: Int32
    }

    public let columns: [Column]
    /// Replace unsafe characters with "?" and non-ASCII too (for an ASCII locale).
    public var asciiOnly = false
    /// Every cell's sanitized UTF-8, the titles first, then row by row, back to back.
    private var text: UnsafeMutablePointer<UInt8>
    private var textCount = 0
    private var textCapacity: Int
    /// One per cell, the titles' first.
    private var cells: UnsafeMutablePointer<Cell>
    private var cellCount = 0
    private var cellCapacity: Int
    /// The column the next cell goes in.
    private var column = 0

    public init(columns: [Column]) {
        self.columns = columns
        textCapacity = 256
        text = .allocate(capacity: textCapacity)
        cellCapacity = max(16, columns.count * 4)
        cells = .allocate(capacity: cellCapacity)
        // The titles are the first row: the widths then count them like any cell.
        for title in columns { addCell(title.title) }
    }

    deinit {
        text.deallocate()
        cells.deallocate()
    }

    /// Makes room for `rows` more rows of about `bytesPerRow` bytes of text, so a large table
    /// is not copied as it grows.
    public mutating func reserveCapacity(rows: Int, bytesPerRow: Int = 64) {
        reserveText(rows * bytesPerRow)
        reserveCells(rows * columns.count)
    }

    /// Rows added so far (the titles' row not counted).
    public var rowCount: Int { columns.isEmpty ? 0 : cellCount / columns.count - 1 }

    /// Widest cell shown in a padded column, and in the last one (`TableCell`'s caps).
    public static var maxCellColumns: Int { TableCell.maxColumns }
    public static var maxLastCellColumns: Int { TableCell.maxLastColumns }

    /// Adds a row; cells beyond the column count are dropped, missing cells are empty; cells
    /// wider than the caps are cut.
    public mutating func append(_ cells: [String]) {
        for i in 0..<columns.count {
            if i < cells.count { addCell(cells[i]) } else { addCell("") }
        }
    }

    /// Adds the next cell of the row being built, left to right (`append` adds a whole row):
    /// many rows then need no array of cells each.
    public mutating func addCell(_ cell: String) {
        let cap = cap
        let copied = cell.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count <= cap && storePrintable(bytes)
        }
        if copied != true { addSanitized(cell, cap: cap) }
    }

    /// Adds the next cell as a decimal number, written straight into the table's text.
    public mutating func addCell(_ value: Int) {
        addCell { $0.append(value) }
    }

    /// Adds the next cell as what `build` writes (`Units`' formats), straight into the table's
    /// text. Their text is printable ASCII, one column a byte; anything else is sanitized.
    public mutating func addCell(_ build: (inout ASCIIText) -> Void) {
        reserveText(ASCIIText.capacity)
        let start = text + textCount
        let count = ASCIIText.write(build, into: UnsafeMutableBufferPointer(start: start, count: ASCIIText.capacity))
        if TableCell.isPrintable(UnsafeBufferPointer(start: start, count: count)), count <= cap {
            textCount += count
            endCell(width: count)
        } else {
            addSanitized(String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self), cap: cap)
        }
    }

    // MARK: - Storing cells

    /// The widest the next cell may be.
    private var cap: Int { column == columns.count - 1 ? TableCell.maxLastColumns : TableCell.maxColumns }

    /// Copies `bytes` as the next cell if every one is printable ASCII (one column each), which
    /// nearly every cell is; false, with nothing stored, otherwise.
    private mutating func storePrintable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        reserveText(bytes.count)
        guard TableCell.copyPrintable(bytes, to: text + textCount) else { return false }
        textCount += bytes.count
        endCell(width: bytes.count)
        return true
    }

    /// Cuts, sanitizes, measures and stores one cell that is not plain printable ASCII.
    private mutating func addSanitized(_ cell: String, cap: Int) {
        var (safe, width) = TableCell.sanitized(cell, cap: cap, asciiOnly: asciiOnly)
        safe.withUTF8 { bytes in
            reserveText(bytes.count)
            (text + textCount).update(from: bytes.baseAddress!, count: bytes.count)
            textCount += bytes.count
        }
        endCell(width: width)
    }

    /// Ends the cell whose text was just stored.
    private mutating func endCell(width: Int) {
        if cellCount == cellCapacity { reserveCells(1) }
        cells[cellCount] = Cell(end: Int32(truncatingIfNeeded: textCount), width: Int32(truncatingIfNeeded: width))
        cellCount += 1
        column += 1
        if column == columns.count { column = 0 }
    }

    /// Room for `more` bytes of text past what is stored.
    private mutating func reserveText(_ more: Int) {
        if textCapacity - textCount < more { Self.grow(&text, count: textCount, capacity: &textCapacity, toFit: more) }
    }

    private mutating func reserveCells(_ more: Int) {
        if cellCapacity - cellCount < more { Self.grow(&cells, count: cellCount, capacity: &cellCapacity, toFit: more) }
    }

    /// Moves the `count` elements of `block` into one that doubles `capacity` until `more` fit.
    private static func grow<T>(_ block: inout UnsafeMutablePointer<T>, count: Int, capacity: inout Int, toFit more: Int) {
        var room = capacity * 2
        while room - count < more { room *= 2 }
        let grown = UnsafeMutablePointer<T>.allocate(capacity: room)
        grown.moveInitialize(from: block, count: count)
        block.deallocate()
        (block, capacity) = (grown, room)
    }

    // MARK: - Rendering

    /// Each column's width, and the most bytes a line takes beside its own text (every padded
    /// cell takes its column's width in bytes at most plus its bytes beyond its width, for
    /// multi-byte characters; then the separators and newline).
    private func layout() -> (widths: [Int], padding: Int) {
        let n = columns.count
        var widths = [Int](repeating: 0, count: n)
        var i = 0
        while i < cellCount {
            for c in 0..<n where Int(cells[i + c].width) > widths[c] { widths[c] = Int(cells[i + c].width) }
            i += n
        }
        return (widths, widths.reduce(n) { $0 + max(0, $1) })
    }

    /// Each column's width: its widest cell's, the title's included.
    public var columnWidths: [Int] { layout().widths }

    /// Row `row` (0 the titles) as one newline-terminated line at `out`, which has room for
    /// `padding` bytes plus the row's text; returns the bytes written.
    private func writeLine(_ row: Int, widths: [Int], to out: UnsafeMutablePointer<UInt8>) -> Int {
        let n = columns.count
        let first = row * n
        var start = first == 0 ? 0 : Int(cells[first - 1].end)
        var line = TableLine(at: out)
        for i in 0..<n {
            let cell = cells[first + i]
            let end = Int(cell.end)
            let last = i == n - 1 && !columns[i].alignRight
            line.cell(width: Int(cell.width), columnWidth: last ? 0 : widths[i], right: columns[i].alignRight) { at in
                at.initialize(from: text + start, count: end - start)
                return end - start
            }
            start = end
        }
        return line.end()
    }

    /// The bytes of row `row`'s text.
    private func textBytes(ofRow row: Int) -> Int {
        let n = columns.count
        let first = row * n
        return Int(cells[first + n - 1].end) - (first == 0 ? 0 : Int(cells[first - 1].end))
    }

    /// The table, titles first, as newline-terminated lines in one buffer.
    public func renderBytes() -> [UInt8] {
        guard !columns.isEmpty else { return [] }
        let (widths, padding) = layout()
        let lines = cellCount / columns.count
        return [UInt8](unsafeUninitializedCapacity: lines * padding + textCount) { out, written in
            var at = 0
            for row in 0..<lines { at += writeLine(row, widths: widths, to: out.baseAddress! + at) }
            written = at
        }
    }

    /// The table as `renderBytes` has it, handed to `sink` in pieces of about `chunkBytes`
    /// (whole lines) from one block that is reused. What `sink` throws ends the writing.
    public func write(chunkBytes: Int = 256 << 10, to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard !columns.isEmpty else { return }
        let (widths, padding) = layout()
        var pieces = TablePieces(chunkBytes: chunkBytes)
        for row in 0..<cellCount / columns.count {
            let start = pieces.room(for: padding + textBytes(ofRow: row))
            try pieces.wrote(writeLine(row, widths: widths, to: start), sink)
        }
        try pieces.finish(sink)
    }

    /// The table as lines of text, titles first (what `renderBytes` writes, split at newlines).
    public func render() -> [String] {
        renderBytes().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }
}
