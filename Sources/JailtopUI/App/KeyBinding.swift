/// One line of the keymap: the keys, where they apply, the command, and how the function
/// bar, the help screen and the actions menu show it.
public struct KeyBinding: Sendable {
    /// The sections of the help screen, in the order it lists them.
    public enum HelpSection: String, Sendable, CaseIterable {
        case move = "Move", panes = "Panes", tabs = "Detail tabs", filter = "Filter", sort = "Sort"
        case processes = "Processes", jails = "Jails", refresh = "Refresh", actions = "Actions"
        case limits = "Limits tab", quit = "Quit"
    }

    public var keys: [Key]
    public var scope: KeyScope
    public var command: Command
    /// The function bar's key and label, for the few bindings it shows.
    public var bar: (key: String, label: String)?
    /// The help screen's section and text (which names the keys, "P CPU").
    public var help: (section: HelpSection, text: String)?
    /// The actions menu's label, for actions on the selected jail.
    public var menu: String?

    public init(
        _ keys: [Key], _ command: Command, in scope: KeyScope = .everywhere, bar: (key: String, label: String)? = nil,
        help: (section: HelpSection, text: String)? = nil, menu: String? = nil
    ) {
        self.keys = keys
        self.scope = scope
        self.command = command
        self.bar = bar
        self.help = help
        self.menu = menu
    }

    /// How the key shows in a menu: `u`, `F9`.
    public static func label(_ key: Key) -> String {
        switch key {
        case .character(" "): "Spc"
        case .character(let c): String(c)
        case .function(let n): "F\(n)"
        default: "\(key)"
        }
    }
}
