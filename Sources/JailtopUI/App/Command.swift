/// Everything a key (or a menu entry) can ask the dashboard to do; `Keymap` says which key
/// does what where, `AppReducer.perform` does it.
public enum Command: Sendable, Equatable {
    case quit, help, messageHistory, setup
    case switchPane, openDetail, back
    case moveUp, moveDown, pageUp, pageDown, moveToTop, moveToBottom
    case previousTab, nextTab
    /// The process list's command lines, shifted left or right to read a long one.
    case scrollLeft, scrollRight
    case showTab(AppState.DetailTab)
    case filter, search
    case nextSort, previousSort, invertSort
    /// Sort the jail list by the first column, the process list by the second (if any).
    case sortBy(JailColumn, ProcessColumn?)
    case toggleTree, toggleJailTree, foldJail, chooseJail, everyProcess, cycleManagerFilter, cycleHostFilter
    /// The selected process in full (its detail view).
    case openProcess
    case faster, slower
    case togglePause, refreshNow, toggleTag, tagWithChildren, untagAll, chooseUser, toggleKernel
    // Actions on the selected jail (off with actions disabled).
    case actionMenu, start, stop, restart, shell, signal, addRule, editRule, deleteRule

    /// Whether the command acts on the selected jail (and needs actions on).
    var isAction: Bool {
        switch self {
        case .actionMenu, .start, .stop, .restart, .shell, .signal, .addRule, .editRule, .deleteRule: true
        default: false
        }
    }

    /// Whether the command needs to know if the jail runs (never guessed for a jail in state unknown).
    var needsKnownState: Bool {
        switch self {
        case .start, .stop, .restart, .shell: true
        default: false
        }
    }
}
