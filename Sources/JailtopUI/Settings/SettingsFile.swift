import JailtopModel

/// The `jailtoprc` format: one `name = value` per line, `#` to the end of a line a comment,
/// blank lines ignored. Read leniently: a line that does not read is reported with its file
/// and line and left out, and every other line still counts.
///
///     # jailtop settings (jailtop(8), FILES)
///     delay = 2
///     jail_columns = jid name state cpu mem lim procs thr netrxtx address
///     process_columns = pid user rss s cpu mem time command
///     jail_sort = -cpu        # a leading - sorts descending
///     process_sort = -cpu
///     theme = 256             # default, mono or 256
///     mouse = yes
public enum SettingsFile {
    /// One line that was ignored, and why.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    public static let names = ["delay", "jail_columns", "process_columns", "jail_sort", "process_sort", "theme", "mouse"]

    public static func parse(_ text: String, file: String) -> (settings: DashboardSettings, problems: [Problem]) {
        var settings = DashboardSettings()
        var problems: [Problem] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw.prefix { $0 != "#" }).trimmingASCIIWhitespace()
            guard !line.isEmpty else { continue }
            func problem(_ message: String) { problems.append(Problem(file: file, line: index + 1, message: message)) }
            guard let equals = line.firstIndex(of: "=") else {
                problem("not a setting (name = value): \(SanitizedText.clean(String(line.prefix(60))))")
                continue
            }
            let name = String(line[..<equals]).trimmingASCIIWhitespace()
            let value = String(line[line.index(after: equals)...]).trimmingASCIIWhitespace()
            switch name {
            case "delay":
                guard let seconds = Double(value), seconds.isFinite, seconds >= 0.2, seconds <= 86400 else {
                    problem("delay must be seconds from 0.2 to 86400, not \(SanitizedText.clean(value))")
                    continue
                }
                settings.delay = seconds
            case "jail_columns":
                switch columns(value, all: JailColumn.allCases, name: \.configName, required: DashboardSettings.requiredJailColumns) {
                case .success(let list): settings.jailColumns = list
                case .failure(let why): problem(why.message)
                }
            case "process_columns":
                let all = ProcessColumn.allCases.filter { $0 != .jail }
                switch columns(value, all: all, name: \.configName, required: DashboardSettings.requiredProcessColumns) {
                case .success(let list): settings.processColumns = list
                case .failure(let why): problem(why.message)
                }
            case "jail_sort":
                switch sort(value, all: JailColumn.allCases.filter(\.sortable), name: \.configName) {
                case .success(let s): settings.jailSort = s
                case .failure(let why): problem(why.message)
                }
            case "process_sort":
                switch sort(value, all: ProcessColumn.allCases, name: \.configName) {
                case .success(let s): settings.processSort = s
                case .failure(let why): problem(why.message)
                }
            case "theme":
                guard let theme = ThemeChoice(rawValue: value.lowercased()) else {
                    problem("theme is one of \(ThemeChoice.allCases.map(\.rawValue).joined(separator: ", ")), not \(SanitizedText.clean(value))")
                    continue
                }
                settings.theme = theme
            case "mouse":
                switch value.lowercased() {
                case "yes", "on", "true", "1": settings.mouse = true
                case "no", "off", "false", "0": settings.mouse = false
                default: problem("mouse is yes or no, not \(SanitizedText.clean(value))")
                }
            default:
                problem("unknown setting \(SanitizedText.clean(String(name.prefix(40)))) (known: \(names.joined(separator: ", ")))")
            }
        }
        return (settings, problems)
    }

    /// The settings as a file `parse` reads back the same.
    public static func render(_ settings: DashboardSettings) -> String {
        var lines = ["# jailtop settings, written by its setup screen (F2); see jailtop(8), FILES."]
        if let delay = settings.delay { lines.append("delay = \(AppReducer.formatSeconds(delay).dropLast())") }
        if let columns = settings.jailColumns { lines.append("jail_columns = " + columns.map(\.configName).joined(separator: " ")) }
        if let columns = settings.processColumns { lines.append("process_columns = " + columns.map(\.configName).joined(separator: " ")) }
        if let sort = settings.jailSort { lines.append("jail_sort = " + (sort.descending ? "-" : "") + sort.column.configName) }
        if let sort = settings.processSort { lines.append("process_sort = " + (sort.descending ? "-" : "") + sort.column.configName) }
        if let theme = settings.theme { lines.append("theme = \(theme.rawValue)") }
        if let mouse = settings.mouse { lines.append("mouse = " + (mouse ? "yes" : "no")) }
        return lines.joined(separator: "\n") + "\n"
    }

    struct Refusal: Error {
        var message: String
    }

    static func columns<C: Equatable>(_ value: String, all: [C], name: (C) -> String, required: [C]) -> Result<[C], Refusal> {
        var list: [C] = []
        for word in value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) {
            guard let column = all.first(where: { name($0) == word.lowercased() }) else {
                return .failure(Refusal(message: "no column \(SanitizedText.clean(String(word.prefix(40)))) (columns: \(all.map(name).joined(separator: " ")))"))
            }
            if !list.contains(column) { list.append(column) }
        }
        if let missing = required.first(where: { !list.contains($0) }) {
            return .failure(Refusal(message: "the columns must include \(name(missing))"))
        }
        return .success(list)
    }

    static func sort<C: Equatable & Sendable>(_ value: String, all: [C], name: (C) -> String) -> Result<ColumnSort<C>, Refusal> {
        let descending = value.hasPrefix("-")
        let word = (descending || value.hasPrefix("+") ? String(value.dropFirst()) : value).lowercased()
        guard let column = all.first(where: { name($0) == word }) else {
            return .failure(Refusal(message: "no column to sort by named \(SanitizedText.clean(String(word.prefix(40)))) (columns: \(all.map(name).joined(separator: " ")))"))
        }
        return .success(ColumnSort(column, descending: descending))
    }
}
