import JailtopModel

/// A plain-text table for batch output (`snapshot`, `ps`): columns sized to their widest cell
/// in terminal columns, numbers right-aligned, untrusted text sanitized, no trailing spaces.
///
/// Cells are sanitized and measured once, as they are added, into one byte buffer; the table
/// is then written as bytes into one output buffer (`renderBytes`), so 50 000 rows cost no
/// String per line and no per-field concatenation.
public struct TextTable: Sendable {
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

    public var columns: [Column]
    /// Replace unsafe characters with "?" and non-ASCII too (for an ASCII locale).
    public var asciiOnly = false
    /// Every cell's sanitized UTF-8, row by row, back to back.
    private var text: [UInt8] = []
    /// Where each cell ends in `text`, and its width in terminal columns (columns.count per row);
    /// 32 bits halve their memory, and a table's text stays far below 2 GiB.
    private var cellEnds: [Int32] = []
    private var cellWidths: [Int32] = []

    public init(columns: [Column]) {
        self.columns = columns
    }

    /// Makes room for `rows` more rows of about `bytesPerRow` bytes of text, so a large table
    /// is not copied as it grows.
    public mutating func reserveCapacity(rows: Int, bytesPerRow: Int = 64) {
        text.reserveCapacity(text.count + rows * bytesPerRow)
        cellEnds.reserveCapacity(cellEnds.count + rows * columns.count)
        cellWidths.reserveCapacity(cellWidths.count + rows * columns.count)
    }

    /// Rows added so far.
    public var rowCount: Int { columns.isEmpty ? 0 : cellEnds.count / columns.count }

    /// Widest cell shown in a padded column (a jail name is at most 255 bytes in the kernel; a
    /// longer one from a file is cut with "…"), and in the last one (a command line).
    public static let maxCellColumns = 256
    public static let maxLastCellColumns = 65_536

    /// Adds a row; cells beyond the column count are dropped, missing cells are empty; cells
    /// wider than the caps are cut.
    public mutating func append(_ cells: [String]) {
        let last = columns.count - 1
        for i in 0..<columns.count {
            guard i < cells.count else {
                cellEnds.append(Int32(truncatingIfNeeded: text.count))
                cellWidths.append(0)
                continue
            }
            add(cells[i], cap: i == last ? Self.maxLastCellColumns : Self.maxCellColumns)
        }
    }

    /// Adds the next cell of the row being built, left to right (`append` adds a whole row):
    /// 50 000 rows then need no array of cells each.
    public mutating func addCell(_ cell: String) {
        add(cell, cap: cellEnds.count % columns.count == columns.count - 1 ? Self.maxLastCellColumns : Self.maxCellColumns)
    }

    /// Adds the next cell as a decimal number, written straight into the table's text.
    public mutating func addCell(_ value: Int) {
        // Digits from the right into a stack buffer, then one append.
        let width = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = value.magnitude
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            if value < 0 {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            text.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
            return 20 - start
        }
        cellEnds.append(Int32(truncatingIfNeeded: text.count))
        cellWidths.append(Int32(truncatingIfNeeded: width))
    }

    /// Adds the next cell as what `build` writes (`Units`' formats), straight into the table's
    /// text. Their text is printable ASCII, one column a byte; anything else is sanitized.
    public mutating func addCell(_ build: (inout ASCIIText) -> Void) {
        let cap = cellEnds.count % columns.count == columns.count - 1 ? Self.maxLastCellColumns : Self.maxCellColumns
        let copied = ASCIIText.withBytes(build) { bytes -> Bool in
            guard bytes.allSatisfy({ $0 &- 0x20 < 0x5F }) else { return false }
            text.append(contentsOf: bytes)
            cellEnds.append(Int32(truncatingIfNeeded: text.count))
            cellWidths.append(Int32(truncatingIfNeeded: bytes.count))
            return true
        }
        if !copied { add(ASCIIText.make(build), cap: cap) }
    }

