import JailtopModel

/// A plain-text table for batch output (`snapshot`, `ps`): columns sized to their widest cell
/// in terminal columns, numbers right-aligned, untrusted text sanitized, no trailing spaces.
///
/// Cells are sanitized and measured once, as they are added, into one block of bytes that the
/// table owns and writes through a count it holds itself (an `Array` append checks uniqueness
/// and capacity and reloads its count after every byte stored: for 500 000 cells that was most
/// of `jailtop ps`'s table). Then the table is written as lines of bytes, whole
/// (`renderBytes`) or in pieces of one reused block (`write(chunkBytes:to:)`), so 50 000 rows
/// cost no String per line and no per-field concatenation. A last column of command lines
/// can instead be kept as the strings given and sanitized as each line is written
/// (`keepingLastColumnAsStrings`). Noncopyable: two copies would share the blocks.
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
    /// Whether the last column's cells are kept as the strings given (`lastCells`, the title's
    /// first) instead of copied into `text`: see `init(columns:keepingLastColumnAsStrings:)`.
    private let keepsLastAsStrings: Bool
    private var lastCells: [String] = []

    /// - Parameter keepingLastColumnAsStrings: keep the last column's text cells as the strings
    ///   given (retained, not copied) and sanitize each as its line is written: a command line,
    ///   most of `jailtop ps`'s bytes, is then copied once, from the process to the output,
    ///   instead of into the table first. Only for a last column that is not right-aligned (it
    ///   is never padded, so its cells' widths are never needed).
    public init(columns: [Column], keepingLastColumnAsStrings: Bool = false) {
        precondition(!keepingLastColumnAsStrings || columns.last?.alignRight == false, "a left-aligned last column")
        self.columns = columns
        keepsLastAsStrings = keepingLastColumnAsStrings
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
        if keepsLastAsStrings { lastCells.reserveCapacity(lastCells.count + rows) }
    }

    /// Rows added so far (the titles' row not counted).
    public var rowCount: Int { columns.isEmpty ? 0 : cellCount / columns.count - 1 }

    /// Widest cell shown in a padded column (a jail name is at most 255 bytes in the kernel; a
    /// longer one from a file is cut with "…"), and in the last one (a command line).
    public static let maxCellColumns = 256
    public static let maxLastCellColumns = 65_536

    /// Adds a row; cells beyond the column count are dropped, missing cells are empty; cells
    /// wider than the caps are cut.
    public mutating func append(_ cells: [String]) {
        for i in 0..<columns.count {
            if i < cells.count { addCell(cells[i]) } else { addCell("") }
        }
    }

    /// Adds the next cell of the row being built, left to right (`append` adds a whole row):
    /// 50 000 rows then need no array of cells each.
    public mutating func addCell(_ cell: String) {
        if keepsLastAsStrings, column == columns.count - 1 {
            lastCells.append(cell)
            return endCell(width: 0)
        }
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
        if keepsLastAsStrings, column == columns.count - 1 { return addCell(ASCIIText.make(build)) }
        reserveText(ASCIIText.capacity)
        let start = text + textCount
        let count = ASCIIText.write(build, into: UnsafeMutableBufferPointer(start: start, count: ASCIIText.capacity))
        var printable = true
        for i in 0..<count { printable = printable && start[i] &- 0x20 < 0x5F }
        if printable, count <= cap {
            textCount += count
            endCell(width: count)
        } else {
            addSanitized(String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self), cap: cap)
        }
    }

    // MARK: - Storing cells

    /// The widest the next cell may be.
    private var cap: Int { column == columns.count - 1 ? Self.maxLastCellColumns : Self.maxCellColumns }

    /// Copies `bytes` as the next cell if every one is printable ASCII (one column each), which
    /// nearly every cell is; false, with nothing stored, otherwise.
    private mutating func storePrintable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        reserveText(bytes.count)
        guard Self.copyPrintable(bytes, to: text + textCount) else { return false }
        textCount += bytes.count
        endCell(width: bytes.count)
        return true
    }

    /// Copies `bytes` to `out` and says whether every one is printable ASCII. Copied and
    /// checked in one pass with no branch per byte (so it vectorizes); when it says false, what
    /// was copied is to be written over.
    @inline(__always)
    private static func copyPrintable(_ bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Bool {
        var unprintable: UInt8 = 0
        for i in 0..<bytes.count {
            let byte = bytes[i]
            out[i] = byte
            unprintable |= byte &- 0x20 < 0x5F ? 0 : 1
        }
        return unprintable == 0
    }

    /// Cuts, sanitizes, measures and stores one cell that is not plain printable ASCII.
    private mutating func addSanitized(_ cell: String, cap: Int) {
        var (safe, width) = sanitized(cell, cap: cap)
        safe.withUTF8 { bytes in
            reserveText(bytes.count)
            (text + textCount).update(from: bytes.baseAddress!, count: bytes.count)
            textCount += bytes.count
        }
        endCell(width: width)
    }

    /// A cell cut to `cap` characters (with "…"), sanitized, and its width in columns.
    private func sanitized(_ cell: String, cap: Int) -> (text: String, width: Int) {
        // A cell of at most `cap` bytes has at most `cap` characters: no walk needed.
        var cut = cell
        if cell.utf8.count > cap {
            let head = cell.prefix(cap)
            if head.endIndex < cell.endIndex { cut = String(head.dropLast()) + "…" }
        }
        let safe = asciiOnly ? SanitizedText.ascii(cut) : SanitizedText.clean(cut)
        return (safe, DisplayWidth.of(safe))
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

    /// What lines are written with: each column's width, and the most bytes a line takes
    /// beside its own text (every padded cell takes its column's width in bytes at most plus
    /// its bytes beyond its width, for multi-byte characters; then the separators and newline).
    private struct Layout {
        var widths: [Int]
        var padding: Int

        init(widths: [Int]) {
            self.widths = widths
            padding = widths.reduce(widths.count) { $0 + max(0, $1) }
        }
    }

    private func layout() -> Layout {
        let n = columns.count
        var widths = [Int](repeating: 0, count: n)
        var i = 0
        while i < cellCount {
            for c in 0..<n where Int(cells[i + c].width) > widths[c] { widths[c] = Int(cells[i + c].width) }
            i += n
        }
        return Layout(widths: widths)
    }

    /// Each column's width: its widest cell's, the title's included.
    public var columnWidths: [Int] { layout().widths }

    /// Row `row` (0 the titles) as one newline-terminated line at `out`, which has room for
    /// `layout.padding` bytes plus the row's text; returns the bytes written. Each cell is
    /// padded with spaces to its column's width; trailing spaces are dropped.
    private func writeLine(_ row: Int, _ layout: Layout, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let n = columns.count
        let first = row * n
        var start = first == 0 ? 0 : Int(cells[first - 1].end)
        var at = 0
        for i in 0..<n {
            let cell = cells[first + i]
            let end = Int(cell.end)
            if i > 0 {
                out[at] = 0x20
                at += 1
            }
            let right = columns[i].alignRight
            let pad = i == n - 1 && !right ? 0 : max(0, layout.widths[i] - Int(cell.width))
            if right, pad > 0 {
                (out + at).initialize(repeating: 0x20, count: pad)
                at += pad
            }
            if keepsLastAsStrings, i == n - 1 {
                at += writeLastCell(row, to: out + at)
            } else {
                (out + at).initialize(from: text + start, count: end - start)
                at += end - start
            }
            if !right, pad > 0 {
                (out + at).initialize(repeating: 0x20, count: pad)
                at += pad
            }
            start = end
        }
        while at > 0, out[at - 1] == 0x20 { at -= 1 }
        out[at] = 0x0A
        return at + 1
    }

    /// Row `row`'s kept last cell, sanitized and cut, at `out`, which has room for
    /// `lastCellBytes(ofRow:)`; returns the bytes written.
    private func writeLastCell(_ row: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let cell = lastCells[row]
        let cap = Self.maxLastCellColumns
        let plain = cell.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count <= cap && Self.copyPrintable(bytes, to: out) ? bytes.count : nil
        }
        if let plain = plain ?? nil { return plain }
        var (safe, _) = sanitized(cell, cap: cap)
        return safe.withUTF8 { bytes in
            out.initialize(from: bytes.baseAddress!, count: bytes.count)
            return bytes.count
        }
    }

    /// The most bytes row `row`'s kept last cell may take once sanitized: each byte of a
    /// character replaced may become three (U+FFFD), and a cut adds "…".
    private func lastCellBytes(ofRow row: Int) -> Int {
        keepsLastAsStrings ? 3 * lastCells[row].utf8.count + 3 : 0
    }

    /// The most bytes of row `row`'s text (its kept last cell's at most, sanitized).
    private func textBytes(ofRow row: Int) -> Int {
        let n = columns.count
        let first = row * n
        return Int(cells[first + n - 1].end) - (first == 0 ? 0 : Int(cells[first - 1].end)) + lastCellBytes(ofRow: row)
    }

    /// The table, titles first, as newline-terminated lines in one buffer.
    public func renderBytes() -> [UInt8] {
        guard !columns.isEmpty else { return [] }
        let layout = layout()
        let lines = cellCount / columns.count
        let kept = keepsLastAsStrings ? (0..<lines).reduce(0) { $0 + lastCellBytes(ofRow: $1) } : 0
        return [UInt8](unsafeUninitializedCapacity: lines * layout.padding + textCount + kept) { out, written in
            var at = 0
            for row in 0..<lines { at += writeLine(row, layout, to: out.baseAddress! + at) }
            written = at
        }
    }

    /// The table as `renderBytes` has it, handed to `sink` in pieces of about `chunkBytes`
    /// (whole lines) from one block that is reused: 50 000 rows take that block, still in cache,
    /// instead of a buffer of the whole table. What `sink` throws ends the writing.
    public func write(chunkBytes: Int = 256 << 10, to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard !columns.isEmpty else { return }
        var pieces = Pieces(chunkBytes: chunkBytes)
        try writeRows(from: 0, layout(), into: &pieces, sink)
        try pieces.finish(sink)
    }

    /// The table as `write(chunkBytes:to:)` has it, with the titles or without, its columns
    /// `widths` wide (one per column, each at least `columnWidths`' for the cells to line up):
    /// a part of a table made in parts at once, written with the widths of the whole.
    public func write(
        titles: Bool, widths: [Int], chunkBytes: Int = 256 << 10, to sink: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        precondition(widths.count == columns.count, "one width per column")
        guard !columns.isEmpty else { return }
        var pieces = Pieces(chunkBytes: chunkBytes)
        try writeRows(from: titles ? 0 : 1, Layout(widths: widths), into: &pieces, sink)
        try pieces.finish(sink)
    }

    /// Rows `first...` (0: the titles) into `pieces`.
    private func writeRows(
        from first: Int, _ layout: Layout, into pieces: inout Pieces, _ sink: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        for row in first..<cellCount / columns.count {
            let start = pieces.room(for: layout.padding + textBytes(ofRow: row))
            try pieces.wrote(writeLine(row, layout, to: start), sink)
        }
    }

    /// The block lines are written into and handed on from, a piece at a time.
    private struct Pieces: ~Copyable {
        let chunkBytes: Int
        private var block: UnsafeMutablePointer<UInt8>
        private var room: Int
        private var filled = 0

        init(chunkBytes: Int) {
            self.chunkBytes = chunkBytes
            room = chunkBytes + 4096
            block = .allocate(capacity: room)
        }

        deinit { block.deallocate() }

        /// Where a line of at most `most` bytes goes. Less than a piece is held here: a long
        /// line (a 64 KiB command) grows the block.
        mutating func room(for most: Int) -> UnsafeMutablePointer<UInt8> {
            if filled + most > room {
                room = filled + most
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: room)
                grown.moveInitialize(from: block, count: filled)
                block.deallocate()
                block = grown
            }
            return block + filled
        }

        /// `count` bytes were written where `room(for:)` said; a full piece goes to `sink`.
        mutating func wrote(_ count: Int, _ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
            filled += count
            if filled >= chunkBytes { try finish(sink) }
        }

        /// Hands on what is held.
        mutating func finish(_ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
            guard filled > 0 else { return }
            defer { filled = 0 }
            try sink(UnsafeRawBufferPointer(start: block, count: filled))
        }
    }

    /// The table as lines of text, titles first (what `renderBytes` writes, split at newlines).
    public func render() -> [String] {
        renderBytes().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }
}
