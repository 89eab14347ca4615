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
    /// Where each cell ends in `text`, and its width in terminal columns (columns.count per row).
    private var cellEnds: [Int] = []
    private var cellWidths: [Int] = []

    public init(columns: [Column]) {
        self.columns = columns
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
                cellEnds.append(text.count)
                cellWidths.append(0)
                continue
            }
            add(cells[i], cap: i == last ? Self.maxLastCellColumns : Self.maxCellColumns)
        }
    }

    /// Sanitizes, measures and stores one cell.
    private mutating func add(_ cell: String, cap: Int) {
        // Nearly every cell is short printable ASCII: copied as it is, its width its length.
        let plain = cell.utf8.count <= cap && cell.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        } == true
        if plain {
            text.append(contentsOf: cell.utf8)
            cellEnds.append(text.count)
            cellWidths.append(cell.utf8.count)
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
        cellEnds.append(text.count)
        cellWidths.append(DisplayWidth.of(safe))
    }

    /// The table, header first, as newline-terminated lines in one buffer. Each cell is copied
    /// and padded with spaces to its column's width; trailing spaces are dropped.
    public func renderBytes() -> [UInt8] {
        let n = columns.count
        guard n > 0 else { return [] }
        var header = TextTable(columns: columns)
        header.append(columns.map(\.title))
        var widths = header.cellWidths
        for (i, w) in cellWidths.enumerated() where w > widths[i % n] { widths[i % n] = w }
        let lastPadded = columns[n - 1].alignRight
        let space = UInt8(ascii: " ")
        var out: [UInt8] = []
        out.reserveCapacity(header.text.count + text.count + rowCount * (widths.reduce(n, +) / 2 + 1))
        func line(_ table: TextTable, row: Int) {
            let lineStart = out.count
            let first = row * n
            var start = first == 0 ? 0 : table.cellEnds[first - 1]
            for i in 0..<n {
                let end = table.cellEnds[first + i]
                if i > 0 { out.append(space) }
                let pad = i == n - 1 && !lastPadded ? 0 : widths[i] - table.cellWidths[first + i]
                if columns[i].alignRight { out.append(contentsOf: repeatElement(space, count: pad)) }
                out.append(contentsOf: table.text[start..<end])
                if !columns[i].alignRight { out.append(contentsOf: repeatElement(space, count: pad)) }
                start = end
            }
            while out.count > lineStart, out[out.count - 1] == space { out.removeLast() }
            out.append(UInt8(ascii: "\n"))
        }
        line(header, row: 0)
        for row in 0..<rowCount { line(self, row: row) }
        return out
    }

    /// The table as lines of text, header first (what `renderBytes` writes, split at newlines).
    public func render() -> [String] {
        renderBytes().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }
}
