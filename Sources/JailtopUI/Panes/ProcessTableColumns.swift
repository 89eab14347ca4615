import JailtopModel

/// Columns of the process list, in display order.
public enum ProcessColumn: Int, Sendable, CaseIterable, Equatable {
    case pid, jail, user, priority, nice, virtual, resident, state, cpu, memory, time, command

    /// Whether the list shows (and sorts by) this column in `scope`: JAIL only where the
    /// processes are of several jails.
    public func applies(in scope: ProcessListScope) -> Bool { self != .jail || scope == .everyProcess }

    public var title: String { ProcessTableColumns.column(self).title }
}

/// One column of the process list, htop-style: title, width, priority, alignment, cell and order.
struct ProcessTableColumn: Sendable {
    var id: ProcessColumn
    var title: String
    var width: Int
    var alignRight: Bool
    /// Lower numbers are kept first as the screen narrows; nil means always shown.
    var priority: Int?
    var flexible = false
    var text: @Sendable (ProcessRow) -> String
    /// -1, 0 or 1 as the first row sorts before, with or after the second (ascending).
    var compare: @Sendable (ProcessRow, ProcessRow) -> Int

    var spec: ColumnLayout<ProcessColumn>.Spec {
        .init(column: id, width: width, alignRight: alignRight, priority: priority, flexible: flexible)
    }
}

/// The process list's columns in display order; a new column is one entry here.
enum ProcessTableColumns {
    static func column(_ id: ProcessColumn) -> ProcessTableColumn { all[id.rawValue] }

    /// The columns the list has in `scope`: the chosen ones in their order (JAIL after PID in
    /// the every-process view), or every one.
    static func shown(in scope: ProcessListScope, chosen: [ProcessColumn]? = nil) -> [ProcessTableColumn] {
        guard var ids = chosen else { return all.filter { $0.id.applies(in: scope) } }
        ids.removeAll { $0 == .jail }
        if scope == .everyProcess { ids.insert(.jail, at: ids.firstIndex(of: .pid).map { $0 + 1 } ?? 0) }
        return ids.map(column)
    }

    static func order<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x > y ? 1 : 0) }

    static let all: [ProcessTableColumn] = [
        ProcessTableColumn(
            id: .pid, title: "PID", width: 6, alignRight: true, priority: nil,
            text: { String($0.process.pid) }, compare: { order($0.process.pid, $1.process.pid) }),
        ProcessTableColumn(
            id: .jail, title: "JAIL", width: 12, alignRight: false, priority: nil,
            text: { $0.jailName }, compare: { order($0.jailName, $1.jailName) }),
        ProcessTableColumn(
            id: .user, title: "USER", width: 9, alignRight: false, priority: nil,
            text: { $0.process.user }, compare: { order($0.process.user, $1.process.user) }),
        ProcessTableColumn(
            id: .priority, title: "PRI", width: 3, alignRight: true, priority: 5,
            text: { String($0.process.priority) }, compare: { order($0.process.priority, $1.process.priority) }),
        ProcessTableColumn(
            id: .nice, title: "NI", width: 3, alignRight: true, priority: 6,
            text: { String($0.process.nice) }, compare: { order($0.process.nice, $1.process.nice) }),
        ProcessTableColumn(
            id: .virtual, title: "VSZ", width: 6, alignRight: true, priority: 4,
            text: { Units.bytes($0.process.vszBytes) }, compare: { order($0.process.vszBytes, $1.process.vszBytes) }),
        ProcessTableColumn(
            id: .resident, title: "RSS", width: 6, alignRight: true, priority: 1,
            text: { Units.bytes($0.process.rssBytes) }, compare: { order($0.process.rssBytes, $1.process.rssBytes) }),
        ProcessTableColumn(
            id: .state, title: "S", width: 4, alignRight: false, priority: 3,
            text: { $0.process.state }, compare: { order($0.process.state, $1.process.state) }),
        ProcessTableColumn(
            id: .cpu, title: "CPU%", width: 5, alignRight: true, priority: nil,
            text: { Units.percent($0.cpuPercent) }, compare: { order($0.cpuPercent, $1.cpuPercent) }),
        // MEM% is RSS over physical memory: sorting by RSS gives the same order without rounding.
        ProcessTableColumn(
            id: .memory, title: "MEM%", width: 5, alignRight: true, priority: 2,
            text: { Units.percent($0.process.memPercent) }, compare: { order($0.process.rssBytes, $1.process.rssBytes) }),
        ProcessTableColumn(
            id: .time, title: "TIME", width: 9, alignRight: true, priority: 7,
            text: { Units.cpuTime($0.process.cpuTimeS) }, compare: { order($0.process.cpuTimeS, $1.process.cpuTimeS) }),
        ProcessTableColumn(
            id: .command, title: "COMMAND", width: 30, alignRight: false, priority: nil, flexible: true,
            text: { $0.treePrefix + ($0.process.args.isEmpty ? $0.process.command : $0.process.args) },
            compare: { order($0.process.args, $1.process.args) }),
    ]
}
