import Foundation
import Testing

/// Issue 15 (4): every action is also a command — `jailtop start|stop|restart|kill|limit|shell`
/// — decided by the same plan as the keys, with --dry-run, the action log, and exit status 0
/// (done), 1 (refused or failed) and 2 (usage). Run against a stand-in host that logs argv.
@Suite struct ActionCommandsTests {
    typealias Host = StandInHostTests.Host

    /// The calls of the tools that act (not the ones a sample reads).
    static func actingCalls(_ host: Host) -> [String] {
        host.calls.filter { ["jail ", "kill ", "pkill ", "rctl -a", "rctl -r", "tee "].contains(where: $0.hasPrefix) }
    }

    @Test func stopRunsTheJailConfCommandLogsItAndSaysSo() throws {
        let host = try Host()
        defer { host.remove() }
        let log = host.root.appendingPathComponent("actions.log").path
        let dry = try host.run(["stop", "--dry-run", "www"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout == "/usr/sbin/jail -r -f \(host.root.path)/etc/jail.conf -- www\n")
        #expect(Self.actingCalls(host).isEmpty, "a dry run runs nothing")

        let r = try host.run(["stop", "--action-log", log, "--", "www"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "www stopped\n")
        #expect(Self.actingCalls(host) == ["jail -r -f \(host.root.path)/etc/jail.conf -- www"])
        // Checked with jls afterwards, as the dashboard does.
        #expect(host.calls.contains("jls -j www"))
        let logged = try String(contentsOfFile: log, encoding: .utf8)
        #expect(logged.contains("action=\"stop jail www\" argv=\"/usr/sbin/jail -r -f \(host.root.path)/etc/jail.conf -- www\" status=0"))
        #expect(logged.contains("result=ok message=\"www stopped\""))
    }

    @Test func refusalsAndUnknownJailsExit1AndUsageExits2() throws {
        let host = try Host()
        defer { host.remove() }
        let running = try host.run(["start", "www"])
        #expect(running.status == 1)
        #expect(running.stderr == "jailtop: www is already running\n")
        let stopped = try host.run(["restart", "build"])
        #expect(stopped.status == 1 && stopped.stderr == "jailtop: build is not running\n")
        let missing = try host.run(["stop", "nosuch"])
        #expect(missing.status == 1 && missing.stderr == "jailtop: jail \"nosuch\" not found\n")
        for args in [["stop"], ["kill"], ["kill", "-s", "NOSUCH", "2102"], ["kill", "-J", "www", "2102"],
                     ["limit", "add", "www:memoryuse:deny=1g"], ["limit", "add", "jail:www:cputime:deny=10"], ["start", "a", "b"]] {
            let r = try host.run(args)
            #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        #expect(Self.actingCalls(host).isEmpty)
    }

    @Test func aFailedActionExits1WithEachCommandAndItsStderr() throws {
        let host = try Host()
        defer { host.remove() }
        try host.control("jail", "fail")
        let r = try host.run(["restart", "db", "--action-log", host.root.appendingPathComponent("a.log").path])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("jailtop: restart jail db failed: jail: simulated failure: Operation not permitted\n"))
        #expect(r.stderr.contains("jailtop:   $ /usr/sbin/jail -rc -f \(host.root.path)/etc/jail.conf -- db: exit status 1"))
    }

    @Test func startOfAStoppedJailIsCheckedWithJls() throws {
        let host = try Host()
        defer { host.remove() }
        let r = try host.run(["start", "build", "--action-log", host.root.appendingPathComponent("a.log").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("build started (JID "))
        #expect(Self.actingCalls(host) == ["jail -c -f \(host.root.path)/etc/jail.conf -- build"])
    }

    @Test func killSignalsJailedProcessesOnly() throws {
        let host = try Host()
        defer { host.remove() }
        let log = host.root.appendingPathComponent("a.log").path
        let r = try host.run(["kill", "-s", "hup", "--action-log", log, "2102", "2103"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.actingCalls(host) == ["kill -s HUP -- 2102 2103"])
        let hostProcess = try host.run(["kill", "1"])
        #expect(hostProcess.status == 1 && hostProcess.stderr.contains("process 1 is not in a jail"))
        let unknown = try host.run(["kill", "999999"])
        #expect(unknown.status == 1 && unknown.stderr == "jailtop: no process 999999\n")
        let jail = try host.run(["kill", "-J", "db", "-s", "KILL", "--dry-run"])
        #expect(jail.status == 0 && jail.stdout == "/usr/bin/pkill -KILL -j 2\n")
        #expect(Self.actingCalls(host) == ["kill -s HUP -- 2102 2103"])
    }

    @Test func limitsAreCheckedAddedAndRemovedByTheirRule() throws {
        let host = try Host()
        defer { host.remove() }
        let log = host.root.appendingPathComponent("a.log").path
        let add = try host.run(["limit", "add", "--action-log", log, "jail:www:maxproc:deny=300"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout == "added jail:www:maxproc:deny=300\n")
        let rm = try host.run(["limit", "rm", "--action-log", log, "jail:www:memoryuse:deny"])
        #expect(rm.status == 0, "\(rm.stderr)")
        #expect(Self.actingCalls(host) == ["rctl -a jail:www:maxproc:deny=300", "rctl -r jail:www:memoryuse:deny=2147483648"])
        let none = try host.run(["limit", "rm", "jail:www:nthr:deny"])
        #expect(none.status == 1 && none.stderr.contains("www has no limit nthr:deny; it has jail:www:"))
        let boot = try host.run(["limit", "add", "--rctl-conf", "--dry-run", "jail:db:vmemoryuse:deny=10g"])
        #expect(boot.status == 0)
        #expect(boot.stdout == "/usr/bin/rctl -a jail:db:vmemoryuse:deny=10737418240\necho jail:db:vmemoryuse:deny=10737418240 | /usr/bin/tee -a \(host.root.path)/etc/rctl.conf\n")
    }

    @Test func shellDryRunNamesJexecAndAStoppedJailIsRefused() throws {
        let host = try Host()
        defer { host.remove() }
        let r = try host.run(["shell", "--dry-run", "www"])
        #expect(r.status == 0 && r.stdout == "\(host.root.path)/usr/sbin/jexec -l -U root -- 1\n")
        let program = try host.run(["shell", "--dry-run", "--shell", "/bin/csh", "1"])
        #expect(program.stdout == "\(host.root.path)/usr/sbin/jexec -l -U root -- 1 /bin/csh\n")
        let stopped = try host.run(["shell", "build"])
        #expect(stopped.status == 1 && stopped.stderr == "jailtop: build is not running\n")
    }

    @Test func theDemoHostTakesTheCommandsToo() throws {
        let r = try CommandRunner.run(["stop", "--dry-run", "www"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.isEmpty)
    }
}
