import JailtopTestSupport
import Testing

@testable import JailtopCollect
@testable import JailtopModel

/// Issue 16 (2): a process's detail on a live host: threads, open files, applicable rules,
/// each from its tool in FreeBSD's format, each failing on its own.
@Suite struct ProcessInspectorTests {
    /// procstat -f as usr.bin/procstat/procstat_files.c prints it (header, then one line per
    /// descriptor: PID COMM FD T V FLAGS REF OFFSET PRO NAME).
    static let procstat = """
          PID COMM                FD T V FLAGS     REF  OFFSET PRO NAME
          635 nginx             text v r r--------   -       - -   /usr/local/sbin/nginx
          635 nginx              cwd v d r--------   -       - -   /
          635 nginx             root v d r--------   -       - -   /
          635 nginx                0 v c rw-------   3       0 -   /dev/null
          635 nginx                6 s - rw---n---   2       - TCP 0.0.0.0:80 0.0.0.0:0

        """
    static let threads = """
           LWP TDNAME         STAT PRI %CPU    TIME WCHAN
        100412 -              Is    20  0.0 0:00.03 kqread

        """

    static func runner(procstatFails: Bool = false) -> ScriptedToolRunner {
        ScriptedToolRunner { path, _ throws(ToolRunError) in
            switch path {
            case HostPaths.ps: return ToolResult(status: 0, stdout: threads)
            case HostPaths.procstat:
                if procstatFails { return ToolResult(status: 1, stdout: "", stderr: "procstat: kinfo_getfile(): Operation not permitted\n") }
                return ToolResult(status: 0, stdout: procstat)
            case HostPaths.rctl: return ToolResult(status: 0, stdout: "jail:www:memoryuse:deny=2147483648\njail:www:maxproc:deny=200\n")
            default: throw .notFound(path: path)
            }
        }
    }

    @Test func theThreeToolsRunWithTheirExactArgv() async throws {
        let runner = Self.runner()
        let collector = FreeBSDCollector(runner: runner, paths: HostPaths(root: ""))
        let inspection = await collector.inspect(pid: 635)
        #expect(Set(runner.calls.map { [$0.path] + $0.arguments }) == [
            ["/bin/ps", "-H", "-p", "635", "-o", "lwp,tdname,state,pri,%cpu,time,wchan"],
            ["/usr/bin/procstat", "-f", "635"],
            ["/usr/bin/rctl", "-l", "process:635"],
        ])
        #expect(inspection.pid == 635 && inspection.unavailable == nil)
        #expect(inspection.sections.map(\.title) == ["Threads", "Open files and working directory", "Limits that apply (rctl)"])
        #expect(inspection.sections[0].lines.count == 2 && inspection.sections[0].problem == nil)
        #expect(inspection.sections[1].lines.contains { $0.contains(" cwd v d ") })
        #expect(inspection.sections[2].lines == ["jail:www:memoryuse:deny=2147483648", "jail:www:maxproc:deny=200"])
        #expect(inspection.sections[2].command == "/usr/bin/rctl -l process:635")
    }

    @Test func aFailingToolCostsItsOwnSectionOnly() async {
        let collector = FreeBSDCollector(runner: Self.runner(procstatFails: true), paths: HostPaths(root: ""))
        let inspection = await collector.inspect(pid: 635)
        #expect(inspection.sections[0].problem == nil && !inspection.sections[0].lines.isEmpty)
        let files = inspection.sections[1]
        #expect(files.lines.isEmpty)
        #expect(files.problem?.hasPrefix("procstat: kinfo_getfile(): Operation not permitted") == true)
        #expect(inspection.sections[2].problem == nil)
        // A tool that is not there says so.
        let bare = FreeBSDCollector(runner: ScriptedToolRunner(byPath: [:]), paths: HostPaths(root: ""))
        let none = await bare.inspect(pid: 1)
        #expect(none.sections.count == 3 && none.sections.allSatisfy { $0.lines.isEmpty && $0.problem != nil })
        #expect(none.sections[1].problem == ToolRunError.notFound(path: HostPaths.procstat).description)
    }

    @Test func longOutputIsCut() {
        let output = Array((0..<2500).map { "line \($0)" }.joined(separator: "\n").utf8) + [10]
        let lines = ProcessInspection.lines(of: output)
        #expect(lines.count == ProcessInspection.lineLimit + 1)
        #expect(lines.last == "… and 500 more lines")
        #expect(ProcessInspection.lines(of: Array("a\nb\n".utf8)) == ["a", "b"])
    }

    @Test func aRecordingSaysItHasNoneOfThis() async {
        let collector = FixtureCollector(recording: FixtureCollectorTests.recording(samples: 1), description: "test")
        let inspection = await collector.inspect(pid: 1)
        #expect(inspection.sections.isEmpty)
        #expect(inspection.unavailable?.contains("ps -H, procstat -f and rctl -l") == true)
    }
}