    /// Sanitizes, measures and stores one cell.
    private mutating func add(_ cell: String, cap: Int) {
        // Nearly every cell is short printable ASCII: copied as it is, its width its length.
        var cell = cell
        let copied = cell.withUTF8 { bytes -> Bool in
            guard bytes.count <= cap, bytes.allSatisfy({ $0 &- 0x20 < 0x5F }) else { return false }
            text.append(contentsOf: bytes)
            return true
        }
        if copied {
            cellEnds.append(Int32(truncatingIfNeeded: text.count))
            cellWidths.append(Int32(truncatingIfNeeded: cell.utf8.count))
            return
        }
        // A cell of at most `cap` bytes has at most `cap` characters: no walk needed.
        var cut = cell
        if cell.utf8.count > cap {
            let head = cell.prefix(cap)
            if head.endIndex < cell.endIndex { cut = String(head.dropLast()) + "…" }
        }
        let safe = asciiOnly ? SanitizedText.ascii(cut) : SanitizedText.clean(cut)
        text.append(contentsOf: safe.utf8)
        cellEnds.append(Int32(truncatingIfNeeded: text.count))
        cellWidths.append(Int32(truncatingIfNeeded: DisplayWidth.of(safe)))
    }

    /// The table, header first, as newline-terminated lines in one buffer. Each cell is copied
    /// and padded with spaces to its column's width; trailing spaces are dropped.
    public func renderBytes() -> [UInt8] {
        let n = columns.count
        guard n > 0 else { return [] }
        var header = TextTable(columns: columns)
        header.append(columns.map(\.title))
        var widths = header.cellWidths.map(Int.init)
        for (i, w) in cellWidths.enumerated() where Int(w) > widths[i % n] { widths[i % n] = Int(w) }
        let aligned = columns.map(\.alignRight)
        let lastPadded = aligned[n - 1]
        // Every padded cell takes its column's width in bytes at most plus its own bytes beyond
        // its width (multi-byte characters): so a line needs at most the widths, the separators,
        // the newline and its text's bytes.
        let paddedWidths = widths.reduce(n, +)
        let capacity = (rowCount + 1) * paddedWidths + header.text.count + text.count
        return [UInt8](unsafeUninitializedCapacity: capacity) { out, written in
            var at = 0
            func line(_ table: TextTable, row: Int) {
                let lineStart = at
                let first = row * n
                var start = first == 0 ? 0 : Int(table.cellEnds[first - 1])
                // The bound above, per line: a wrong estimate stops here instead of writing past.
                precondition(at + paddedWidths + Int(table.cellEnds[first + n - 1]) - start <= out.count, "table line exceeds its bound")
                table.text.withUnsafeBufferPointer { text in
                    for i in 0..<n {
                        let end = Int(table.cellEnds[first + i])
                        if i > 0 {
                            out[at] = 0x20
                            at += 1
                        }
                        let pad = i == n - 1 && !lastPadded ? 0 : max(0, widths[i] - Int(table.cellWidths[first + i]))
                        if aligned[i], pad > 0 {
                            out.baseAddress!.advanced(by: at).initialize(repeating: 0x20, count: pad)
                            at += pad
                        }
                        let count = end - start
                        if count > 0 {
                            out.baseAddress!.advanced(by: at).initialize(from: text.baseAddress!.advanced(by: start), count: count)
                            at += count
                        }
                        if !aligned[i], pad > 0 {
                            out.baseAddress!.advanced(by: at).initialize(repeating: 0x20, count: pad)
                            at += pad
                        }
                        start = end
                    }
                }
                while at > lineStart, out[at - 1] == 0x20 { at -= 1 }
                out[at] = 0x0A
                at += 1
            }
            line(header, row: 0)
            for row in 0..<rowCount { line(self, row: row) }
            written = at
        }
    }

    /// The table as lines of text, header first (what `renderBytes` writes, split at newlines).
    public func render() -> [String] {
        renderBytes().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }
}
