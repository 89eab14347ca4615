/// What the process detail view shows beyond the sample, read on demand for one process:
/// each tool's output as it printed it (threads from `ps -H`, open files and cwd from
/// `procstat -f`, the rules that apply from `rctl -l`), or why there is none.
public struct ProcessInspection: Sendable, Equatable {
    /// One tool's part.
    public struct Section: Sendable, Equatable {
        public var title: String
        /// The command that ran, as the admin would type it.
        public var command: String
        /// What it printed on stdout, line by line (sanitized where drawn), at most `lineLimit`.
        public var lines: [String]
        /// Why it printed nothing useful: not root, not found, timed out, its stderr.
        public var problem: String?

        public init(title: String, command: String, lines: [String] = [], problem: String? = nil) {
            self.title = title
            self.command = command
            self.lines = lines
            self.problem = problem
        }
    }

    /// The most lines kept of one tool's output (a process with 100 000 open files).
    public static let lineLimit = 2000

    public var pid: Int
    public var sections: [Section]
    /// Why this source has nothing beyond the sample (a recording, a remote host); nil on a live host.
    public var unavailable: String?

    public init(pid: Int, sections: [Section] = [], unavailable: String? = nil) {
        self.pid = pid
        self.sections = sections
        self.unavailable = unavailable
    }

    /// A tool's stdout as lines, the last empty one dropped and the rest cut at `lineLimit`
    /// (saying how many were left out).
    public static func lines(of output: [UInt8]) -> [String] {
        var lines = output.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if lines.last == "" { lines.removeLast() }
        guard lines.count > lineLimit else { return lines }
        let left = lines.count - lineLimit
        return Array(lines.prefix(lineLimit)) + ["… and \(left) more lines"]
    }
}
