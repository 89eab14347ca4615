import JailtopActions
import JailtopCollect
import Testing

@testable import JailtopControl
@testable import JailtopModel

/// Actions become exact argv arrays: absolute paths (under JAILTOP_ROOT when set), `--`
/// before every jail name, the jail.conf that rc.d would use, never a shell.
@Suite struct ActionCommandLineTests {
    static let plain = ActionCommandLine(paths: HostPaths(), configFile: { name in
        name == "build" ? "/etc/jail.conf.d/build.conf" : (name == "nowhere" ? nil : "/etc/jail.conf")
    })

    static func argv(_ action: JailAction, _ cl: ActionCommandLine = plain) throws -> [[String]] {
        try cl.commands(for: action).map { [$0.path] + $0.arguments }
    }

    @Test func jailLifecycle() throws {
        #expect(try Self.argv(.start(jail: "www")) == [["/usr/sbin/jail", "-c", "-f", "/etc/jail.conf", "--", "www"]])
        #expect(try Self.argv(.start(jail: "build")) == [["/usr/sbin/jail", "-c", "-f", "/etc/jail.conf.d/build.conf", "--", "build"]])
        #expect(try Self.argv(.stop(jail: "www", jid: 3, configured: true)) == [["/usr/sbin/jail", "-r", "-f", "/etc/jail.conf", "--", "www"]])
        #expect(try Self.argv(.restart(jail: "a.b", jid: 5)) == [["/usr/sbin/jail", "-rc", "-f", "/etc/jail.conf", "--", "a.b"]])
    }

    @Test func namesThatLookLikeOptionsStayNames() throws {
        #expect(try Self.argv(.stop(jail: "-rf", jid: 9, configured: true)) == [["/usr/sbin/jail", "-r", "-f", "/etc/jail.conf", "--", "-rf"]])
        #expect(try Self.argv(.start(jail: "-c")).first?.suffix(2) == ["--", "-c"])
        #expect(try Self.argv(.addRule(RctlRule(subjectID: "-rf", resource: "maxproc", action: .deny, amount: 10)))
            == [["/usr/bin/rctl", "-a", "jail:-rf:maxproc:deny=10"]])
    }

    @Test func unconfiguredRunningJailStopsByJID() throws {
        #expect(try Self.argv(.stop(jail: "adhoc", jid: 42, configured: false)) == [["/usr/sbin/jail", "-r", "--", "42"]])
        #expect(try Self.argv(.stop(jail: "nowhere", jid: 7, configured: true)) == [["/usr/sbin/jail", "-r", "--", "7"]])
    }

    @Test func missingConfigIsAnError() {
        #expect(throws: ActionError.self) { try Self.argv(.start(jail: "nowhere")) }
        #expect(throws: ActionError.self) { try Self.argv(.restart(jail: "nowhere", jid: 3)) }
    }

    @Test func signals() throws {
        #expect(try Self.argv(.signal(pids: [4242, 4243], signal: .TERM, jail: "www")) == [["/bin/kill", "-s", "TERM", "--", "4242", "4243"]])
        #expect(try Self.argv(.signalJail(jail: "www", jid: 3, signal: .KILL)) == [["/usr/bin/pkill", "-KILL", "-j", "3"]])
        #expect(throws: ActionError.self) { try Self.argv(.signal(pids: [1], signal: .KILL, jail: "x")) }
        #expect(throws: ActionError.self) { try Self.argv(.signal(pids: [], signal: .KILL, jail: "x")) }
        #expect(throws: ActionError.self) { try Self.argv(.signalJail(jail: "host", jid: 0, signal: .KILL)) }
    }

    @Test func rulesAreReplacedNeverDuplicated() throws {
        let old = RctlRule(subjectID: "www", resource: "memoryuse", action: .deny, amount: 1 << 30)
        let new = RctlRule(subjectID: "www", resource: "memoryuse", action: .deny, amount: 2 << 30)
        #expect(try Self.argv(.removeRule(old)) == [["/usr/bin/rctl", "-r", "jail:www:memoryuse:deny=1073741824"]])
        #expect(try Self.argv(.replaceRule(old: old, new: new)) == [
            ["/usr/bin/rctl", "-r", "jail:www:memoryuse:deny=1073741824"],
            ["/usr/bin/rctl", "-a", "jail:www:memoryuse:deny=2147483648"],
        ])
    }

    /// Programs stay host paths (the runner alone puts them under JAILTOP_ROOT); a file a
    /// program reads is named under the root; the shell, spawned directly, is resolved.
    @Test func filesAreUnderTheRootAndProgramsAreLeftToTheRunner() throws {
        let rooted = ActionCommandLine(paths: HostPaths(root: "/tmp/host/"), configFile: { _ in "/etc/jail.conf" })
        #expect(try Self.argv(.start(jail: "www"), rooted) == [["/usr/sbin/jail", "-c", "-f", "/tmp/host/etc/jail.conf", "--", "www"]])
        #expect(rooted.shell(jid: 3, name: "www", shell: nil).executable == "/tmp/host/usr/sbin/jexec")
        #expect(rooted.shell(jid: 3, name: "www", shell: "/bin/csh").arguments == ["-l", "-U", "root", "--", "3", "/bin/csh"])
    }

    @Test func commandsAreShownQuoted() throws {
        let c = try Self.plain.commands(for: .stop(jail: "it's", jid: 1, configured: true))[0]
        #expect(c.description == "/usr/sbin/jail -r -f /etc/jail.conf -- 'it'\\''s'")
    }

    @Test func theRealLookupFollowsRcD() throws {
        // rc.d/jail: /etc/jail.NAME.conf, then /etc/jail.conf.d/NAME.conf, then /etc/jail.conf.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CLITests/Fixtures/standin-host").path
        let cl = ActionCommandLine(paths: HostPaths(root: root))
        #expect(try Self.argv(.start(jail: "vnet1"), cl).first?[3] == root + "/etc/jail.conf.d/vnet1.conf")
        #expect(try Self.argv(.start(jail: "build"), cl).first?[3] == root + "/etc/jail.conf")
    }
}

import Foundation

/// Jails rc.d starts from legacy rc.conf variables go through rc.d, as at boot.
@Suite struct LegacyRcConfCommandTests {
    static let commandLine = ActionCommandLine(paths: HostPaths(), definition: { $0 == "www" ? .rcConf : .file("/etc/jail.conf") })

    @Test func startStopRestartGoThroughRcD() throws {
        #expect(try Self.commandLine.commands(for: .start(jail: "www")).map(\.description) == ["/usr/sbin/service jail onestart www"])
        #expect(try Self.commandLine.commands(for: .stop(jail: "www", jid: 3, configured: true)).map(\.description) == ["/usr/sbin/service jail onestop www"])
        #expect(try Self.commandLine.commands(for: .restart(jail: "www", jid: 3)).map(\.description) == ["/usr/sbin/service jail onerestart www"])
        #expect(try Self.commandLine.commands(for: .start(jail: "db")).map(\.description) == ["/usr/sbin/jail -c -f /etc/jail.conf -- db"])
    }
}
