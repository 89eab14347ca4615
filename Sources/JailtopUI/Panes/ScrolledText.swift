import JailtopModel

/// A dialog of more lines than fit: the help and the message history. Shows the lines from
/// `scroll` (clamped) with a last line saying where the view is and how to move.
struct ScrolledText {
    var title: String
    var lines: [(text: String, style: Style)]
    var scroll: Int
    var unicode: Bool

    /// The widest text line the box can hold in `area` (border and padding taken off).
    static func contentWidth(in area: Rect) -> Int { max(10, area.width - 6) }

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        // The box is at most the area less a margin, its border and the hint line.
        let room = max(1, area.height - 2 - 2 - 1)
        let first = min(max(0, scroll), max(0, lines.count - room))
        var shown = Array(lines[first..<min(lines.count, first + room)])
        let hint = lines.count > room
            ? "lines \(first + 1)-\(first + shown.count) of \(lines.count) · Up/Down PgUp/PgDn scroll · other keys close"
            : "Press any key to close."
        shown.append((hint, Style(.dim)))
        DialogBox(title: title, lines: shown, unicode: unicode).render(into: &buffer, area: area)
    }

    /// Breaks `text` at spaces into lines of at most `width` characters (a longer word is cut).
    static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(8, width)
        var out: [String] = []
        var line = ""
        for piece in text.split(separator: " ") {
            var word = Substring(piece)
            if !line.isEmpty, line.count + 1 + word.count > width {
                out.append(line)
                line = ""
            }
            while line.isEmpty, word.count > width {
                out.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            guard !word.isEmpty else { continue }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty || out.isEmpty { out.append(line) }
        return out
    }
}
