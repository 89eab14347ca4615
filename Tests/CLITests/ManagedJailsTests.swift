import Foundation
import Testing

@testable import JailtopModel

/// Jails that belong to jail managers (issue 14), end to end: the real binary on a stand-in
/// host that has every manager's files (Fixtures/managers-host), stand-in manager CLIs that
/// log their argv and start or stop jails in what the stand-in jls reports, and cbsd's
/// database made with the real sqlite3.
@Suite(.serialized) struct ManagedJailsTests {
    /// A private copy of the stand-in host's tools with the managers host laid over it.
    struct ManagerHost {
        let root: URL

        init() throws {
            let fm = FileManager.default
            root = fm.temporaryDirectory.appendingPathComponent("jailtop-managers-\(UUID().uuidString)")
            try fm.copyItem(at: CommandRunner.fixtures.appendingPathComponent("standin-host"), to: root)
            // Its own jail.conf, jls and outputs replace the stand-in host's.
            for gone in ["etc/jail.conf.d", "usr/local/jails", "outputs/jls.json", "outputs/jls-list.json", "outputs/jids.txt"] { try fm.removeItem(at: root.appendingPathComponent(gone)) }
            let overlay = CommandRunner.fixtures.appendingPathComponent("managers-host")
            for item in try fm.subpathsOfDirectory(atPath: overlay.path) {
                let source = overlay.appendingPathComponent(item), target = root.appendingPathComponent(item)
                var isDirectory: ObjCBool = false
                _ = fm.fileExists(atPath: source.path, isDirectory: &isDirectory)
                if isDirectory.boolValue {
                    try fm.createDirectory(at: target, withIntermediateDirectories: true)
                } else {
                    if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
                    try fm.copyItem(at: source, to: target)
                }
            }
            for dir in ["usr/sbin", "usr/bin", "bin", "sbin", "usr/local/bin", "usr/local/sbin"] {
                for tool in try fm.contentsOfDirectory(atPath: root.appendingPathComponent(dir).path) {
                    try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.appendingPathComponent("\(dir)/\(tool)").path)
                }
            }
            try fm.createDirectory(at: root.appendingPathComponent("control"), withIntermediateDirectories: true)
            try fm.createDirectory(at: root.appendingPathComponent("usr/cbsd/var/db"), withIntermediateDirectories: true)
            let sqlite = Process()
            sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            sqlite.arguments = [root.appendingPathComponent("usr/cbsd/var/db/local.sqlite").path]
            sqlite.standardInput = try FileHandle(forReadingFrom: root.appendingPathComponent("cbsd-local.sql"))
            try sqlite.run()
            sqlite.waitUntilExit()
            guard sqlite.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        }

        static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") }

        func control(_ manager: String, _ mode: String) throws {
            try mode.write(to: root.appendingPathComponent("control/\(manager)"), atomically: true, encoding: .utf8)
        }

