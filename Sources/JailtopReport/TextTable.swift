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
            let head = cell.prefix(cap)
            let cut = head.endIndex < cell.endIndex ? String(head.dropLast()) + "…" : cell
            return asciiOnly ? SanitizedText.ascii(cut) : SanitizedText.clean(cut)
        }
        while row.count < columns.count { row.append("") }
        rows.append(row)
    }

    /// The table as lines of text, header first.
    public func render() -> [String] {
        var widths = columns.map { DisplayWidth.of($0.title) }
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        let last = columns.count - 1
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, cell) in cells.enumerated() {
                if i > 0 { out += " " }
                if i == last && !columns[i].alignRight {
                    out += cell
                } else {
                    out += DisplayWidth.fit(cell, columns: widths[i], alignRight: columns[i].alignRight)
                }
            }
            return String(out.reversed().drop(while: { $0 == " " }).reversed())
        }
        return [line(columns.map(\.title))] + rows.map(line)
    }
}
