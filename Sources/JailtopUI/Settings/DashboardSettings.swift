/// What the dashboard remembers between runs (the setup screen and `jailtoprc`): the jail
/// table's and the process list's columns in order, the refresh interval and the sorts. A
/// setting left out is nil: the built-in default holds.
public struct DashboardSettings: Sendable, Equatable {
    public var jailColumns: [JailColumn]?
    public var processColumns: [ProcessColumn]?
    public var delay: Double?
    public var jailSort: ColumnSort<JailColumn>?
    public var processSort: ColumnSort<ProcessColumn>?
    public var theme: ThemeChoice?
    /// Mouse presses and the wheel (`mouse = no` turns them off, as `--no-mouse` does).
    public var mouse: Bool?

    public init() {}

    /// The columns always shown: a list without them would say nothing of which row is which.
    public static let requiredJailColumns: [JailColumn] = [.name]
    public static let requiredProcessColumns: [ProcessColumn] = [.pid, .command]

    /// `other`'s settings over these (a user's file over the system's).
    public func overridden(by other: DashboardSettings) -> DashboardSettings {
        var merged = self
        if let v = other.jailColumns { merged.jailColumns = v }
        if let v = other.processColumns { merged.processColumns = v }
        if let v = other.delay { merged.delay = v }
        if let v = other.jailSort { merged.jailSort = v }
        if let v = other.processSort { merged.processSort = v }
        if let v = other.mouse { merged.mouse = v }
        if let v = other.theme { merged.theme = v }
        return merged
    }
}

/// A sort: the column and its direction.
public struct ColumnSort<Column: Sendable & Equatable>: Sendable, Equatable {
    public var column: Column
    public var descending: Bool

    public init(_ column: Column, descending: Bool) {
        self.column = column
        self.descending = descending
    }
}

extension JailColumn {
    /// The name a config file gives the column: its title in lower case without signs
    /// (`cpu` for CPU%, `diskrw` for DISK R/W), so the file says what the screen shows.
    public var configName: String { Self.configName(title) }

    static func configName(_ title: String) -> String {
        String(title.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(Character.init))
    }
}

extension ProcessColumn {
    public var configName: String { JailColumn.configName(title) }
}

extension AppState {
    /// Puts the settings in force (columns, interval, sorts, the theme's name; the terminal
    /// is told the theme by whoever made it).
    public mutating func apply(_ settings: DashboardSettings) {
        if let theme = settings.theme { self.theme = theme }
        if let columns = settings.jailColumns { jailColumns = columns }
        if let columns = settings.processColumns { processColumns = columns }
        if let delay = settings.delay { refreshInterval = delay }
        if let sort = settings.jailSort {
            jails.sort = sort.column
            jails.descending = sort.descending
        }
        if let sort = settings.processSort {
            processes.sort = sort.column
            processes.descending = sort.descending
        }
        refreshRows()
    }

    /// What this dashboard would save now: its columns, interval and sorts.
    public var currentSettings: DashboardSettings {
        var s = DashboardSettings()
        s.jailColumns = jailColumns ?? JailColumn.allCases
        s.processColumns = processColumns ?? ProcessColumn.allCases.filter { $0 != .jail }
        s.delay = refreshInterval
        s.jailSort = ColumnSort(jails.sort, descending: jails.descending)
        s.processSort = ColumnSort(processes.sort, descending: processes.descending)
        s.theme = theme
        return s
    }
}
