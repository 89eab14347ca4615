import JailtopModel

/// The whole screen as plain cells: everything above the curses layer draws here, and tests
/// read it back as text. Every string written is sanitized first (control characters, ESC,
/// bidi overrides become U+FFFD, or "?" in ASCII mode), so no escape sequence from a process
/// name can reach the terminal, and widths are counted in terminal columns.
public struct ScreenBuffer: Sendable, Equatable {
    public private(set) var size: Size
    public private(set) var cells: [Cell]
    /// Draw with ASCII only (the locale is not UTF-8): non-ASCII text becomes "?".
    public var asciiOnly: Bool

    public init(size: Size, asciiOnly: Bool = false) {
        self.size = size
        self.asciiOnly = asciiOnly
        cells = Array(repeating: .blank, count: size.width * size.height)
    }

    public init(width: Int, height: Int, asciiOnly: Bool = false) {
        self.init(size: Size(width: width, height: height), asciiOnly: asciiOnly)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x, y) ? cells[y * size.width + x] : .blank }
        set { if contains(x, y) { cells[y * size.width + x] = newValue } }
    }

    func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < size.width && y < size.height }

    /// Fills a rect with blanks of one style.
    public mutating func fill(_ rect: Rect, style: Style = .normal) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * size.width + x] = Cell(" ", width: 1, style: style) }
        }
    }

    /// The characters of `text` that could fill `columns` cells (every character takes at
    /// least one, or joins one), and a few more for combining marks.
    static func displayablePrefix(_ text: String, columns: Int) -> String {
        let most = columns < Int.max / 2 ? columns * 2 + 8 : Int.max
        return text.utf8.count <= most ? text : String(text.prefix(most))
    }

    /// Writes text at (x, y), clipped to `maxWidth` columns and to the screen; a wide character
    /// that would not fit whole is replaced by a space. Returns the columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < size.height, x < size.width else { return 0 }
        let limit = min(maxWidth ?? Int.max, size.width - max(0, x))
        guard limit > 0 else { return 0 }
        // Only what can show is looked at: a 20 MB name costs its first screenful, not 20 MB.
        let visible = Self.displayablePrefix(text, columns: limit)
        let safe = asciiOnly ? SanitizedText.ascii(visible) : SanitizedText.clean(visible)
        var col = x
        var used = 0
        // Plain printable ASCII (nearly every cell of a frame): one column per byte, no
        // grapheme breaking or width lookup.
        if safe.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            for byte in safe.utf8 {
                guard used < limit else { break }
                if col >= 0 {
                    clearWide(at: col, y: y)
                    self[col, y] = Cell(String(Unicode.Scalar(byte)), width: 1, style: style)
                }
                col += 1
                used += 1
            }
            return used
        }
        for character in safe {
            let w = DisplayWidth.of(String(character))
            if w == 0 {
                // A combining mark joins the previous cell's grapheme; a lone one is dropped.
                if col > x, col - 1 >= 0 { appendToPrevious(character, x: col - 1, y: y) }
                continue
            }
            if used + w > limit {
                // Half a wide character never shows: its column is left blank instead.
                if used < limit, col >= 0 {
                    self[col, y] = Cell(" ", width: 1, style: style)
                    used += 1
                }
                break
            }
            if col >= 0 {
                clearWide(at: col, y: y)
                self[col, y] = Cell(String(character), width: UInt8(w), style: style)
                if w == 2 {
                    clearWide(at: col + 1, y: y)
                    self[col + 1, y] = Cell("", width: 0, style: style)
                }
            }
            col += w
            used += w
        }
        return used
    }

    /// Writes text fitted to exactly `width` columns (padded with the style, or cut).
    public mutating func put(_ text: String, x: Int, y: Int, width: Int, style: Style = .normal, alignRight: Bool = false) {
        guard width > 0 else { return }
        let visible = Self.displayablePrefix(text, columns: width)
        let safe = asciiOnly ? SanitizedText.ascii(visible) : SanitizedText.clean(visible)
        let shown = DisplayWidth.of(safe) > width ? DisplayWidth.prefix(safe, columns: width) : safe
        let pad = width - DisplayWidth.of(shown)
        fill(Rect(x: x, y: y, width: width, height: 1), style: style)
        put(shown, x: alignRight ? x + pad : x, y: y, style: style, maxWidth: width)
    }

    /// Sets the style of every cell in a rect, keeping the text (used for selection bars).
    public mutating func restyle(_ rect: Rect, _ style: Style) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * size.width + x].style = style }
        }
    }

    /// Overwriting half of a wide character blanks its other half too.
    private mutating func clearWide(at x: Int, y: Int) {
        guard contains(x, y) else { return }
        let cell = self[x, y]
        if cell.width == 2, contains(x + 1, y) { self[x + 1, y] = Cell(" ", style: cell.style) }
        if cell.width == 0, x > 0 { self[x - 1, y] = Cell(" ", style: self[x - 1, y].style) }
    }

    private mutating func appendToPrevious(_ mark: Character, x: Int, y: Int) {
        var target = x
        if self[target, y].isContinuation { target -= 1 }
        guard contains(target, y) else { return }
        cells[y * size.width + target].text.append(mark)
    }
}

extension ScreenBuffer {
    /// The screen as lines of text (continuation cells skipped), for tests and snapshots.
    public var lines: [String] {
        (0..<size.height).map { y in
            var line = ""
            for x in 0..<size.width where !self[x, y].isContinuation { line += self[x, y].text }
            return line
        }
    }

    /// The screen with trailing spaces trimmed from each line.
    public var trimmedLines: [String] {
        lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }

    /// One letter per cell naming its role, so colour changes show up in text diffs.
    public func styleMap(_ letter: (Style) -> Character) -> [String] {
        (0..<size.height).map { y in String((0..<size.width).map { letter(self[$0, y].style) }) }
    }
}
