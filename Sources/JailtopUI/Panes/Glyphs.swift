/// Characters for meters, sparklines and markers, in a Unicode and an ASCII set.
public struct Glyphs: Sendable {
    public var meterFill: Character
    public var sparkline: [Character]
    public var ellipsis: String
    public var arrowDown: String
    public var arrowUp: String

    public static let unicode = Glyphs(meterFill: "|", sparkline: Array("▁▂▃▄▅▆▇█"), ellipsis: "…", arrowDown: "▼", arrowUp: "▲")
    public static let ascii = Glyphs(meterFill: "|", sparkline: Array("_.,-=+*#"), ellipsis: "~", arrowDown: "v", arrowUp: "^")

    public static func forUnicode(_ on: Bool) -> Glyphs { on ? .unicode : .ascii }
}

/// Small drawing helpers the panes share.
enum Draw {
    /// `[|||||||      72.6%]`: a meter with its label inside, in the role for its level.
    static func meter(
        _ buffer: inout ScreenBuffer, x: Int, y: Int, width: Int, fraction: Double, label: String, glyphs: Glyphs
    ) {
        guard width >= 3 else { return }
        let inner = width - 2
        buffer.put("[", x: x, y: y, style: Style(.header, bold: true))
        buffer.put("]", x: x + width - 1, y: y, style: Style(.header, bold: true))
        let f = fraction.isFinite ? max(0, min(1, fraction)) : 1
        let filled = Int((Double(inner) * f).rounded())
        let role = levelRole(f)
        let shownLabel = String(label.suffix(inner))
        let labelStart = inner - shownLabel.count
        for i in 0..<inner {
            let labelIndex = i - labelStart
            let ch: String
            let style: Style
            if labelIndex >= 0 {
                ch = String(shownLabel[shownLabel.index(shownLabel.startIndex, offsetBy: labelIndex)])
                style = Style(.headerValue, bold: true)
            } else if i < filled {
                ch = String(glyphs.meterFill)
                style = Style(role)
            } else {
                ch = " "
                style = Style(.meterBackground)
            }
            buffer.put(ch, x: x + 1 + i, y: y, style: style)
        }
    }

    /// Green under 75 %, yellow to 90 %, red above.
    static func levelRole(_ fraction: Double) -> ColorRole {
        fraction >= 0.9 ? .meterHigh : (fraction >= 0.75 ? .meterMedium : .meterLow)
    }

    /// The last `width` values as a sparkline scaled to `maximum`.
    static func sparkline(_ values: [Double], width: Int, maximum: Double, glyphs: Glyphs) -> String {
        guard width > 0 else { return "" }
        let tail = values.suffix(width)
        let levels = glyphs.sparkline
        var out = String(repeating: " ", count: width - tail.count)
        for v in tail {
            let f = maximum > 0 ? max(0, min(1, v / maximum)) : 0
            out.append(v <= 0 ? " " : levels[min(levels.count - 1, Int(f * Double(levels.count - 1) + 0.5))])
        }
        return out
    }
}
