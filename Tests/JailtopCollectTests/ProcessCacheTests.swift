@testable import JailtopCollect
import JailtopModel
import Testing

/// The merge walks that fill a refresh's thin ps rows from the last sample, across processes
/// that come, go, exec, change uid or jail, reuse a pid, or sit on screen.
@Suite struct ProcessCacheTests {
    static func process(
        _ pid: Int, _ command: String, uid: Int = 80, jid: Int = 1, elapsed: Int = 100, cpu: Double = 1, args: String? = nil
    ) -> JailProcess {
        JailProcess(
            pid: pid, ppid: 1, jid: jid, uid: uid, user: "u\(uid)", cpuPercent: 0.5, memPercent: 0.1, rssBytes: 4096,
            vszBytes: 8192, cpuTimeS: cpu, elapsedS: elapsed, state: "S", threads: 1, priority: 20, nice: 0, command: command,
            args: args ?? "/usr/bin/\(command) --pid \(pid)")
    }

    /// A steady row: what ps prints without user and args.
    static func steady(_ p: JailProcess) -> JailProcess {
        var q = p
        q.user = ""
        q.args = ""
        return q
    }

    static func counters(_ p: JailProcess) -> ProcessCounters {
        ProcessCounters(jid: p.jid, pid: p.pid, rssBytes: p.rssBytes, cpuTimeS: p.cpuTimeS, elapsedS: p.elapsedS, threads: p.threads)
    }

    @Test func knownProcessesAreFilledAndOnlyTheRestIsPending() {
        let full = [Self.process(10, "sshd"), Self.process(20, "nginx"), Self.process(30, "cron"), Self.process(40, "sh")]
        var cache = ProcessCache()
        cache.remember(full.reversed())  // any order
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
        ProcessCache.merge(answer, into: &rows, pending: pending, dropMissing: true)
        #expect(rows == answer)
        cache.remember(rows)
        #expect(cache.count == 4)
        // Next refresh: everything is known again, nothing pending, and 20 stays forgotten.
        var next = answer.map(Self.steady)
        #expect(cache.complete(&next, alsoRead: []).isEmpty)
        #expect(next == answer)
        var back = [Self.steady(Self.process(20, "nginx"))]
        #expect(cache.complete(&back, alsoRead: []).keys.sorted() == [20])
    }

    @Test func aReusedPidIsAnotherProcess() {
        var cache = ProcessCache()
        cache.remember([Self.process(7, "sh", elapsed: 500)])
        // Same pid and command, but younger than the one seen: it exited and the pid came back.
        var rows = [Self.steady(Self.process(7, "sh", elapsed: 3))]
        #expect(cache.complete(&rows, alsoRead: []).keys.sorted() == [7])
        // One second younger is only etimes' rounding; "-" (0) says nothing.
        var same = [Self.steady(Self.process(7, "sh", elapsed: 499))]
        #expect(cache.complete(&same, alsoRead: []).isEmpty)
        var unknownAge = [Self.steady(Self.process(7, "sh", elapsed: 0))]
        #expect(cache.complete(&unknownAge, alsoRead: []).isEmpty)
        // A process that entered a jail (jexec: jail_attach, then exec) is read again.
        var attached = [Self.steady(Self.process(7, "sh", jid: 3, elapsed: 501))]
        #expect(cache.complete(&attached, alsoRead: []).keys.sorted() == [7])
    }

    @Test func countersCarryEverythingElseOfKnownProcesses() {
        let known = [Self.process(10, "sshd", cpu: 5), Self.process(20, "nginx", cpu: 2), Self.process(30, "cron")]
        var cache = ProcessCache()
        cache.remember(known)
        var busier = Self.process(10, "sshd", elapsed: 102, cpu: 7.25)
        busier.rssBytes = 1 << 20
        busier.threads = 4
        // 20 reused its pid (less CPU than before), 25 is new, 30 moved jails, 40 is on screen.
        let counters = [
            Self.counters(busier), Self.counters(Self.process(20, "x", elapsed: 102, cpu: 0.5)),
            Self.counters(Self.process(25, "x", elapsed: 1)), Self.counters(Self.process(30, "x", jid: 2, elapsed: 101)),
        ]
        let (rows, pending) = cache.rows(from: counters, alsoRead: [10])
        #expect(rows.map(\.pid) == [10, 20, 25, 30])
        #expect(pending == [10: 0, 20: 1, 25: 2, 30: 3])
        // The known process: its text as last read, its counters from this run.
        #expect(rows[0].command == "sshd" && rows[0].args == known[0].args && rows[0].user == "u80")
        #expect(rows[0].cpuTimeS == 7.25 && rows[0].rssBytes == 1 << 20 && rows[0].threads == 4 && rows[0].elapsedS == 102)
        #expect(rows[0].vszBytes == known[0].vszBytes && rows[0].state == "S")
        // A new one holds its counters and nothing that looks like a real value.
        #expect(rows[2].jid == 1 && rows[2].command == "?" && rows[2].user == "?" && rows[2].uid == -1 && rows[2].args.isEmpty)
        // Until read, a counters-only row is never taken for the process it stands in for.
        var again = ProcessCache()
        again.remember(rows)
        #expect(again.rows(from: [counters[2]], alsoRead: []).pending == [25: 0])
    }