        var calls: [String] {
            ((try? String(contentsOf: root.appendingPathComponent("calls.log"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        func run(_ args: [String]) throws -> CommandRunner.Result {
            try CommandRunner.run(args, source: .live, environment: ["JAILTOP_ROOT": root.path])
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test(.enabled(if: ManagerHost.available, "sqlite3 is not installed")) func everyManagersJailsAreListedAndLabelled() throws {
        let host = try ManagerHost()
        defer { host.remove() }
        let r = try host.run(["snapshot", "--json"])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        let s = try JSONDecoder().decode(Snapshot.self, from: Data(r.stdout.utf8))
        let byKey = Dictionary(s.jails.map { ("\($0.managedBy?.manager ?? "-"):\($0.displayName)", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(
            Set(byKey.keys) == [
                "bastille:web", "iocage:web.1", "appjail:shared", "pot:cache", "-:plain", "cbsd:mail", "ezjail:web.example.com",
                "bastille:proxy", "bastille:shared", "iocage:db2", "iocell:legacy", "cbsd:dev", "ezjail:old.example.com", "qjail:ns",
                "qjail:ci",
            ])
        #expect(byKey["iocage:web.1"]?.name == "ioc-web_1" && byKey["iocage:web.1"]?.state == .running)
        #expect(byKey["bastille:proxy"]?.state == .stopped && byKey["bastille:proxy"]?.configured == true)
        // The running `shared` is AppJail's (its root matches); Bastille's is stopped, and cannot start.
        #expect(byKey["appjail:shared"]?.jid == 3 && byKey["bastille:shared"]?.jid == nil)
        #expect(byKey["bastille:shared"]?.managedBy?.conflict?.contains("held by running JID 3 at /usr/local/appjail/jails/shared/jail") == true)
        #expect(byKey["-:plain"]?.managedBy == nil && byKey["-:plain"]?.configured == true)
        // The fields scripts read, added to schema 1 as they are named in the issue.
        #expect(r.stdout.contains(#""manager":"iocage","manager_info":{"boot":true,"config":"/zroot/iocage/jails/web.1/config.json","notes":"customer A","priority":20,"release":"14.1-RELEASE-p5","tags":[]},"manager_name":"web.1","name":"ioc-web_1""#))
        #expect(host.calls.contains { $0.hasPrefix("sqlite3 -readonly -batch -header -ascii") })
        #expect(!host.calls.contains { $0.hasPrefix("bastille") || $0.hasPrefix("iocage") || $0.hasPrefix("cbsd") }, "no manager's list command")

        let table = try host.run(["snapshot"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("JID NAME            MANAGER   STATE"), "\(table.stdout)")
        #expect(table.stdout.contains("  2 web.1           iocage    running"))
        #expect(table.stdout.contains("  - shared          bastille! stopped"))
        // -J takes the manager's name too.
        let one = try host.run(["snapshot", "-J", "web.1"])
        #expect(one.status == 0 && one.stdout.contains("web.1") && !one.stdout.contains("plain"), "\(one.stderr)")
    }

    @Test(.enabled(if: ManagerHost.available, "sqlite3 is not installed")) func unreadableManagerFilesAreAWarningNotAFailure() throws {
        let host = try ManagerHost()
        defer { host.remove() }
        let jails = host.root.appendingPathComponent("usr/local/bastille/jails")
        try FileManager.default.removeItem(at: jails)
        try "x".write(to: jails, atomically: true, encoding: .utf8)
        try host.control("sqlite3", "fail")
        let r = try host.run(["snapshot"])
        #expect(r.status == 0, "the jails and processes were read")
        #expect(r.stderr.contains("managers: Bastille: cannot read /usr/local/bastille/jails: Not a directory"), "\(r.stderr)")
        #expect(r.stderr.contains("cbsd: cannot read /usr/cbsd/var/db/local.sqlite: sqlite3: sqlite3: simulated failure"), "\(r.stderr)")
        #expect(r.stdout.contains("web.1") && !r.stdout.contains("proxy"))
    }

    /// The dashboard on a fresh managers host, in tmux, its action log at a path of the test's.
    static func dashboard() throws -> (ManagerHost, TmuxSession, String) {
        let host = try ManagerHost()
        let log = host.root.appendingPathComponent("actions.log").path
        let t = try TmuxSession(width: 132, height: 40, environment: ["JAILTOP_ROOT": host.root.path])
        try t.run(CommandRunner.commandLine("-d 1 --action-log \(log)", source: .live))
        try t.waitFor("Jails: 7 running")
        return (host, t, log)
    }

    /// Shows only the jails matching `text` and selects the first.
    static func pick(_ t: TmuxSession, _ text: String) throws {
        try t.keys("Escape", "F4")
        try t.tmux(["send-keys", "-t", t.name, "-l", text], capture: false)
        try t.keys("Enter", "Home")
    }

    @Test(.enabled(if: ManagerHost.available && TmuxSession.available, "needs sqlite3 and tmux"))
    func startRestartAndStopGoThroughEachManager() throws {
        let (host, t, log) = try Self.dashboard()
        defer { t.close(); host.remove() }
        var screen = try t.waitFor("MANAGER")
        #expect(screen.contains("web.1") && screen.contains("iocage"), "\(screen)")
        // Start a stopped Bastille jail: the confirmation shows Bastille's command.
        try Self.pick(t, "proxy")
        try t.keys("u")
        screen = try t.waitFor("Really start Bastille jail proxy?")
        #expect(screen.contains("/usr/local/bin/bastille start proxy"), "\(screen)")
        try t.keys("y")
        try t.waitFor("proxy started (JID 100)")
        // Restart an iocage jail by iocage's name for it.
        try Self.pick(t, "web.1")
        try t.keys("r")
        screen = try t.waitFor("Really restart iocage jail web.1?")
        #expect(screen.contains("/usr/local/bin/iocage restart web.1"))
        try t.keys("y")
        try t.waitFor("web.1 restarted (JID 2 → 101)")
        // Stop a pot.
        try Self.pick(t, "cache")
        try t.keys("x")
        screen = try t.waitFor("Really stop pot jail cache?")
        #expect(screen.contains("/usr/local/bin/pot stop -p cache"))
        try t.keys("y")
        try t.waitFor("cache stopped")
        try t.keys("q")
        #expect(isSaneTTY(try t.sttyAfterExit()))

        let calls = host.calls
        #expect(calls.contains("bastille start proxy") && calls.contains("jls -j proxy jid"), "\(calls)")
        #expect(calls.contains("iocage restart web.1") && calls.contains("jls -j ioc-web_1 jid"))
        #expect(calls.contains("pot stop -p cache") && calls.contains("jls -j cache"))
        #expect(!calls.contains { $0.hasPrefix("jail ") }, "no bare jail(8) for a managed jail")
        let written = try String(contentsOfFile: log, encoding: .utf8)
        #expect(written.contains("argv=\"/usr/local/bin/bastille start proxy\" status=0"), "\(written)")
        #expect(written.contains("argv=\"/usr/local/bin/pot stop -p cache\" status=0"))
    }

    @Test(.enabled(if: ManagerHost.available && TmuxSession.available, "needs sqlite3 and tmux"))
    func aManagerThatExitsZeroOnFailureIsCaughtByJls() throws {
        let (host, t, _) = try Self.dashboard()
        defer { t.close(); host.remove() }
        try host.control("bastille", "lie")
        try Self.pick(t, "proxy")
        try t.keys("u")
        try t.waitFor("Really start Bastille jail proxy?")
        try t.keys("y")
        try t.waitFor("bastille exited 0 but proxy is not running")
        // A manager that fails says so with its own words.
        try host.control("cbsd", "fail")
        try t.keys("Enter")
        try Self.pick(t, "dev")
        try t.keys("u")
        try t.waitFor("Really start cbsd jail dev?")
        try t.keys("y")
        try t.waitFor("cbsd: simulated failure starting dev")
        try t.keys("Enter", "q")
        #expect(host.calls.contains("cbsd jstart jname=dev inter=0"))
    }

    @Test(.enabled(if: ManagerHost.available && TmuxSession.available, "needs sqlite3 and tmux"))
    func aSameNamedJailOfAnotherManagerIsNotStartedAndTheConsoleIsTheManagers() throws {
        let (host, t, _) = try Self.dashboard()
        defer { t.close(); host.remove() }
        // Two rows named shared: AppJail's running one, Bastille's stopped one.
        try Self.pick(t, "shared")
        try t.keys("End", "u")
        try t.waitFor("Bastille cannot start shared now: the name shared is held")
        // The filter by manager, shown in the header.
        try t.keys("Escape", "m")
        var screen = try t.waitFor("[AppJail]")
        #expect(screen.contains("shared") && !screen.contains("proxy"))
        try t.keys("m")
        screen = try t.waitFor("[Bastille]")
        // Under load the frame with the tag can come before the next sample's rows.
        if !screen.contains("proxy") { screen = try t.waitFor("proxy") }
        #expect(screen.contains("[Bastille]") && screen.contains("proxy") && !screen.contains("web.1"))
        // e on a Bastille jail: `bastille console`, the dashboard back after it.
        try Self.pick(t, "web")
        try t.keys("e")
        try t.waitFor("stand-in bastille console of web")
        try t.run("exit")
        try t.waitFor("back from the shell in web")
        try t.keys("q")
        #expect(host.calls.contains("bastille console web"))
    }

    @Test(.enabled(if: ManagerHost.available && TmuxSession.available, "needs sqlite3 and tmux"))
    func limitsAreKeptByTheManagerOrInRctlConf() throws {
        let (host, t, _) = try Self.dashboard()
        defer { t.close(); host.remove() }
        // A Bastille jail's limit goes through `bastille limits`, which keeps it in its rctl.conf.
        try Self.pick(t, "web")
        try t.keys("2", "n")
        var screen = try t.waitFor("New limit for web")
        #expect(screen.contains("Kept by Bastille where it can"), "\(screen)")
        try t.tmux(["send-keys", "-t", t.name, "-l", "memoryuse:deny=2g"], capture: false)
        try t.keys("Enter")
        // The dialog's lines may be caught half drawn; wait for those the test reads.
        let webCommand = "/usr/local/bin/bastille limits web add memoryuse 2147483648"
        let webKept = "Kept by Bastille (applied again at every start of web)."
        screen = try t.waitFor("Really add limit jail:web:memoryuse:deny=2147483648?", also: [webCommand, webKept])
        #expect(screen.contains(webCommand) && screen.contains(webKept), "\(screen)")
        try t.keys("y")
        try t.waitFor("added jail:web:memoryuse:deny=2147483648 (kept by Bastille")
        // A plain jail's: the kernel only, or with Tab /etc/rctl.conf too.
        try t.keys("Escape")
        try Self.pick(t, "plain")
        try t.keys("2", "n")
        screen = try t.waitFor("New limit for plain")
        #expect(screen.contains("Kept by the running kernel only (lost at reboot)"))
        try t.tmux(["send-keys", "-t", t.name, "-l", "maxproc:deny=300"], capture: false)
        try t.keys("Tab")
        try t.waitFor("Kept by the kernel and /etc/rctl.conf (loaded again at boot)")
        try t.keys("Enter")
        let plainCommand = "echo jail:plain:maxproc:deny=300 | /usr/bin/tee -a"
        screen = try t.waitFor("Really add limit jail:plain:maxproc:deny=300?", also: [plainCommand])
        #expect(screen.contains(plainCommand), "\(screen)")
        try t.keys("y")
        try t.waitFor("added jail:plain:maxproc:deny=300 (and to /etc/rctl")
        try t.keys("q")
        #expect(host.calls.contains("bastille limits web add memoryuse 2147483648"))
        #expect(host.calls.contains("rctl -a jail:plain:maxproc:deny=300"))
        let rctlConf = try String(contentsOf: host.root.appendingPathComponent("etc/rctl.conf"), encoding: .utf8)
        #expect(rctlConf == "jail:plain:maxproc:deny=300\n")
    }
}
