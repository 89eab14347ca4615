import Foundation
import JailtopCollect
import JailtopSynth
import JailtopTestSupport
import Testing

@testable import JailtopControl
@testable import JailtopModel

/// The FreeBSD controller against scripted tools: success, failure with stderr, a hang, a
/// jail still running after stop, a rule change that must be rolled back; and the log.
@Suite struct FreeBSDControllerTests {
    static let commandLine = ActionCommandLine(paths: HostPaths(), configFile: { _ in "/etc/jail.conf" })

    static func controller(_ runner: ScriptedToolRunner, log: ActionLog? = nil) -> FreeBSDController {
        var c = FreeBSDController(runner: runner, commandLine: commandLine, log: log)
        c.settleTime = .milliseconds(1)
        return c
    }

    @Test func startIsCheckedWithJls() async {
        let runner = ScriptedToolRunner { path, args throws(ToolRunError) in
            if path == HostPaths.jls { return ToolResult(status: 0, stdout: "12\n") }
            return ToolResult(status: 0, stdout: "www: created\n")
        }
        let outcome = await Self.controller(runner).perform(.start(jail: "www"))
        #expect(outcome.succeeded && outcome.message == "www started (JID 12)")
        #expect(runner.calls.map { [$0.path] + $0.arguments } == [
            ["/usr/sbin/jail", "-c", "-f", "/etc/jail.conf", "--", "www"], ["/usr/sbin/jls", "-j", "www", "jid"],
        ])
    }

    /// Bastille exits 0 when its stop failed and start finds the jail still there: the same
    /// JID after a restart is no restart (issue 14).
    @Test func aRestartThatKeptItsJIDIsAFailure() async {
        let runner = ScriptedToolRunner { path, _ throws(ToolRunError) in
            path == HostPaths.jls ? ToolResult(status: 0, stdout: "3\n") : ToolResult(status: 0, stdout: "web: already running\n")
        }
        let owner = ManagedBy(manager: "bastille", name: "web")
        let outcome = await Self.controller(runner).perform(.restart(jail: "web", jid: 3, owner: owner))
        #expect(!outcome.succeeded && outcome.message == "bastille exited 0 but web kept JID 3: it was not restarted")
        #expect(runner.calls.first.map { [$0.path] + $0.arguments } == ["/usr/local/bin/bastille", "restart", "web"])
    }

    @Test func failureCarriesStderr() async {
        let runner = ScriptedToolRunner { _, _ throws(ToolRunError) in
            ToolResult(status: 1, stdout: "", stderr: "jail: www: /bin/sh /etc/rc: failed\n")
        }
        let outcome = await Self.controller(runner).perform(.start(jail: "www"))
        #expect(!outcome.succeeded)
        #expect(outcome.message == "start jail www failed: jail: www: /bin/sh /etc/rc: failed")
        #expect(outcome.steps.first?.status == 1)
    }

    @Test func aHangIsReportedNotWaitedFor() async {
        let runner = ScriptedToolRunner { path, _ throws(ToolRunError) in throw .timedOut(path: path, after: .seconds(120)) }
        let outcome = await Self.controller(runner).perform(.stop(jail: "www", jid: 3, configured: true))
        #expect(!outcome.succeeded && outcome.message.contains("did not finish within 120s"))
    }

    @Test func exitZeroIsNotTrustedWhenTheJailIsStillThere() async {
        // jail(8) says fine, but jls still lists the jail.
        let runner = ScriptedToolRunner { _, _ throws(ToolRunError) in ToolResult(status: 0, stdout: "3\n") }
        let outcome = await Self.controller(runner).perform(.stop(jail: "www", jid: 3, configured: true))
        #expect(!outcome.succeeded && outcome.message == "jail(8) exited 0 but www is still running")
    }

    @Test func aFailedRuleChangePutsTheOldRuleBack() async {
        let old = RctlRule(subjectID: "www", resource: "memoryuse", action: .deny, amount: 1 << 30)
        let new = RctlRule(subjectID: "www", resource: "memoryuse", action: .deny, amount: 2 << 30)
        let runner = ScriptedToolRunner { _, args throws(ToolRunError) in
            if args == ["-a", new.rule] { return ToolResult(status: 1, stdout: "", stderr: "rctl: failed to add rule '\(new.rule)': Invalid argument\n") }
            return ToolResult(status: 0)
        }
        let outcome = await Self.controller(runner).perform(.replaceRule(old: old, new: new))
        #expect(!outcome.succeeded)
        #expect(runner.calls.map(\.arguments) == [["-r", old.rule], ["-a", new.rule], ["-a", old.rule]])
    }

    @Test func signalsCheckWhoIsLeft() async {
        let runner = ScriptedToolRunner { path, _ throws(ToolRunError) in
            path == HostPaths.ps ? ToolResult(status: 0, stdout: " 4243\n") : ToolResult(status: 0)
        }
        let outcome = await Self.controller(runner).perform(.signal(pids: [4242, 4243], signal: .TERM, jail: "www"))
        #expect(outcome.succeeded && outcome.message == "sent SIGTERM: 1 of 2 still running")
        #expect(runner.calls.last?.arguments == ["-o", "pid=", "-p", "4242,4243"])
    }

    @Test func ruleAddIsCheckedInTheRuleList() async {
        let rule = RctlRule(subjectID: "www", resource: "maxproc", action: .deny, amount: 100)
        let listed = ScriptedToolRunner { _, args throws(ToolRunError) in
            args == ["jail:www"] ? ToolResult(status: 0, stdout: "jail:www:maxproc:deny=100\n") : ToolResult(status: 0)
        }
        #expect(await Self.controller(listed).perform(.addRule(rule)).succeeded)
        let missing = ScriptedToolRunner { _, _ throws(ToolRunError) in ToolResult(status: 0) }
        #expect(await Self.controller(missing).perform(.addRule(rule)).message == "rctl exited 0 but jail:www:maxproc:deny=100 is not listed")
    }

    @Test func everyActionIsLogged() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-log-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let runner = ScriptedToolRunner { _, _ throws(ToolRunError) in ToolResult(status: 1, stdout: "", stderr: "jail: \"www\" not found\n") }
        _ = await Self.controller(runner, log: ActionLog(path: file)).perform(.stop(jail: "www", jid: 3, configured: true))
        let log = try String(contentsOfFile: file, encoding: .utf8)
        #expect(log.contains("action=\"stop jail www\" argv=\"/usr/sbin/jail -r -f /etc/jail.conf -- www\" status=1 stderr=\"jail: \\\"www\\\" not found\""))
        #expect(log.contains("result=failed"))
        #expect(log.contains("user="))
    }
}

