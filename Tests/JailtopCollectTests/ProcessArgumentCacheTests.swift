@testable import JailtopCollect
import JailtopModel
import Testing

/// The merge walk that fills steady ps rows from what was read in full, across processes that
/// come, go, exec, change uid, reuse a pid, or sit on screen.
@Suite struct ProcessArgumentCacheTests {
    static func process(_ pid: Int, _ command: String, uid: Int = 80, elapsed: Int = 100, args: String? = nil) -> JailProcess {
        JailProcess(
            pid: pid, ppid: 1, jid: 1, uid: uid, user: "u\(uid)", cpuPercent: 0, memPercent: 0, rssBytes: 0, vszBytes: 0,
            cpuTimeS: 0, elapsedS: elapsed, state: "S", threads: 1, priority: 20, nice: 0, command: command,
            args: args ?? "/usr/bin/\(command) --pid \(pid)")
    }

    /// A steady row: what ps prints without user and args.
    static func steady(_ p: JailProcess) -> JailProcess {
        var q = p
        q.user = ""
        q.args = ""
        return q
    }

    @Test func knownProcessesAreFilledAndOnlyTheRestIsPending() {
        let full = [Self.process(10, "sshd"), Self.process(20, "nginx"), Self.process(30, "cron"), Self.process(40, "sh")]
        var cache = ProcessArgumentCache()
        cache.replaceAll(with: full.reversed())  // any order
        // 20 is gone, 25 is new, 30 exec'd (new command), 40 became another uid, 10 is on screen.
        var rows = [
            Self.steady(Self.process(10, "sshd", elapsed: 101)), Self.steady(Self.process(25, "php-fpm", elapsed: 1)),
            Self.steady(Self.process(30, "backup", elapsed: 101)), Self.steady(Self.process(40, "sh", uid: 0, elapsed: 101)),
        ]
        let pending = cache.complete(&rows, alsoRead: [10])
        #expect(Set(pending.keys) == [10, 25, 30, 40])
        #expect(pending[25] == 1 && pending[40] == 3)
        #expect(rows[0].args == full[0].args && rows[0].user == "u80")
        #expect(rows[1].user == "80" && rows[1].args.isEmpty)  // numeric until its full read
        // The full read answers; 10's arguments changed meanwhile (setproctitle).
        let answer = [
            Self.process(10, "sshd", elapsed: 101, args: "sshd: admin [priv]"), Self.process(25, "php-fpm", elapsed: 1),
            Self.process(30, "backup", elapsed: 101), Self.process(40, "sh", uid: 0, elapsed: 101),
        ]
        cache.merge(answer, into: &rows, pending: pending)
        #expect(rows == answer)
        #expect(cache.count == 4)
        // Next refresh: everything is known again, nothing pending, and 20 stays forgotten.
        var next = answer.map(Self.steady)
        #expect(cache.complete(&next, alsoRead: []).isEmpty)
        #expect(next == answer)
        var back = [Self.steady(Self.process(20, "nginx"))]
        #expect(cache.complete(&back, alsoRead: []).keys.sorted() == [20])
    }

    @Test func aReusedPidIsAnotherProcess() {
        var cache = ProcessArgumentCache()
        cache.replaceAll(with: [Self.process(7, "sh", elapsed: 500)])
        // Same pid and command, but younger than the one seen: it exited and the pid came back.
        var rows = [Self.steady(Self.process(7, "sh", elapsed: 3))]
        #expect(cache.complete(&rows, alsoRead: []).keys.sorted() == [7])
        // One second younger is only etimes' rounding; "-" (0) says nothing.
        cache.replaceAll(with: [Self.process(7, "sh", elapsed: 500)])
        var same = [Self.steady(Self.process(7, "sh", elapsed: 499)), ]
        #expect(cache.complete(&same, alsoRead: []).isEmpty)
        var unknownAge = [Self.steady(Self.process(7, "sh", elapsed: 0))]
        #expect(cache.complete(&unknownAge, alsoRead: []).isEmpty)
    }
}
