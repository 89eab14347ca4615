/// Where the keyboard is, worked out once from the state: which pane has it and which
/// detail tab shows. Key bindings apply in some of these places only.
public struct KeyContext: Sendable, Equatable {
    public var focus: AppState.Focus
    public var tab: AppState.DetailTab

    public init(_ state: AppState) {
        focus = state.focus
        tab = state.tab
    }

    /// The process list has the keyboard: keys act on processes (sort, filter, tag, signal).
    public var inProcessList: Bool { focus == .detail && tab == .processes }
}

/// Where a key binding applies.
public enum KeyScope: Sendable, Equatable {
    case everywhere
    case jailList
    case processList
    /// The Limits tab is showing, whichever pane has the keyboard.
    case limitsTab

    func contains(_ context: KeyContext) -> Bool {
        switch self {
        case .everywhere: true
        case .jailList: context.focus == .jails
        case .processList: context.inProcessList
        case .limitsTab: context.tab == .limits
        }
    }
}