/// The demo's controller changes the replayed host so the dashboard can be tried for real.
@Suite struct FixtureControllerTests {
    static func setup() async throws -> (FixtureCollector, FixtureController) {
        let collector = FixtureCollector(recording: HostSynthesizer.recording(spec: .demo, samples: 4), description: "demo")
        _ = try await collector.collect()
        return (collector, FixtureController(collector: collector))
    }

    @Test func stopThenStart() async throws {
        let (collector, controller) = try await Self.setup()
        let before = try #require(await collector.current()?.jail(named: "www"))
        #expect(await controller.perform(.stop(jail: "www", jid: before.jid ?? 0, configured: true)).succeeded)
        var s = try await collector.collect()
        #expect(s.jail(named: "www")?.state == .dying)
        s = try await collector.collect()
        #expect(s.jail(named: "www")?.state == .stopped && s.jail(named: "www")?.jid == nil)
        #expect(!s.processes.contains { $0.jid == before.jid })
        let started = await controller.perform(.start(jail: "www"))
        #expect(started.succeeded)
        s = try await collector.collect()
        let www = try #require(s.jail(named: "www"))
        #expect(www.state == .running && www.jid != before.jid)
        #expect(s.processes.contains { $0.jid == www.jid })
        // Starting a running jail fails as jail(8) would.
        #expect(!(await controller.perform(.start(jail: "www"))).succeeded)
    }

    @Test func stoppedJailsOfTheRecordingCanStart() async throws {
        let (collector, controller) = try await Self.setup()
        #expect(await controller.perform(.start(jail: "build")).succeeded)
        let s = try await collector.collect()
        let build = try #require(s.jail(named: "build"))
        #expect(build.state == .running && build.summary.processes == 2)
    }

    @Test func signalsAndRules() async throws {
        let (collector, controller) = try await Self.setup()
        let s0 = try #require(await collector.current())
        let victim = try #require(s0.processes.first { $0.jid == s0.jail(named: "www")?.jid })
        _ = await controller.perform(.signal(pids: [victim.pid], signal: .KILL, jail: "www"))
        let rule = RctlRule(subjectID: "www", resource: "nthr", action: .deny, amount: 500)
        _ = await controller.perform(.addRule(rule))
        let old = try #require(s0.jail(named: "www")?.rules.first)
        _ = await controller.perform(.removeRule(old))
        let s = try await collector.collect()
        #expect(!s.processes.contains { $0.pid == victim.pid })
        #expect(s.jail(named: "www")?.rules.contains(rule) == true)
        #expect(s.jail(named: "www")?.rules.contains(old) == false)
        #expect(s.jail(named: "www")?.limitUsages().contains { $0.rule == rule } == true)
    }

