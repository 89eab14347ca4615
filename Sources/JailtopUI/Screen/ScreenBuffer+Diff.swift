extension ScreenBuffer {
    /// Whether row `y` holds the same cells here and in `other` (false when either lacks it).
    public func row(_ y: Int, equalsRowOf other: ScreenBuffer) -> Bool {
        guard size.width == other.size.width, y >= 0, y < size.height, y < other.size.height else { return false }
        let start = y * size.width
        for i in start..<(start + size.width) where cells[i] != other.cells[i] { return false }
        return true
    }

    /// The rows that differ from `previous`, top to bottom: every row when there is no previous
    /// buffer or it has another size or character set, so a backend that keeps what it drew
    /// last redraws only these (a new sample changes the table, a second only the clock).
    public func changedRows(since previous: ScreenBuffer?) -> [Int] {
        guard let previous, previous.size == size, previous.asciiOnly == asciiOnly else { return Array(0..<size.height) }
        return (0..<size.height).filter { !row($0, equalsRowOf: previous) }
    }
}
