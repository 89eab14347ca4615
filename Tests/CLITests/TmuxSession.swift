import Foundation
import JailtopTestSupport
import JailtopApp
import JailtopCollect

/// A private tmux server running a shell, to drive the real `jailtop` binary in a real
/// terminal: type keys, read the screen, resize, and check the tty afterwards (style.md §8.11).
final class TmuxSession {
    let socket = "jailtop-test-\(UUID().uuidString.prefix(8))"
    let name = "t"

    /// Whether tmux is installed (in /usr/bin on Debian, /usr/local/bin from FreeBSD's ports).
    static var available: Bool { ExternalTool.path("tmux") != nil }

    init(width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        var env = ["TZ=UTC", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "PS1=$ "]
        // No user's jailtoprc changes what a test sees, unless the test gives one.
        if environment["XDG_CONFIG_HOME"] == nil { env.append("XDG_CONFIG_HOME=/nonexistent/jailtop-tests") }
        env += environment.map { "\($0.key)=\($0.value)" }
        // A plain sh with a known prompt; TERM inside tmux is tmux's own.
        // The server forks from this call and would hold a stdout pipe open forever: no capture.
        try tmux(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), "env"] + env + ["sh"], capture: false)
        try tmux(["set-option", "-t", name, "status", "off"], capture: false)
    }

    deinit {
        close()
    }

    /// Runs one tmux command and returns what it printed. (The first command forks the tmux
    /// server, which would keep an output pipe open forever: output goes through a file.)
    @discardableResult
    func tmux(_ args: [String], capture: Bool = true) throws -> String {
        try Spawn.run(ExternalTool.require("tmux"), ["-L", socket] + args, capture: capture).output
    }

    /// Ends the tmux server and everything running in it, and removes its socket file (which
    /// kill-server leaves behind: one per test, in the shared tmux directory).
    func close() {
        _ = try? tmux(["kill-server"], capture: false)
        let directory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        _ = unlink("\(directory)/tmux-\(getuid())/\(socket)")
    }

    /// Types a line into the shell.
    func run(_ command: String) throws {
        try tmux(["send-keys", "-t", name, "-l", command], capture: false)
        try tmux(["send-keys", "-t", name, "Enter"], capture: false)
    }

    /// Sends tmux key names (`Down`, `Enter`, `q`, `C-c`).
    func keys(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys, capture: false)
    }

    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)], capture: false)
    }

    var paneTitle: String { (try? tmux(["display-message", "-p", "-t", name, "#{pane_title}"])) ?? "" }

    /// Waits until the screen contains `text`, every one of `also` and none of `absent` (or
    /// `timeout` passes); returns the last screen. `absent` keeps a frame drawn mid-typing (a
    /// filter one letter short) from being taken for the one asked for; `also` keeps a frame
    /// captured while curses is still drawing a dialog (its title there, its body not yet)
    /// from being taken for the whole dialog.
    @discardableResult
    func waitFor(_ text: String, also: [String] = [], absent: [String] = [], timeout: TimeInterval = 15) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        let matches = { (screen: String) in
            screen.contains(text) && also.allSatisfy(screen.contains) && !absent.contains(where: screen.contains)
        }
        while Date() < deadline {
            last = try screen()
            if matches(last) {
                // curses writes a large frame in several pieces; a capture between them shows
                // the new frame's first lines over the old one's rest. Take the screen once it
                // has had a moment to settle, and only if it still matches.
                Thread.sleep(forTimeInterval: 0.1)
                last = try screen()
                if matches(last) { return last }
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TmuxTimeout(text: text, screen: last)
    }

    /// Waits until the dashboard has left the screen, then runs `stty -a` in the shell and
    /// returns its output, to check the tty was restored. (Typing while jailtop still owns the
    /// raw tty would leave a CR in the shell's input that no longer means Enter.)
    func sttyAfterExit() throws -> String {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, try screen().contains("F1Help") { Thread.sleep(forTimeInterval: 0.05) }
        Thread.sleep(forTimeInterval: 0.3)
        try run("clear; stty -a; echo STTY\"\"-DONE")  // the command line itself must not match
        return try waitFor("STTY-DONE")
    }
}

/// The screen never showed the expected text.
struct TmuxTimeout: Error, CustomStringConvertible {
    var text: String
    var screen: String
    var description: String { "timed out waiting for \"\(text)\"; screen was:\n\(screen)" }
}

/// Whether `stty -a` output shows a sane, cooked terminal (what every exit path must leave).
func isSaneTTY(_ stty: String) -> Bool {
    let words = Set(stty.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
    return words.contains("icanon") && words.contains("echo") && words.contains("isig") && !words.contains("-icanon") && !words.contains("-echo")
}

/// Starts programs with posix_spawn and waits with waitpid, for the terminal tests: daemons
/// (the tmux server, sshd) and their clients must not depend on Foundation.Process's reaping,
/// which left exited tmux clients unreaped here.
enum Spawn {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `path` with stdin and stderr on /dev/null and stdout to `output`; returns its pid.
    static func start(_ path: String, _ args: [String], output: String = "/dev/null") throws -> pid_t {
        var actions = PosixSpawn.emptyFileActions()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + args).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        // Test-runner threads block most signals: without clean attributes the tmux server
        // could not even be told to exit.
        let result = CleanSpawnAttributes.with { posix_spawn(&pid, path, &actions, $0, argv + [nil], environ) }
        guard result == 0 else { throw Failure(description: "cannot start \(path): error \(result)") }
        return pid
    }

    /// Waits for a child started with `start`; returns its wait status.
    @discardableResult
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status
    }

    /// Runs to completion; returns the wait status and what it printed (when captured).
    @discardableResult
    static func run(_ path: String, _ args: [String], capture: Bool = true) throws -> (status: Int32, output: String) {
        let file = capture ? FileManager.default.temporaryDirectory.appendingPathComponent("spawn-\(UUID().uuidString)").path : "/dev/null"
        defer { if capture { try? FileManager.default.removeItem(atPath: file) } }
        let status = wait(try start(path, args, output: file))
        return (status, capture ? ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "") : "")
    }
}
