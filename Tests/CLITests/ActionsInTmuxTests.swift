import Foundation
import Testing

/// Actions driven from the real dashboard in tmux: on the demo host (the fixture controller
/// changes the replayed host) and against the stand-in FreeBSD tools under JAILTOP_ROOT,
/// checking the argv each tool received and the action log.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct ActionsInTmuxTests {
    @Test func demoStopStartLimitAndShell() throws {
        let t = try TmuxSession(width: 120, height: 40)
        defer { t.close() }
        try t.run(CommandRunner.commandLine("-d 0.5"))
        try t.waitFor("Jails: 11 running")
        try t.keys("N", "Home", "x")
        var screen = try t.waitFor("Really stop jail www?")
        #expect(screen.contains("/usr/sbin/jail -r -f /etc/jail.conf -- www"))
        try t.keys("y")
        try t.waitFor("(demo) www stopped")
        screen = try t.waitFor("0 dying, 3 stopped".replacingOccurrences(of: "0", with: "1"))  // dying for a sample, then stopped
        #expect(screen.contains("Jails: 10 running"))
        try t.keys("u")
        try t.waitFor("Really start jail www?")
        try t.keys("y")
        try t.waitFor("(demo) www started")
        try t.waitFor("Jails: 11 running")
        // A new limit, and its bar on the Limits tab.
        try t.keys("2", "n")
        try t.waitFor("New limit for www")
        try t.tmux(["send-keys", "-t", t.name, "-l", "nthr:deny=100"], capture: false)
        try t.keys("Enter")
        screen = try t.waitFor("Really add limit jail:www:nthr:deny=100?")
        #expect(screen.contains("Usage now"))
        try t.keys("y")
        try t.waitFor("(demo) added jail:www:nthr:deny=100")
        screen = try t.waitFor("/ 100 deny")
        #expect(screen.contains("nthr            ["))
        // The shell: the dashboard steps aside and comes back.
        try t.keys("e")
        try t.waitFor("demo-www#")
        try t.run("exit")
        try t.waitFor("back from the shell in www")
        try t.keys("q")
        #expect(isSaneTTY(try t.sttyAfterExit()))
    }

    /// The dashboard in tmux on a fresh stand-in host, its action log at a path given as is
    /// (not under JAILTOP_ROOT), up and showing the host's jails.
    static func dashboardOnAStandInHost() throws -> (StandInHostTests.Host, TmuxSession, String) {
        let host = try StandInHostTests.Host()
        let log = host.root.appendingPathComponent("actions.log").path
        let t = try TmuxSession(width: 120, height: 40, environment: ["JAILTOP_ROOT": host.root.path])
        try t.run(CommandRunner.commandLine("-d 1 --action-log \(log)", source: .live))
        try t.waitFor("Jails: 5 running")
        return (host, t, log)
    }

    /// Issue 16 (2): Enter on a process shows it in full, with its threads, open files and
    /// rules read from ps -H, procstat -f and rctl -l on the (stand-in) host.
    @Test func aProcessInFullOnAStandInHost() throws {
        let (host, t, _) = try Self.dashboardOnAStandInHost()
        defer { t.close(); host.remove() }
        try t.keys("N", "Home", "Tab", "/", "c", "r", "o", "n", "Enter", "Enter")
        let screen = try t.waitFor("jail:www:maxproc:deny=200")
        #expect(screen.contains("Process 2125"))
        #expect(screen.contains("/usr/sbin/cron -J 60 -s"))
        #expect(screen.contains("100141 -") && screen.contains("nanslp"))
        #expect(screen.contains(" 2125 cron              cwd v d r--------   -       - -   /var/cron"))
        try t.keys("Escape", "q")
        _ = try t.sttyAfterExit()
        let calls = host.calls
        #expect(calls.contains("ps -H -p 2125 -o lwp,tdname,state,pri,%cpu,time,wchan"))
        #expect(calls.contains("procstat -f 2125"))
        #expect(calls.contains("rctl -l process:2125"))
    }

    /// Issue 11 (10): a jexec that fails at once (the jail went away) used to flash its message
    /// and give "back from the shell"; and no shell was logged.
    @Test func aFailingJexecIsShownAndEveryShellIsLogged() throws {
        let (host, t, log) = try Self.dashboardOnAStandInHost()
        defer { t.close(); host.remove() }
        try t.keys("N", "Home", "e")
        try t.waitFor("stand-in jexec")
        Thread.sleep(forTimeInterval: 2.2)  // a shell used for a while: no "ended at once" stop
        try t.run("exit 3")
        try t.waitFor("the shell in www ended: exit status 3")
        try host.control("jexec", "fail")
        try t.keys("e")
        var screen = try t.waitFor("ended at once (exit status 1)")
        #expect(screen.contains("jexec: jail"), "\(screen)")
        try t.keys("Enter")
        screen = try t.waitFor("the shell in www ended: exit status 1")
        try t.keys("q")
        #expect(isSaneTTY(try t.sttyAfterExit()))
        let written = try String(contentsOfFile: log, encoding: .utf8)
        #expect(written.contains("action=\"shell in jail www\" argv=\"\(host.root.path)/usr/sbin/jexec -l -U root -- 1\" status=3"), "\(written)")
        #expect(written.contains("status=1 message=\"exit status 1\""), "\(written)")
    }

    @Test func standInToolsReceiveTheExactArgv() throws {
        let (host, t, log) = try Self.dashboardOnAStandInHost()
        defer { t.close(); host.remove() }
        try t.keys("N", "Home", "x")
        try t.waitFor("Really stop jail www?")
        try t.keys("y")
        try t.waitFor("www stopped")
        try t.keys("Down", "r")
        try t.waitFor("Really restart jail db?")
        try t.keys("y")
        try t.waitFor("db restarted (JID 2 → 77)")
        try t.keys("Home", "2", "n")
        try t.tmux(["send-keys", "-t", t.name, "-l", "maxproc:deny=300"], capture: false)
        try t.keys("Enter")
        try t.waitFor("Really add limit jail:www:maxproc:deny=300?")
        try t.keys("y")
        try t.waitFor("added jail:www:maxproc:deny=300")
        try t.keys("1", "Tab", "Home", "k")
        try t.waitFor("Send a signal")
        try t.keys("Enter")  // the first target is the selected process; the first signal TERM
        try t.waitFor("Really send SIGTERM to process")
        try t.keys("y")
        try t.waitFor("sent SIGTERM")
        try t.keys("q")
        #expect(isSaneTTY(try t.sttyAfterExit()))

        let calls = host.calls
        let root = host.root.path
        #expect(calls.contains("jail -r -f \(root)/etc/jail.conf -- www"))
        #expect(calls.contains("jls -j www"))
        #expect(calls.contains("jail -rc -f \(root)/etc/jail.conf -- db"))
        #expect(calls.contains("jls -j db jid"))
        #expect(calls.contains("rctl -a jail:www:maxproc:deny=300"))
        #expect(calls.contains("rctl jail:www"))
        #expect(calls.contains { $0.hasPrefix("kill -s TERM -- ") })
        #expect(calls.contains { $0.hasPrefix("ps -o pid= -p ") })
        let written = try String(contentsOfFile: log, encoding: .utf8)
        #expect(written.contains("argv=\"/usr/sbin/jail -r -f \(root)/etc/jail.conf -- www\" status=0"), "\(written)")
        #expect(written.contains("result=ok"))
        #expect(written.contains("db restarted (JID 2 → 77)"), "the log is UTF-8")
        #expect(!FileManager.default.fileExists(atPath: host.root.appendingPathComponent(String(log.dropFirst())).path))
    }
}
