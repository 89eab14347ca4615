import JailtopModel

/// The setup screen (F2, as htop's): which columns the jail table and the process list show
/// and in what order, the colour theme, and the interval and sorts it starts with. Changes
/// apply at once; `w` (or Enter) saves them, with the interval and
/// the sorts, to the user's jailtoprc.
public struct SetupScreen: Sendable, Equatable {
    public enum Section: Int, Sendable, CaseIterable, Equatable {
        case jailColumns, processColumns, theme, defaults
        var title: String {
            switch self {
            case .jailColumns: "Jail table"
            case .processColumns: "Process list"
            case .theme: "Theme"
            case .defaults: "Defaults"
            }
        }
    }

    public var section = Section.jailColumns
    /// The highlighted line of the section's list.
    public var cursor = 0

    /// One line of the list: a column, and whether it is shown.
    struct Item: Equatable {
        var title: String
        var shown: Bool
        var required: Bool
    }

    /// One list of columns: every one that can be chosen, the shown ones in their order.
    struct ColumnChoice<C: Equatable> {
        var all: [C]
        var shown: [C]
        var required: [C]
        var title: (C) -> String

        /// The lines: the shown columns in their order, then the others.
        var order: [C] { shown + all.filter { !shown.contains($0) } }
        var items: [Item] { order.map { Item(title: title($0), shown: shown.contains($0), required: required.contains($0)) } }

        /// The shown list with the column at `cursor` shown or hidden; why not, for a required one.
        func toggled(at cursor: Int) -> Result<[C], Refusal> {
            guard cursor < order.count else { return .success(shown) }
            let column = order[cursor]
            if required.contains(column) { return .failure(Refusal(message: "\(title(column)) is always shown")) }
            var list = shown
            if let i = list.firstIndex(of: column) { list.remove(at: i) } else { list.append(column) }
            return .success(list)
        }

        /// The shown list with the column at `cursor` swapped with its neighbour; nil at an end.
        func moved(at cursor: Int, by delta: Int) -> [C]? {
            let target = cursor + delta
            guard cursor < shown.count, target >= 0, target < shown.count else { return nil }
            var list = shown
            list.swapAt(cursor, target)
            return list
        }
    }

    struct Refusal: Error {
        var message: String
    }

    static func jailChoice(_ state: AppState) -> ColumnChoice<JailColumn> {
        let all = JailColumn.allCases.filter { $0 != .host }
        return ColumnChoice(all: all, shown: (state.jailColumns ?? all).filter { $0 != .host }, required: DashboardSettings.requiredJailColumns, title: \.title)
    }

    static func processChoice(_ state: AppState) -> ColumnChoice<ProcessColumn> {
        let all = ProcessColumn.allCases.filter { $0 != .jail }
        return ColumnChoice(
            all: all, shown: (state.processColumns ?? all).filter { $0 != .jail }, required: DashboardSettings.requiredProcessColumns, title: \.title)
    }

    /// The section's lines.
    static func items(_ section: Section, _ state: AppState) -> [Item] {
        switch section {
        case .jailColumns: jailChoice(state).items
        case .processColumns: processChoice(state).items
        case .theme: ThemeChoice.allCases.map { Item(title: $0.title, shown: $0 == state.theme, required: false) }
        case .defaults:
            [
                Item(title: "refresh every \(AppReducer.formatSeconds(state.refreshInterval))", shown: true, required: false),
                Item(title: "jails sorted by \(state.jails.sort.title) " + (state.jails.descending ? "descending" : "ascending"), shown: true, required: false),
                Item(
                    title: "processes sorted by \(state.processes.sort.title) " + (state.processes.descending ? "descending" : "ascending"),
                    shown: true, required: false),
            ]
        }
    }

    /// A default changed on the setup screen: the next (`step` 1) or previous (-1) interval or
    /// sort column, or (`invert`) the other direction of the highlighted sort.
    static func changeDefault(_ screen: SetupScreen, step: Int, invert: Bool = false, _ state: inout AppState) -> [Effect] {
        switch screen.cursor {
        case 0: return invert ? [] : AppReducer.changeInterval(&state, by: step)
        case 1:
            if invert {
                state.jails.descending.toggle()
            } else {
                let all = JailColumn.allCases.filter { $0.sortable && ($0 != .host || state.fleet != nil) }
                let i = all.firstIndex(of: state.jails.sort) ?? 0
                state.jails.sort = all[(i + step + all.count) % all.count]
            }
        default:
            if invert {
                state.processes.descending.toggle()
            } else {
                let all = ProcessColumn.allCases.filter { $0.applies(in: state.processes.scope) }
                let i = all.firstIndex(of: state.processes.sort) ?? 0
                state.processes.sort = all[(i + step + all.count) % all.count]
            }
        }
        state.refreshRows()
        return []
    }