    @Test func theDemoShellSaysItIsNotAJail() async throws {
        let (_, controller) = try await Self.setup()
        let shell = controller.shell(jid: 3, name: "www", owner: nil)
        #expect(shell.executable == "/bin/sh" && shell.banner.contains("NOT a shell in a jail"))
        #expect(shell.banner.contains("jexec -l -U root -- 3"))
    }
}

/// Issue 11 (6, 10): how a command ended reaches the log: killed after its timeout, or killed
/// because jailtop quit while it ran (never "not-run" for a command that ran).
@Suite struct ActionEndingTests {
    /// A runner whose tool never finishes: it answers only to cancellation, as the real runner
    /// does after tearing the tool's process group down.
    struct HangingRunner: ToolRunner {
        func run(_ path: String, _ arguments: [String], timeout: Duration) async throws(ToolRunError) -> ToolResult {
            do {
                try await Task.sleep(for: .seconds(60))
            } catch {
                throw .cancelled(path: path)
            }
            throw .timedOut(path: path, after: timeout)
        }
    }

    static func logFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-actions-\(UUID().uuidString).log").path
    }

    @Test func aCommandStoppedAtQuitIsLoggedAsKilled() async throws {
        let path = Self.logFile()
        defer { unlink(path) }
        var controller = FreeBSDController(runner: HangingRunner(), commandLine: FreeBSDControllerTests.commandLine, log: ActionLog(path: path))
        controller.settleTime = .milliseconds(1)
        let running = Task { [controller] in await controller.perform(.stop(jail: "www", jid: 3, configured: true)) }
        try await Task.sleep(for: .milliseconds(50))
        running.cancel()
        let outcome = await running.value
        #expect(!outcome.succeeded)
        #expect(outcome.steps.first?.end == .killedAtQuit)
        let log = try String(contentsOfFile: path, encoding: .utf8)
        #expect(log.contains("status=killed-quit"), "\(log)")
        #expect(!log.contains("status=not-run"))
    }

    @Test func aCommandPastItsTimeoutIsLoggedAsKilled() async throws {
        let path = Self.logFile()
        defer { unlink(path) }
        let runner = ScriptedToolRunner { path, _ throws(ToolRunError) in throw .timedOut(path: path, after: .seconds(120)) }
        let outcome = await FreeBSDControllerTests.controller(runner, log: ActionLog(path: path)).perform(.stop(jail: "www", jid: 3, configured: true))
        #expect(outcome.steps.first?.end == .killedAfterTimeout)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("status=killed-timeout"))
        let missing = ScriptedToolRunner { path, _ throws(ToolRunError) in throw .notFound(path: path) }
        #expect(await FreeBSDControllerTests.controller(missing).perform(.start(jail: "www")).steps.first?.end == .notRun)
    }
}

/// Issue 12 (1): the commands the dialog showed are the commands that run. A jail.conf added
/// between the dialog and the yes would have made `jail -c` read another file: refused as stale.
@Suite struct ConfirmedCommandTests {
    @Test func theConfirmedCommandRunsOrTheActionIsRefusedAsStale() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-confirm-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)
        try "www { path = \"/jails/www\"; }\n".write(toFile: root + "/etc/jail.conf", atomically: true, encoding: .utf8)
        let paths = HostPaths(root: root)
        let runner = ScriptedToolRunner { path, _ throws(ToolRunError) in
            path == HostPaths.jls ? ToolResult(status: 0, stdout: "12\n") : ToolResult(status: 0, stdout: "")
        }
        var controller = FreeBSDController(runner: runner, commandLine: ActionCommandLine(paths: paths), log: nil)
        controller.settleTime = .milliseconds(1)
        let shown = try controller.preview(.start(jail: "www")).get()
        #expect(shown.map(\.description) == ["/usr/sbin/jail -c -f \(root)/etc/jail.conf -- www"])

        // The admin adds /etc/jail.www.conf while the dialog is open.
        try "www { path = \"/jails/other\"; }\n".write(toFile: root + "/etc/jail.www.conf", atomically: true, encoding: .utf8)
        let stale = await controller.perform(.start(jail: "www"), confirmed: shown)
        #expect(!stale.succeeded && stale.steps.isEmpty)
        #expect(stale.message.contains("not what was confirmed"), "\(stale.message)")
        #expect(stale.message.contains("\(root)/etc/jail.www.conf"))
        #expect(runner.calls.isEmpty, "nothing may run when the command changed")

        // Confirmed again with what is shown now: exactly that runs.
        let now = try controller.preview(.start(jail: "www")).get()
        let outcome = await controller.perform(.start(jail: "www"), confirmed: now)
        #expect(outcome.succeeded, "\(outcome.message)")
        #expect(runner.calls.first.map { [$0.path] + $0.arguments } == ["/usr/sbin/jail", "-c", "-f", "\(root)/etc/jail.www.conf", "--", "www"])
    }
}
