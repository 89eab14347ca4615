/// The screen and keyboard, as the app sees them. The curses backend implements it; tests use
/// a recording double. Everything is called from one thread (the UI loop's).
public protocol Terminal: AnyObject {
    /// Current size in cells.
    var size: Size { get }
    /// What the terminal can show.
    var capabilities: TerminalCapabilities { get }
    /// Shows the buffer, sending only what changed since the last call.
    func present(_ buffer: ScreenBuffer)
    /// Waits up to `timeout` for a key or a resize; nil when nothing happened.
    func nextEvent(timeout: Duration) -> TerminalEvent?
    /// Gives the real terminal to `body` (a shell in a jail), then takes it back and redraws.
    func suspend<T>(_ body: () throws -> T) rethrows -> T
    /// Draws from now on with this theme (the setup screen), repainting the whole screen.
    func use(_ theme: ThemeChoice)
}

extension Terminal {
    public func use(_ theme: ThemeChoice) {}
}

/// The colour themes one can choose (setup screen, `theme =` in jailtoprc); the terminal
/// layer says what each looks like.
public enum ThemeChoice: String, Sendable, CaseIterable, Equatable {
    /// htop's colours, in the 16 ANSI colours.
    case standard = "default"
    /// Attributes only: bold, reverse, underline.
    case monochrome = "mono"
    /// Softer colours for 256-colour terminals (the default one on others).
    case palette256 = "256"

    public var title: String {
        switch self {
        case .standard: "default (htop's colours)"
        case .monochrome: "mono (bold, reverse, underline only)"
        case .palette256: "256 colours (default on smaller terminals)"
        }
    }
}

/// Colour and character support of the terminal, decided once at start.
public struct TerminalCapabilities: Sendable, Equatable {
    /// 0 (monochrome or --no-color), 8, 16 or 256.
    public var colors: Int
    /// The locale is UTF-8: box drawing, meters and sparklines may use Unicode.
    public var unicode: Bool

    public init(colors: Int, unicode: Bool) {
        self.colors = colors
        self.unicode = unicode
    }
}

/// Input from the terminal.
public enum TerminalEvent: Sendable, Equatable {
    case key(Key)
    case resize(Size)
    case mouse(MouseEvent)
}

/// A mouse press or a turn of the wheel, at a cell of the screen.
public struct MouseEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case press, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// A key press, decoded.
public enum Key: Sendable, Equatable, Hashable {
    case character(Character)
    /// Ctrl plus a letter, lower case: `.control("c")`.
    case control(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete, insert
    /// F1 … F12.
    case function(Int)

    /// How the help and the message line name it: `x`, `Ctrl-C`, `F4`, `PgUp`, `Space`.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c):
            c.unicodeScalars.allSatisfy { $0.properties.generalCategory != .control && $0.properties.generalCategory != .format }
                ? String(c) : c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
        case .control(let c): "Ctrl-" + String(c).uppercased()
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .insert: "Insert"
        case .function(let n): "F\(n)"
        }
    }
}
