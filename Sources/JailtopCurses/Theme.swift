import JailtopUI

/// A colour by its number: one of the 16 ANSI colours, one of xterm's 256 (16-255: the 6x6x6
/// cube and the greys), or the terminal's own colour (`-1` after `use_default_colors`).
public struct ThemeColor: Sendable, Hashable {
    public let rawValue: Int16

    public init(_ number: Int16) { rawValue = number }

    public static let terminalDefault = ThemeColor(-1)
    public static let black = ThemeColor(0), red = ThemeColor(1), green = ThemeColor(2), yellow = ThemeColor(3)
    public static let blue = ThemeColor(4), magenta = ThemeColor(5), cyan = ThemeColor(6), white = ThemeColor(7)
    public static let brightBlack = ThemeColor(8), brightRed = ThemeColor(9), brightGreen = ThemeColor(10)
    public static let brightYellow = ThemeColor(11), brightBlue = ThemeColor(12), brightMagenta = ThemeColor(13)
    public static let brightCyan = ThemeColor(14), brightWhite = ThemeColor(15)

    /// One of xterm's 256: a point of the 6x6x6 colour cube, each of r, g, b from 0 to 5.
    public static func cube(_ r: Int16, _ g: Int16, _ b: Int16) -> ThemeColor { ThemeColor(16 + 36 * r + 6 * g + b) }
    /// One of the 24 greys of xterm's 256, 0 (darkest) to 23.
    public static func grey(_ level: Int16) -> ThemeColor { ThemeColor(232 + level) }
}

/// Text attributes a theme can ask for, independent of curses' `attr_t`.
public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let reverse = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let dim = TextAttributes(rawValue: 1 << 3)
}

/// What each `ColorRole` looks like: foreground, background and attributes on colour
/// terminals, attributes alone on monochrome ones (or with `--no-color` / `NO_COLOR`), so the UI
/// stays readable either way. Modelled on htop's default scheme (`CRT.c`, `colorSchemes`).
public struct Theme: Sendable, Equatable {
    /// How a role is drawn on a colour terminal.
    public struct Entry: Sendable, Equatable, Hashable {
        public var foreground: ThemeColor
        public var background: ThemeColor
        public var attributes: TextAttributes

        public init(_ foreground: ThemeColor, _ background: ThemeColor = .terminalDefault, _ attributes: TextAttributes = []) {
            self.foreground = foreground
            self.background = background
            self.attributes = attributes
        }
    }

    public var colored: [ColorRole: Entry]
    public var monochrome: [ColorRole: TextAttributes]
    /// The fewest colours the terminal must have for `colored`; with fewer, `standard` is used.
    public var needsColors: Int
    /// Attributes only, whatever the terminal can (the `mono` theme).
    public var monochromeOnly: Bool

    public init(colored: [ColorRole: Entry], monochrome: [ColorRole: TextAttributes], needsColors: Int = 8, monochromeOnly: Bool = false) {
        self.colored = colored
        self.monochrome = monochrome
        self.needsColors = needsColors
        self.monochromeOnly = monochromeOnly
    }

    /// The theme a setting names.
    public static func named(_ choice: ThemeChoice) -> Theme {
        switch choice {
        case .standard: standard
        case .monochrome: mono
        case .palette256: palette256
        }
    }

    /// Attributes only (bold, reverse, underline), as on a terminal without colours.
    public static let mono = Theme(colored: [:], monochrome: standard.monochrome, monochromeOnly: true)

    /// For 256-colour terminals: softer blues and greys than the 16 ANSI colours allow, the
    /// same meaning per role as `standard` (which a terminal of fewer colours gets instead).
    public static let palette256 = Theme(
        colored: Dictionary(uniqueKeysWithValues: ColorRole.allCases.map { ($0, entry256($0)) }),
        monochrome: standard.monochrome, needsColors: 256)

