import Foundation
import JailtopSynth
import JailtopTestSupport
import Testing

@testable import JailtopCollect
@testable import JailtopModel

/// A bad row costs that row, never the table: every parser keeps what it can read, counts what
/// it skipped and says why the first one failed; the collector turns that into a partial issue.
@Suite struct PartialParsingTests {
    static var ps: String { String(decoding: FreeBSDCollectorTests.file("ps.txt"), as: UTF8.self) }
    static var sysctl: String { String(decoding: FreeBSDCollectorTests.file("sysctl.txt"), as: UTF8.self) }

    /// The fixture's ps text with one row's etimes replaced by a negative number (what an old
    /// ps prints after a clock step), keeping the column widths.
    static func psWithBadRow(pid: String) -> String {
        var lines = ps.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = lines.firstIndex { $0.split(separator: " ").dropFirst().first.map(String.init) == pid }!
        lines[index] = lines[index].replacingOccurrences(of: " 1209598 ", with: " -209598 ")
        return lines.joined(separator: "\n")
    }

    @Test func psKeepsEveryRowButTheBadOne() throws {
        let all = try PsParser.parse(Array(Self.ps.utf8))
        let parsed = try PsParser.parseRows(Array(Self.psWithBadRow(pid: "1").utf8))
        #expect(parsed.value.count == all.count - 1)
        #expect(!parsed.value.contains { $0.pid == 1 })
        #expect(parsed.skipped.count == 1)
        #expect(parsed.skipped.first?.line == 3)
        #expect(parsed.skipped.summary() == "1 row unreadable: \(parsed.skipped.first!)")
        // The strict form still fails on it.
        #expect(throws: ToolOutputError.self) { try PsParser.parse(Array(Self.psWithBadRow(pid: "1").utf8)) }
    }

    @Test func psWithABrokenHeaderIsStillAnError() {
        #expect(throws: ToolOutputError.self) { try PsParser.parseRows(Array("garbage\n  1 2 3\n".utf8)) }
    }

    @Test func sysctlKeepsEveryFactButTheBadLine() {
        let text = Self.sysctl.replacingOccurrences(of: "hw.pagesize=4096\n", with: "hw.pagesize=4096\ngarbage without equals\n")
            .replacingOccurrences(of: "hw.ncpu=8", with: "hw.ncpu=eight")
        let parsed = SysctlParser.parseLines(text)
        #expect(parsed.skipped.count == 2)
        #expect(parsed.value.hostname == "h1.example.org")
        #expect(parsed.value.racctEnable == true)
        #expect(parsed.value.ncpu == nil)
        #expect(parsed.value.boottime == 1_764_400_000.123456)
    }

    @Test func jlsKeepsEveryJailButTheBadEntry() throws {
        let text = #"{"__version": "2", "jail-information": {"jail": [{"jid": 1, "name": "www", "path": "/j/www"}, {"jid": "x", "name": "bad"}, {"name": "nojid"}, {"jid": 3, "name": "db"}]}}"#
        let parsed = try JlsParser.parseEntries(Array(text.utf8))
        #expect(parsed.value.map(\.name) == ["www", "db"])
        #expect(parsed.skipped.count == 2)
        #expect(parsed.skipped.first?.message.contains("jail #2") == true)
    }

    @Test func netstatKeepsEveryInterfaceButTheBadOne() throws {
        let text = #"{"statistics": {"interface": [{"name": "epair0b", "network": "<Link#2>", "received-bytes": 10, "sent-bytes": 20}, {"name": "lo0", "network": "<Link#1>", "received-bytes": "lots"}]}}"#
        let parsed = try NetstatParser.parseRows(Array(text.utf8))
        #expect(parsed.value.map(\.name) == ["epair0b"])
        #expect(parsed.skipped.count == 1)
    }

    @Test func rctlUsageKeepsEveryResourceButTheBadLine() throws {
        let parsed = try RctlUsageParser.parseLines("cputime=12\nmemoryuse=banana\nmaxproc=4\n")
        #expect(parsed.value[.cputime] == 12 && parsed.value[.maxproc] == 4)
        #expect(parsed.value[.memoryuse] == nil)
        #expect(parsed.skipped.count == 1)
        #expect(throws: ToolOutputError.self) { try RctlUsageParser.parseLines("nothing useful\n") }
    }

    @Test func oneBadPsRowCostsOnlyThatProcess() async throws {
        let bad = Self.psWithBadRow(pid: "1")
        let runner = FreeBSDCollectorTests.runner(override: [HostPaths.ps: .success(ToolResult(status: 0, stdout: Array(bad.utf8)))])
        let s = try await FreeBSDCollectorTests.collector(runner).collect()
        #expect(s.processes.count == 42)
        #expect(s.jail(named: "www")?.summary.processes ?? 0 > 0)
        let issue = try #require(s.issue(for: .processes))
        #expect(issue.isPartial && issue.skippedRows == 1)
        #expect(issue.message.hasPrefix("1 row unreadable: ps: line 3: field etimes"))
    }

    @Test func oneBadSysctlLineKeepsTheOtherFactsAndStillAsksRctl() async throws {
        // kern.racct.enable itself unreadable: racct is not "absent", rctl is asked.
        let text = Self.sysctl.replacingOccurrences(of: "kern.racct.enable=1", with: "kern.racct.enable")
        let runner = FreeBSDCollectorTests.runner(override: [HostPaths.sysctl: .success(ToolResult(status: 0, stdout: Array(text.utf8)))])
        let s = try await FreeBSDCollectorTests.collector(runner).collect()
        #expect(s.host.hostname == "h1.example.org" && s.host.ncpu == 8)
        #expect(s.host.racct == .enabled)
        #expect(runner.calls.contains { $0.arguments.first == "-u" })
        #expect(s.jail(named: "www")?.racct?[.memoryuse] != nil)
        #expect(s.issue(for: .host)?.message.hasPrefix("1 line unreadable: sysctl: line 9") == true)
    }

    @Test func unknownHostFactsAreNullNotZero() async throws {
        let runner = FreeBSDCollectorTests.runner(override: [HostPaths.sysctl: .failure(.timedOut(path: HostPaths.sysctl, after: .seconds(5)))])
        let s = try await FreeBSDCollectorTests.collector(runner).collect()
        #expect(s.host.boottime == nil && s.host.ncpu == nil && s.host.physmemBytes == nil && s.host.hostname == nil)
        let json = String(decoding: try RecordingEncoding.line(s.host), as: UTF8.self)
        #expect(json.contains(#""boottime":null"#) && json.contains(#""ncpu":null"#) && json.contains(#""physmem_bytes":null"#))
        #expect(try JSONDecoder().decode(HostInfo.self, from: Data(json.utf8)) == s.host)
    }
}
