import CNcursesw
import JailtopUI

// MARK: - Resolved styles

/// A `Style` as curses draws it: final attributes and a colour pair (0 = terminal default).
package struct ResolvedStyle: Sendable, Equatable, Hashable {
    package var attributes: TextAttributes
    package var pair: Int16

    package init(attributes: TextAttributes, pair: Int16) {
        self.attributes = attributes
        self.pair = pair
    }
}

extension TextAttributes {
    init(_ style: Style) {
        var a: TextAttributes = []
        if style.bold { a.insert(.bold) }
        if style.reverse { a.insert(.reverse) }
        if style.underline { a.insert(.underline) }
        self = a
    }

    /// The curses attribute bits (chtype/attr_t differ in width per platform: pitfall 5).
    var cursesValue: attr_t {
        var v = jt_a_normal()
        if contains(.bold) { v |= jt_a_bold() }
        if contains(.reverse) { v |= jt_a_reverse() }
        if contains(.underline) { v |= jt_a_underline() }
        if contains(.dim) { v |= jt_a_dim() }
        return v
    }

    init(cursesValue v: attr_t) {
        var a: TextAttributes = []
        if v & jt_a_bold() != 0 { a.insert(.bold) }
        if v & jt_a_reverse() != 0 { a.insert(.reverse) }
        if v & jt_a_underline() != 0 { a.insert(.underline) }
        if v & jt_a_dim() != 0 { a.insert(.dim) }
        self = a
    }
}

// MARK: - Colour pairs

/// Hands out colour pair numbers per (foreground, background) actually used, up to the
/// terminal's `COLOR_PAIRS` (pitfall 19). Pair 0 is the terminal default and never allocated.
package struct ColorPairAllocator: Sendable {
    package struct Colors: Hashable, Sendable {
        var foreground: Int16
        var background: Int16
    }

    /// Highest pair number that may be allocated (0 when the terminal has no pairs).
    package let capacity: Int
    private var numbers: [Colors: Int16] = [:]

    /// - Parameter colorPairs: curses' `COLOR_PAIRS`; capped at `Int16.max` because
    ///   `setcchar` takes the pair as a `short`.
    package init(colorPairs: Int) {
        capacity = max(0, min(colorPairs - 1, Int(Int16.max)))
    }

    package var allocated: Int { numbers.count }

    /// The pair for these colours; `isNew` means the caller must `init_pair` it. nil when full.
    package mutating func pair(foreground: Int16, background: Int16) -> (number: Int16, isNew: Bool)? {
        let key = Colors(foreground: foreground, background: background)
        if let existing = numbers[key] { return (existing, false) }
        guard numbers.count < capacity else { return nil }
        let number = Int16(numbers.count + 1)
        numbers[key] = number
        return (number, true)
    }
}

/// Turns semantic styles into attributes and colour pairs for one terminal: 8-colour terminals
/// get bright colours as base + bold, terminals without default colours get white on black
/// for "default", monochrome gets the theme's attribute-only mapping, and running out of pairs
/// falls back to that mapping too. Results are cached per `Style`.
package struct ColorPalette: Sendable {
    package let theme: Theme
    /// 0 (monochrome), 8, 16 or 256.
    package let colorCount: Int
    /// `use_default_colors()` succeeded, so -1 means the terminal's own colour.
    package let defaultColors: Bool
    /// What the terminal has, whatever the theme: another theme is made from them.
    package let terminalColorCount: Int
    package let colorPairs: Int
    package private(set) var allocator: ColorPairAllocator
    private var cache: [Style: ResolvedStyle] = [:]

    package init(theme: Theme, colorCount: Int, colorPairs: Int, defaultColors: Bool) {
        // A 256-colour theme on a terminal of fewer colours: the standard one; mono: none.
        self.theme = colorCount < theme.needsColors ? .standard : theme
        terminalColorCount = colorCount
        self.colorPairs = colorPairs
        let colorCount = theme.monochromeOnly ? 0 : colorCount
        self.colorCount = colorCount
        self.defaultColors = defaultColors
        allocator = ColorPairAllocator(colorPairs: colorCount == 0 ? 0 : colorPairs)
    }

    /// - Parameter initPair: defines a new pair (number, fg, bg); false if curses refused.
    package mutating func resolve(_ style: Style, initPair: (Int16, Int16, Int16) -> Bool) -> ResolvedStyle {
        if let hit = cache[style] { return hit }
        var attributes = TextAttributes(style)
        var pair: Int16 = 0
        if colorCount == 0 {
            attributes.formUnion(theme.monochromeAttributes(for: style.role))
        } else {
            let entry = theme.entry(for: style.role)
            attributes.formUnion(entry.attributes)
            var fg = entry.foreground.rawValue
            var bg = entry.background.rawValue
            if colorCount < 16 {
                if fg >= 8 { fg -= 8; attributes.insert(.bold) }
                if bg >= 8 { bg -= 8 }
            }
            if !defaultColors {
                if fg < 0 { fg = ThemeColor.white.rawValue }
                if bg < 0 { bg = ThemeColor.black.rawValue }
            }
            let isDefaultPair = defaultColors
                ? (fg < 0 && bg < 0)
                : (fg == ThemeColor.white.rawValue && bg == ThemeColor.black.rawValue)
            if !isDefaultPair {
                if let slot = allocator.pair(foreground: fg, background: bg), !slot.isNew || initPair(slot.number, fg, bg) {
                    pair = slot.number
                } else {
                    attributes.formUnion(theme.monochromeAttributes(for: style.role))
                }
            }
        }
        let resolved = ResolvedStyle(attributes: attributes, pair: pair)
        cache[style] = resolved
        return resolved
    }
}

// MARK: - Terminal side

extension CursesTerminal {
    /// Style → attributes and pair, defining the pair in curses the first time it is used.
    func resolve(_ style: Style) -> ResolvedStyle {
        palette.resolve(style) { number, fg, bg in
            init_pair(number, fg, bg) == JT_OK
        }
    }

    /// The colours curses has for a pair, for tests: (foreground, background).
    package func pairColors(_ pair: Int16) -> (foreground: Int16, background: Int16) {
        select()
        var fg: Int16 = 0
        var bg: Int16 = 0
        _ = pair_content(pair, &fg, &bg)
        return (fg, bg)
    }

    /// How many colour pairs this terminal has allocated so far.
    package var allocatedColorPairs: Int { palette.allocator.allocated }

    /// The highest pair number this terminal may allocate.
    package var colorPairCapacity: Int { palette.allocator.capacity }
}