    static func entry256(_ role: ColorRole) -> Entry {
        switch role {
        case .dim, .meterBackground: Entry(.grey(9))
        case .header: Entry(.cube(2, 4, 5))
        case .headerValue: Entry(.cube(3, 5, 5), .terminalDefault, .bold)
        case .title, .tabActive: Entry(.grey(2), .cube(2, 4, 2))
        case .selection, .dialogButtonFocused, .functionLabel: Entry(.grey(1), .cube(2, 4, 5))
        case .selectionDim: Entry(.grey(2), .grey(16))
        case .tabInactive: Entry(.grey(20), .cube(0, 1, 3))
        case .meterLow, .jailRunning: Entry(.cube(2, 5, 2))
        case .meterMedium: Entry(.cube(5, 4, 1))
        case .meterHigh, .jailStopped: Entry(.cube(5, 2, 2))
        case .jailDying, .error: Entry(.cube(5, 1, 1), .terminalDefault, .bold)
        case .warning, .tagged: Entry(.cube(5, 5, 1), .terminalDefault, .bold)
        case .dialog: Entry(.grey(22), .cube(0, 1, 2))
        case .input: Entry(.grey(23), .cube(0, 1, 3), .bold)
        case .sparkline: Entry(.cube(1, 4, 5))
        default: standardEntry(role)
        }
    }

    public func entry(for role: ColorRole) -> Entry {
        colored[role] ?? Entry(.terminalDefault)
    }

    public func monochromeAttributes(for role: ColorRole) -> TextAttributes {
        monochrome[role] ?? []
    }

    /// htop-like defaults for 8/16-colour terminals (256-colour terminals use the same 16).
    public static let standard = Theme(
        colored: Dictionary(uniqueKeysWithValues: ColorRole.allCases.map { ($0, standardEntry($0)) }),
        monochrome: Dictionary(uniqueKeysWithValues: ColorRole.allCases.map { ($0, standardMonochrome($0)) }))

    // Bright colours on 8-colour terminals become the base colour plus bold, as htop does.
    // Bold is never combined with a black foreground: many terminals then draw it grey.
    static func standardEntry(_ role: ColorRole) -> Entry {
        switch role {
        case .normal: Entry(.terminalDefault)
        case .dim: Entry(.brightBlack)                       // htop PROCESS_SHADOW
        case .header: Entry(.cyan)                           // htop METER_TEXT
        case .headerValue: Entry(.cyan, .terminalDefault, .bold) // htop METER_VALUE
        case .title: Entry(.black, .green)                   // htop PANEL_HEADER_FOCUS
        case .selection: Entry(.black, .cyan)                // htop PANEL_SELECTION_FOCUS
        case .selectionDim: Entry(.black, .white)            // htop PANEL_SELECTION_UNFOCUS
        case .tabActive: Entry(.black, .green)               // htop SCREENS_CUR_TEXT
        case .tabInactive: Entry(.white, .blue)
        case .functionKey: Entry(.terminalDefault)           // htop FUNCTION_KEY
        case .functionLabel: Entry(.black, .cyan)            // htop FUNCTION_BAR
        case .meterLow: Entry(.green)
        case .meterMedium: Entry(.yellow)
        case .meterHigh: Entry(.red)
        case .meterBackground: Entry(.brightBlack)           // htop METER_SHADOW
        case .jailRunning: Entry(.green)
        case .jailStopped: Entry(.red)
        case .jailDying: Entry(.red, .terminalDefault, .bold)
        case .warning: Entry(.yellow, .terminalDefault, .bold)
        case .error: Entry(.red, .terminalDefault, .bold)
        case .tagged: Entry(.yellow, .terminalDefault, .bold) // htop PROCESS_TAG
        case .dialog: Entry(.white, .blue)
        case .dialogButton: Entry(.black, .white)
        case .dialogButtonFocused: Entry(.black, .cyan)
        case .input: Entry(.white, .blue, .bold)             // htop PANEL_EDIT
        case .sparkline: Entry(.cyan)                        // htop GRAPH_2
        }
    }

    static func standardMonochrome(_ role: ColorRole) -> TextAttributes {
        switch role {
        case .normal, .header, .functionKey, .meterLow, .jailRunning, .dialog, .dialogButton, .sparkline, .tabInactive:
            []
        case .dim, .meterBackground, .jailStopped: .dim
        case .headerValue, .selectionDim, .meterMedium, .jailDying, .warning: .bold
        case .title: [.bold, .underline]
        case .selection, .tabActive, .functionLabel, .dialogButtonFocused, .meterHigh: .reverse
        case .error: [.bold, .reverse]
        case .tagged: [.bold, .underline]
        case .input: .underline
        }
    }
}