    /// The rows are written over the storage of two refreshes ago: whatever was there (the same
    /// process with other numbers, another process, a gone one), the result is the same.
    @Test func rowsWrittenOverOldStorageAreTheKnownRowsWithNewCounters() {
        var older = [Self.process(10, "sshd", cpu: 1), Self.process(20, "nginx"), Self.process(30, "cron"), Self.process(35, "gone")]
        older[0].state = "R"
        older[1].priority = 99
        var current = [Self.process(10, "sshd", cpu: 2), Self.process(15, "new"), Self.process(20, "nginx", cpu: 3), Self.process(30, "cron", args: "cron -n")]
        current[1].nice = 5
        var cache = ProcessCache()
        cache.remember(older, recyclingStorage: true)
        cache.remember(current, recyclingStorage: true)
        let counters = current.map { p -> ProcessCounters in
            var c = Self.counters(p)
            c.cpuTimeS += 1
            c.threads = 7
            return c
        }
        let (rows, pending) = cache.rows(from: counters, alsoRead: [])
        #expect(pending.isEmpty)
        let expected = current.map { p -> JailProcess in
            var q = p
            q.cpuTimeS += 1
            q.threads = 7
            return q
        }
        #expect(rows == expected)
    }

    @Test func steadyRowsOfListedJailsReplaceTheCarriedOnes() {
        var cache = ProcessCache()
        cache.remember([Self.process(10, "sshd"), Self.process(20, "nginx"), Self.process(30, "cron")])
        var (rows, pending) = cache.rows(
            from: [10, 20, 30, 40].map { Self.counters(Self.process($0, "x", elapsed: 101, cpu: 2)) }, alsoRead: [])
        #expect(pending == [40: 3])
        // The listed jail's processes in the steady layout: 10 changed state, 20 exec'd, 35
        // started after the counters run, and 40 is pending already (its full read covers it).
        var running = Self.steady(Self.process(10, "sshd", elapsed: 101, cpu: 2))
        running.state = "R"
        let steady = [
            running, Self.steady(Self.process(20, "backup", elapsed: 101, cpu: 2)), Self.steady(Self.process(35, "new")),
            Self.steady(Self.process(40, "sh", elapsed: 101, cpu: 2)),
        ]
        ProcessCache.refresh(&rows, with: steady, pending: &pending)
        #expect(rows[0].state == "R" && rows[0].args == "/usr/bin/sshd --pid 10" && rows[0].user == "u80")
        #expect(pending == [20: 1, 40: 3])
        #expect(rows.map(\.pid) == [10, 20, 30, 40])
    }

    @Test func aPendingProcessTheFullReadDidNotPrintHasExited() {
        var rows = [Self.process(10, "sshd"), ProcessCache.countersOnly(Self.counters(Self.process(20, "x"))), Self.process(30, "cron")]
        let pending = [20: 1, 30: 2]
        var kept = rows
        // A failed (partial) read says nothing about the missing: they stay.
        ProcessCache.merge([Self.process(30, "cron", args: "cron -s")], into: &kept, pending: pending, dropMissing: false)
        #expect(kept.map(\.pid) == [10, 20, 30] && kept[2].args == "cron -s")
        ProcessCache.merge([Self.process(30, "cron", args: "cron -s")], into: &rows, pending: pending, dropMissing: true)
        #expect(rows.map(\.pid) == [10, 30] && rows[1].args == "cron -s")
    }
}
