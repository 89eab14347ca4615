/// What a piece of the screen means; the theme decides its colour (htop's colour elements).
/// Panes ask for roles, never for colours, so `--no-color` and 8/16/256-colour terminals
/// are the backend's concern.
public enum ColorRole: UInt8, Sendable, CaseIterable, Hashable {
    case normal
    case dim
    case header          // top summary labels
    case headerValue     // top summary values
    case title           // column titles of a table
    case selection       // the selected row
    case selectionDim    // the selected row of an unfocused pane
    case tabActive
    case tabInactive
    case functionKey     // "F1" in the function bar
    case functionLabel   // "Help" in the function bar
    case meterLow
    case meterMedium
    case meterHigh
    case meterBackground
    case jailRunning
    case jailStopped
    case jailDying
    case warning
    case error
    case tagged          // processes tagged with space
    case dialog
    case dialogButton
    case dialogButtonFocused
    case input           // the text being typed in a prompt
    case sparkline
}

/// How a cell is drawn: a semantic role plus text attributes.
public struct Style: Sendable, Equatable, Hashable {
    public var role: ColorRole
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: ColorRole = .normal, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
    }

    public static let normal = Style()
}
