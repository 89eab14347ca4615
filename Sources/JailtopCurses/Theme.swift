import JailtopUI

/// One of the 16 ANSI colours, or the terminal's own colour (`-1` after `use_default_colors`).
public enum ThemeColor: Int16, Sendable, CaseIterable, Hashable {
    case terminalDefault = -1
    case black = 0, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow, brightBlue, brightMagenta, brightCyan, brightWhite
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

    public init(colored: [ColorRole: Entry], monochrome: [ColorRole: TextAttributes]) {
        self.colored = colored
        self.monochrome = monochrome
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
