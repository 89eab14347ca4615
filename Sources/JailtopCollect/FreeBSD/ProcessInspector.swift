import JailtopModel

/// Reads one process's detail on a live host, on demand: its threads (`ps -H`), open files
/// and working directory (`procstat -f`, which needs root for another user's process) and
/// the rctl rules that apply to it (`rctl -l process:PID`). The three run at once; each tool
/// that fails costs its own section only, with the reason in place of the output.
struct ProcessInspector: Sendable {
    let runner: any ToolRunner
    let timeout: Duration

    /// The argument vectors, as they run and as the view names them.
    static func threads(_ pid: Int) -> [String] { ["-H", "-p", String(pid), "-o", "lwp,tdname,state,pri,%cpu,time,wchan"] }
    static func files(_ pid: Int) -> [String] { ["-f", String(pid)] }
    static func rules(_ pid: Int) -> [String] { ["-l", "process:\(pid)"] }

    func inspect(pid: Int) async -> ProcessInspection {
        async let threads = section("Threads", HostPaths.ps, Self.threads(pid))
        async let files = section("Open files and working directory", HostPaths.procstat, Self.files(pid), needsRoot: true)
        async let rules = section("Limits that apply (rctl)", HostPaths.rctl, Self.rules(pid))
        return await ProcessInspection(pid: pid, sections: [threads, files, rules])
    }

    private func section(_ title: String, _ path: String, _ arguments: [String], needsRoot: Bool = false) async -> ProcessInspection.Section {
        let command = ([path] + arguments).joined(separator: " ")
        let result: ToolResult
        do {
            result = try await runner.run(path, arguments, timeout: timeout)
        } catch {
            return .init(title: title, command: command, problem: error.description)
        }
        let lines = ProcessInspection.lines(of: result.stdout)
        let stderr = String(decoding: result.stderr.prefix(400), as: UTF8.self).trimmingASCIIWhitespace()
        guard result.status == 0 else {
            let why = stderr.isEmpty ? "exited with status \(result.status)" : stderr
            let hint = needsRoot && getuid() != 0 ? " (reading another user's process needs root)" : ""
            return .init(title: title, command: command, lines: lines, problem: why + hint)
        }
        return .init(title: title, command: command, lines: lines, problem: lines.isEmpty ? (stderr.isEmpty ? "none" : stderr) : nil)
    }
}
