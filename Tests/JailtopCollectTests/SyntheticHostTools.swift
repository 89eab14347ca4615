import Foundation
import JailtopCollect
import JailtopModel
import JailtopSynth
import JailtopTestSupport
import Synchronization

/// Stand-in FreeBSD tools answering from a generated host that a test can change between
/// refreshes: ps in each of the collector's layouts (every column, the steady one, counters,
/// `-p LIST` in full or steady),
/// jls in full, as the short listing and as the summary, sysctl, rctl and netstat, as
/// `FreeBSDOutputs` prints them.
final class SyntheticHostTools: Sendable {
    /// The host the tools describe; change it between refreshes.
    final class Host: Sendable {
        let snapshot: Mutex<Snapshot>
        init(_ snapshot: Snapshot) { self.snapshot = Mutex(snapshot) }
        func set(_ s: Snapshot) { snapshot.withLock { $0 = s } }
    }

    let host: Host
    /// Processes only the next counters run of ps sees: they exit right after it.
    final class ShortLived: Sendable {
        let processes = Mutex<[JailProcess]>([])
        func set(_ p: [JailProcess]) { processes.withLock { $0 = p } }
        func take() -> [JailProcess] { processes.withLock { p in defer { p = [] }; return p } }
    }

    let shortLived = ShortLived()
    let runner: ScriptedToolRunner

    /// - Parameters:
    ///   - refusesSummary: jls answers `JlsParser.summaryArguments` as on a kernel without
    ///     INET6 (unknown parameter ip6.addr).
    ///   - pidMax: kern.pid_max: ps refuses a `-p` list holding a greater pid, as FreeBSD's
    ///     does (addelem_pid: "process id too large", and no output).
    init(_ snapshot: Snapshot, refusesSummary: Bool = false, pidMax: Int = 99_999) {
        let host = Host(snapshot)
        self.host = host
        let shortLived = shortLived
        runner = ScriptedToolRunner { path, args throws(ToolRunError) in
            var s = host.snapshot.withLock { $0 }
            if path == HostPaths.ps, args == PsParser.counterArguments {
                s.processes += shortLived.take()
                s.processes.sort { $0.pid < $1.pid }
            }
            switch path {
            case HostPaths.ps:
                if let p = args.firstIndex(of: "-p"), p + 1 < args.count {
                    let pids = Set(args[p + 1].split(separator: ",").compactMap { Int($0) })
                    if let large = pids.first(where: { $0 > pidMax }) {
                        return ToolResult(status: 1, stdout: [], stderr: Array("ps: process id too large: \(large)\n".utf8))
                    }
                    let text = FreeBSDOutputs.psBuilder(s).text(onlyPIDs: pids, steady: args.contains("pid=PIDCHECK"))
                    let matched = s.processes.contains { pids.contains($0.pid) }
                    return ToolResult(status: matched ? 0 : 1, stdout: text)
                }
                if args == PsParser.counterArguments { return ToolResult(status: 0, stdout: FreeBSDOutputs.psBuilder(s).countersText()) }
                if args.contains("pid=PIDCHECK") { return ToolResult(status: 0, stdout: FreeBSDOutputs.psBuilder(s).steadyText()) }
                return ToolResult(status: 0, stdout: FreeBSDOutputs.ps(s))
            case HostPaths.jls:
                if args == JlsParser.listArguments { return ToolResult(status: 0, stdout: FreeBSDOutputs.jlsList(s)) }
                if args == JlsParser.summaryArguments {
                    // A kernel without INET6 has no ip6.addr to list: jls refuses the whole call.
                    if refusesSummary { return ToolResult(status: 1, stdout: [], stderr: Array("jls: unknown parameter: ip6.addr\n".utf8)) }
                    return ToolResult(status: 0, stdout: FreeBSDOutputs.jlsSummary(s))
                }
                return ToolResult(status: 0, stdout: FreeBSDOutputs.jls(s))
            case HostPaths.sysctl: return ToolResult(status: 0, stdout: FreeBSDOutputs.sysctl(s, cpTime: [1, 2, 3, 4, 5]))
            case HostPaths.rctl where args.first == "-u":
                // Each filter's usage in turn, as rctl prints them.
                let text = args.dropFirst().map { filter in
                    FreeBSDOutputs.rctlUsage(s.jails.first { $0.name == String(filter.dropFirst(5)) })
                }.joined()
                return ToolResult(status: 0, stdout: text)
            case HostPaths.rctl: return ToolResult(status: 0, stdout: FreeBSDOutputs.rctlRules(s))
            case HostPaths.netstat:
                let jid = Int(args[1]) ?? 0
                return ToolResult(status: 0, stdout: s.jails.first { $0.jid == jid }.map(FreeBSDOutputs.netstat) ?? [])
            default: throw .notFound(path: path)
            }
        }
    }

    /// The ps calls made since `start` in the runner's log, by kind.
    func psCalls(since start: Int) -> [[String]] {
        runner.calls[start...].filter { $0.path == HostPaths.ps }.map(\.arguments)
    }
}
