import JailtopModel

/// A plain-text table for batch output (`snapshot`, `ps`): columns sized to their widest cell
/// in terminal columns, numbers right-aligned, untrusted text sanitized, no trailing spaces.
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
    public private(set) var rows: [[String]] = []
    /// Replace unsafe characters with "?" and non-ASCII too (for an ASCII locale).
    public var asciiOnly = false

    public init(columns: [Column]) {
        self.columns = columns
    }

    /// Widest cell shown in a padded column (a jail name is at most 255 bytes in the kernel; a
    /// longer one from a file is cut with "…"), and in the last one (a command line).
    public static let maxCellColumns = 256
    public static let maxLastCellColumns = 65_536

    /// Adds a row; cells beyond the column count are dropped, missing cells are empty; cells
    /// wider than the caps are cut.
    public mutating func append(_ cells: [String]) {
        let last = columns.count - 1
        var row = cells.prefix(columns.count).enumerated().map { i, cell in
            let cap = i == last ? Self.maxLastCellColumns : Self.maxCellColumns
            // A cell of at most `cap` bytes has at most `cap` characters: no walk needed.
            var cut = cell
            if cell.utf8.count > cap {
                let head = cell.prefix(cap)
                if head.endIndex < cell.endIndex { cut = String(head.dropLast()) + "…" }
            }
            return asciiOnly ? SanitizedText.ascii(cut) : SanitizedText.clean(cut)
        }
        while row.count < columns.count { row.append("") }
        rows.append(row)
    }

    /// The table as lines of text, header first. Each line is built as bytes: cells are copied,
    /// padded with spaces to their column's width, and trailing spaces dropped.
    public func render() -> [String] {
        let widthsOfRows = rows.map { $0.map(DisplayWidth.of) }
        var widths = columns.map { DisplayWidth.of($0.title) }
        for row in widthsOfRows {
            for (i, w) in row.enumerated() where w > widths[i] { widths[i] = w }
        }
        let last = columns.count - 1
        let space = UInt8(ascii: " ")
        func line(_ cells: [String], _ cellWidths: [Int]) -> String {
            var out: [UInt8] = []
            out.reserveCapacity(widths.reduce(columns.count, +) + 16)
            for (i, cell) in cells.enumerated() {
                if i > 0 { out.append(space) }
                if i == last && !columns[i].alignRight {
                    out.append(contentsOf: cell.utf8)
                    continue
                }
                let pad = widths[i] - cellWidths[i]
                if columns[i].alignRight { out.append(contentsOf: repeatElement(space, count: pad)) }
                out.append(contentsOf: cell.utf8)
                if !columns[i].alignRight { out.append(contentsOf: repeatElement(space, count: pad)) }
            }
            while out.last == space { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        }
        var lines = [line(columns.map(\.title), columns.map { DisplayWidth.of($0.title) })]
        lines.reserveCapacity(rows.count + 1)
        for (row, rowWidths) in zip(rows, widthsOfRows) { lines.append(line(row, rowWidths)) }
        return lines
    }
}