    /// A key on the setup screen; nil when it closes the screen.
    static func handle(_ key: Key, _ screen: SetupScreen, _ state: inout AppState) -> (SetupScreen, [Effect])? {
        var screen = screen
        let count = items(screen.section, state).count
        switch key {
        case .up: screen.cursor = max(0, screen.cursor - 1)
        case .down: screen.cursor = min(count - 1, screen.cursor + 1)
        case .home, .pageUp: screen.cursor = 0
        case .end, .pageDown: screen.cursor = max(0, count - 1)
        case .tab, .right:
            screen.section = Section(rawValue: (screen.section.rawValue + 1) % Section.allCases.count) ?? .jailColumns
            screen.cursor = 0
        case .backTab, .left:
            screen.section = Section(rawValue: (screen.section.rawValue + Section.allCases.count - 1) % Section.allCases.count) ?? .jailColumns
            screen.cursor = 0
        case .character(" ") where screen.section == .defaults, .character("+") where screen.section == .defaults:
            return (screen, changeDefault(screen, step: 1, &state))
        case .character("-") where screen.section == .defaults:
            return (screen, changeDefault(screen, step: -1, &state))
        case .character("I") where screen.section == .defaults:
            return (screen, changeDefault(screen, step: 0, invert: true, &state))
        case .character(" ") where screen.section == .theme:
            state.theme = ThemeChoice.allCases[min(screen.cursor, ThemeChoice.allCases.count - 1)]
            return (screen, [.useTheme(state.theme)])
        case .character(" "): toggle(screen, &state)
        case .character("["), .character("-"): screen.cursor = move(screen, by: -1, &state)
        case .character("]"), .character("+"): screen.cursor = move(screen, by: 1, &state)
        case .character("w"), .enter: return (screen, [.saveSettings(state.currentSettings)])
        default: return nil
        }
        return (screen, [])
    }

    /// Shows or hides the highlighted column (never a required one).
    static func toggle(_ screen: SetupScreen, _ state: inout AppState) {
        func apply<C>(_ result: Result<[C], Refusal>, _ set: (inout AppState, [C]) -> Void) {
            switch result {
            case .success(let list): set(&state, list)
            case .failure(let refusal): state.message = refusal.message
            }
        }
        switch screen.section {
        case .jailColumns: apply(jailChoice(state).toggled(at: screen.cursor)) { $0.jailColumns = $1 }
        case .processColumns: apply(processChoice(state).toggled(at: screen.cursor)) { $0.processColumns = $1 }
        case .theme, .defaults: break
        }
    }

    /// Moves the highlighted shown column up or down among the shown ones; the new cursor.
    static func move(_ screen: SetupScreen, by delta: Int, _ state: inout AppState) -> Int {
        switch screen.section {
        case .jailColumns:
            guard let list = jailChoice(state).moved(at: screen.cursor, by: delta) else { return screen.cursor }
            state.jailColumns = list
        case .processColumns:
            guard let list = processChoice(state).moved(at: screen.cursor, by: delta) else { return screen.cursor }
            state.processColumns = list
        case .theme, .defaults:
            return screen.cursor
        }
        return screen.cursor + delta
    }
}

/// Draws the setup screen: both sections' names, the open one's columns with their boxes.
struct SetupOverlay {
    var state: AppState
    var screen: SetupScreen

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        var lines: [(text: String, style: Style)] = []
        let tabs = SetupScreen.Section.allCases.map { $0 == screen.section ? "[\($0.title)]" : " \($0.title) " }.joined(separator: "  ")
        lines.append((tabs + "  (Tab: next)", Style(.dialog, bold: true)))
        lines.append(("", Style(.dialog)))
        for (i, item) in SetupScreen.items(screen.section, state).enumerated() {
            let box = switch screen.section {
            case .theme: item.shown ? "(*)" : "( )"
            case .defaults: "  -"
            default: item.shown ? "[x]" : "[ ]"
            }
            let text = " \(box) \(item.title)" + (item.required ? "  (always)" : "")
            let selected = i == screen.cursor
            lines.append((text, Style(selected ? .dialogButtonFocused : (item.shown ? .dialog : .dim), reverse: selected)))
        }
        lines.append(("", Style(.dialog)))
        let hint = switch screen.section {
        case .theme: "Space choose"
        case .defaults: "Space/- next/previous · I invert"
        default: "Space show/hide · [ ] move"
        }
        lines.append(("\(hint) · w save to jailtoprc · Esc close", Style(.dim)))
        DialogBox(title: "Setup", lines: lines, unicode: state.unicode, minWidth: 50).render(into: &buffer, area: area)
    }
}
