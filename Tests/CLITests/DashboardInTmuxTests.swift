import Foundation
import Testing

/// The real `jailtop` dashboard in a real terminal (tmux): start, navigate, sort, filter,
/// open each tab, resize, quit — and the terminal is sane again after q, SIGTERM and SIGHUP.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct DashboardInTmuxTests {
    static let small = CommandRunner.fixtures.appendingPathComponent("small.jsonl").path

    @Test func navigateSortFilterTabsResizeAndQuit() throws {
        let t = try TmuxSession(width: 120, height: 40)
        defer { t.close() }
        try t.run(CommandRunner.commandLine("-d 1"))
        var screen = try t.waitFor("Jails: 11 running")
        #expect(screen.contains("JID NAME") && screen.contains("F1Help"))
        // Sort by JID, select www, open its detail.
        try t.keys("N", "Home", "Enter")
        screen = try t.waitFor("www (JID 1)")
        #expect(screen.contains("php-fpm: pool www"))
        // Each tab.
        try t.keys("2")
        try t.waitFor("memoryuse       [")
        try t.keys("3")
        try t.waitFor("configured           yes")
        try t.keys("4")
        try t.waitFor("shares the host's network stack")
        try t.keys("1", "t")
        try t.waitFor("COMMAND (tree)")
        // Back to the jail list, filter, sort.
        try t.keys("Escape", "F4", "c", "a", "c", "h", "e", "Enter")
        screen = try t.waitFor("cache (JID 6)", absent: ["ci.runner1"])
        #expect(!screen.contains("ci.runner1") && !screen.contains(" www "))
        try t.keys("F4", "Escape", "M")
        try t.waitFor("MEM▼")
        try t.keys("?")
        try t.waitFor("FreeBSD jails at a glance")
        try t.keys("Escape")
        // Resize: the frame follows at once.
        try t.resize(width: 80, height: 24)
        screen = try t.waitFor("NET RX/TX")
        #expect(!screen.contains("CPU HISTORY"))
        try t.keys("q")
        let stty = try t.sttyAfterExit()
        #expect(isSaneTTY(stty), "\(stty)")
    }

    /// Issue 16 (6, 7): at 80x24 the help scrolls to its last line, and `!` lists the messages
    /// shown so far with their times.
    @Test func helpScrollsAndMessagesHaveAHistory() throws {
        let t = try TmuxSession(width: 80, height: 24)
        defer { t.close() }
        try t.run(CommandRunner.commandLine("-d 1"))
        try t.waitFor("Jails: 11 running")
        try t.keys("F1")
        var screen = try t.waitFor("PgUp/PgDn scroll")
        #expect(screen.contains("FreeBSD jails at a glance") && !screen.contains("LIM% is the share"))
        try t.keys("End")
        screen = try t.waitFor("LIM% is the share", absent: ["FreeBSD jails at a glance"])
        try t.keys("Escape", "s", "w")
        try t.waitFor("w does nothing here")
        try t.keys("!")
        screen = try t.waitFor("Messages")
        let times = screen.split(separator: "\n").filter { $0.range(of: #"\d\d:\d\d:\d\d  "#, options: .regularExpression) != nil }
        #expect(times.contains { $0.contains("jails sorted by") })
        #expect(times.contains { $0.contains("w does nothing here (? lists the keys)") })
        try t.keys("q", "q")
        _ = try t.sttyAfterExit()
    }

    /// Issue 16 (8): columns hidden on the setup screen and saved come back on the next start;
    /// a line of jailtoprc that does not read is named with its file and line, and the rest holds.
    @Test func savedColumnsComeBackOnTheNextStart() throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: config) }
        let file = config.appendingPathComponent("jailtop/jailtoprc").path
        let t = try TmuxSession(width: 120, height: 40, environment: ["XDG_CONFIG_HOME": config.path])
        defer { t.close() }
        try t.run(CommandRunner.commandLine("-d 1"))
        var screen = try t.waitFor("Jails: 11 running")
        #expect(screen.contains(" THR "))
        // THR is the ninth of the jail table's columns: JID NAME MANAGER STATE CPU% MEM LIM% PROCS THR.
        try t.keys("F2")
        try t.waitFor("[Jail table]")
        for _ in 0..<8 { try t.keys("Down") }
        try t.keys("Space", "w")
        try t.waitFor("settings saved to \(file)")
        try t.keys("Escape", "q")
        _ = try t.sttyAfterExit()
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        #expect(saved.contains("jail_columns = jid name manager state cpu mem lim procs diskrw netrxtx address cpuhistory\n"))
        #expect(saved.contains("theme = default\n"))
        try t.run(CommandRunner.commandLine())
        screen = try t.waitFor("Jails: 11 running")
        #expect(!screen.contains(" THR ") && screen.contains("PROCS"))
        #expect(screen.contains("every 1s"), "the saved delay")
        try t.keys("q")
        _ = try t.sttyAfterExit()
        // A broken line costs that line only.
        try (saved + "colour = red\n").write(toFile: file, atomically: true, encoding: .utf8)
        try t.run(CommandRunner.commandLine())
        try t.waitFor("Jails: 11 running")
        try t.keys("!")
        screen = try t.waitFor("unknown setting colour")
        #expect(screen.contains("jailtoprc:8:"))
        try t.keys("q", "q")
        _ = try t.sttyAfterExit()
    }

    /// Issue 16 (9): a press in the real terminal selects the jail under it (xterm's mouse
    /// report, as the terminal sends it); with --no-mouse the press is the terminal's.
    @Test func aMousePressSelectsAJail() throws {
        for noMouse in [false, true] {
            let t = try TmuxSession(width: 120, height: 40)
            defer { t.close() }
            try t.run(CommandRunner.commandLine("-d 1" + (noMouse ? " --no-mouse" : "")))
            let screen = try t.waitFor("Jails: 11 running")
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            let y = try #require(lines.firstIndex { $0.hasPrefix("   2 db ") })
            // X10 encoding: ESC [ M, then button + 32, column + 33, row + 33; press, then release.
            func report(_ button: Int) -> String {
                "\u{1B}[M" + String(UnicodeScalar(UInt8(32 + button))) + String(UnicodeScalar(UInt8(33 + 6))) + String(UnicodeScalar(UInt8(33 + y)))
            }
            try t.tmux(["send-keys", "-t", t.name, "-l", report(0) + report(3)], capture: false)
            if noMouse {
                Thread.sleep(forTimeInterval: 1)
                #expect(!(try t.screen()).contains("db (JID 2)"))
            } else {
                try t.waitFor("db (JID 2)")
            }
            try t.keys("q")
            _ = try t.sttyAfterExit()
        }
    }

    /// Issue 16 (3): `J 0` lists the host's own processes, `0` every process with its jail.
    @Test func hostProcessesAreOneKeyAway() throws {
        let t = try TmuxSession(width: 120, height: 40)
        defer { t.close() }
        try t.run(CommandRunner.commandLine("-d 1"))
        try t.waitFor("Jails: 11 running")
        try t.keys("J", "0", "Enter")
        var screen = try t.waitFor("host processes (in no jail)")
        #expect(screen.contains("[J 0: host processes]") && screen.contains("/usr/sbin/cron -s"))
        try t.keys("0")
        screen = try t.waitFor("PID JAIL")
        #expect(screen.contains("every process on the host"))
        try t.keys("Escape")
        try t.waitFor("1 Processes", absent: ["PID JAIL"])
        try t.keys("q")
        _ = try t.sttyAfterExit()
    }

    @Test(arguments: [SIGTERM, SIGHUP, SIGINT])
    func signalsRestoreTheTerminal(signal: Int32) throws {
        let t = try TmuxSession(width: 100, height: 30)
        defer { t.close() }
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-pid-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        try t.run("sh -c 'echo $$ > \(pidFile); exec \(CommandRunner.commandLine())'")
        try t.waitFor("Jails: 11 running")
        let text = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(pid_t(text), "pid file held \"\(text)\"")
        try #require(pid > 1)  // kill(0, …) would signal the test runner's own process group
        kill(pid, signal)
        let stty = try t.sttyAfterExit()
        #expect(isSaneTTY(stty), "\(stty)")
        #expect(!stty.contains("F1Help"), "the dashboard was left on the screen")
    }

    /// Issue 9 (5) and 11 (10): a crash signal sent from outside ends the dashboard at once (on
    /// FreeBSD, kill(2) gives it a positive si_code), with the terminal restored and the
    /// backtrace in a file named on the terminal, not after 30 s in an interactive backtracer.
    @Test(arguments: [SIGSEGV, SIGABRT, SIGBUS])
    func aCrashSignalEndsItAtOnceWithTheBacktraceInAFile(signal: Int32) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let t = try TmuxSession(width: 100, height: 30, environment: ["TMPDIR": directory.path])
        defer { t.close() }
        let pidFile = directory.appendingPathComponent("pid").path
        try t.run("sh -c 'echo $$ > \(pidFile); exec \(CommandRunner.commandLine())'; echo RC\"\"=$?")
        try t.waitFor("Jails: 11 running")
        let text = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(pid_t(text))
        try #require(pid > 1)
        let start = Date()
        kill(pid, signal)
        let screen = try t.waitFor("RC=\(128 + signal)", timeout: 20)
        #expect(Date().timeIntervalSince(start) < 10, "the crash took \(Date().timeIntervalSince(start)) s")
        let unwrapped = screen.replacingOccurrences(of: "\n", with: "")
        #expect(unwrapped.contains("jailtop: crashed; the backtrace is in \(directory.path)/jailtop-crash.\(pid).txt"), "\(screen)")
        let log = try String(contentsOfFile: directory.appendingPathComponent("jailtop-crash.\(pid).txt").path, encoding: .utf8)
        #expect(log.contains("Thread") || log.contains("Backtracing"), "\(log.prefix(300))")
        #expect(!screen.contains("F1Help"), "the dashboard was left on the screen")
        #expect(isSaneTTY(try t.sttyAfterExit()))
    }

    @Test func hostileProcessNamesNeverReachTheTerminal() throws {
        let t = try TmuxSession(width: 120, height: 30)
        defer { t.close() }
        try t.run(CommandRunner.commandLine("--fixture \(Self.small) -J db.main"))
        try t.keys("Enter")
        let screen = try t.waitFor("mallory")
        // The ESC of "\e[31m" and the OSC title sequence were replaced, not interpreted.
        #expect(screen.contains("evil \u{FFFD}[31mred"))
        #expect(!t.paneTitle.contains("pwned"))
        try t.keys("q")
        #expect(isSaneTTY(try t.sttyAfterExit()))
    }

    @Test func asciiAndNoColorModes() throws {
        let t = try TmuxSession(width: 100, height: 30, environment: ["NO_COLOR": "1"])
        defer { t.close() }
        try t.run(CommandRunner.commandLine("--ascii"))
        let screen = try t.waitFor("Jails:")
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII })
        try t.keys("q")
        #expect(isSaneTTY(try t.sttyAfterExit()))
    }

    @Test func tinyTerminalSaysSoAndRecovers() throws {
        let t = try TmuxSession(width: 80, height: 24)
        defer { t.close() }
        try t.run(CommandRunner.commandLine())
        try t.waitFor("Jails:")
        try t.resize(width: 18, height: 4)
        try t.waitFor("too small")
        try t.resize(width: 80, height: 24)
        try t.waitFor("Jails:")
        try t.keys("q")
        #expect(isSaneTTY(try t.sttyAfterExit()))
    }
}
