import JailtopModel

/// A bordered box centred over the dashboard with a title and lines, used by help, menus,
/// confirmations and results. Lines carry their own style; long ones are cut, never wrapped
/// into the border.
struct DialogBox {
    var title: String
    var lines: [(text: String, style: Style)]
    var unicode: Bool
    var minWidth = 30

    /// Draws the box and returns the rect of its content (inside the border and padding).
    @discardableResult
    func render(into buffer: inout ScreenBuffer, area: Rect) -> Rect {
        let longest = max(title.count + 4, lines.map { DisplayWidth.of(SanitizedTextForWidth.clean($0.text)) }.max() ?? 0)
        let width = min(area.width - 2, max(minWidth, longest + 4))
        let height = min(area.height - 2, lines.count + 2)
        guard width > 4, height > 2 else { return Rect(x: 0, y: 0, width: 0, height: 0) }
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        let frame = Style(.dialog)
        buffer.fill(box, style: frame)
        let (h, v) = unicode ? ("─", "│") : ("-", "|")
        let (tl, tr, bl, br) = unicode ? ("┌", "┐", "└", "┘") : ("+", "+", "+", "+")
        for x in box.x..<box.maxX {
            buffer.put(h, x: x, y: box.y, style: frame)
            buffer.put(h, x: x, y: box.maxY - 1, style: frame)
        }
        for y in box.y..<box.maxY {
            buffer.put(v, x: box.x, y: y, style: frame)
            buffer.put(v, x: box.maxX - 1, y: y, style: frame)
        }
        buffer.put(tl, x: box.x, y: box.y, style: frame)
        buffer.put(tr, x: box.maxX - 1, y: box.y, style: frame)
        buffer.put(bl, x: box.x, y: box.maxY - 1, style: frame)
        buffer.put(br, x: box.maxX - 1, y: box.maxY - 1, style: frame)
        if !title.isEmpty { buffer.put(" \(title) ", x: box.x + 2, y: box.y, style: Style(.dialog, bold: true), maxWidth: width - 4) }
        let content = Rect(x: box.x + 2, y: box.y + 1, width: width - 4, height: height - 2)
        for (i, line) in lines.prefix(content.height).enumerated() {
            buffer.put(line.text, x: content.x, y: content.y + i, style: line.style, maxWidth: content.width)
        }
        return content
    }
}

/// Width is measured on the sanitized text, as the buffer will draw it.
enum SanitizedTextForWidth {
    static func clean(_ s: String) -> String { SanitizedText.clean(s) }
}
