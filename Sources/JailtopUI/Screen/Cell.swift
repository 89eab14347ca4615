/// One terminal cell: a printable character (already sanitized) and its style. A character
/// two columns wide sits in its first cell (`width == 2`); the cell after it is a
/// continuation (`width == 0`) that the backend skips, as ratatui's buffer does.
public struct Cell: Sendable, Equatable, Hashable {
    /// The grapheme drawn here; a single space for blank cells, "" for continuations.
    public var text: String
    /// Columns the text takes: 1, 2, or 0 for a continuation cell.
    public var width: UInt8
    public var style: Style

    public init(_ text: String = " ", width: UInt8 = 1, style: Style = .normal) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
    public var isContinuation: Bool { width == 0 }
}
