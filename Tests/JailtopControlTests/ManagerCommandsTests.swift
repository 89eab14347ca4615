import Foundation
import JailtopActions
import JailtopCollect
import Testing

@testable import JailtopControl
@testable import JailtopModel

/// A managed jail is started, stopped, restarted and entered through its manager's own CLI
/// (issue 14), with the argv each one parses (shared/managers.md and the managers' sources):
/// no `--`, the exact name, and names a manager would read as several jails refused.
@Suite struct ManagerCommandsTests {
    static let cl = ActionCommandLine(paths: HostPaths(), configFile: { _ in "/etc/jail.conf" })

    static func owner(_ manager: JailManager, _ name: String, config: String? = nil) -> ManagedBy {
        ManagedBy(manager: manager.rawValue, name: name, config: config)
    }

    static func argv(_ action: JailAction) throws -> [[String]] {
        try cl.commands(for: action).map { [$0.path] + $0.arguments }
    }

    @Test func eachManagersLifecycleCommands() throws {
        let b = Self.owner(.bastille, "web")
        #expect(try Self.argv(.start(jail: "web", owner: b)) == [["/usr/local/bin/bastille", "start", "web"]])
        #expect(try Self.argv(.stop(jail: "web", jid: 1, configured: true, owner: b)) == [["/usr/local/bin/bastille", "stop", "web"]])
        #expect(try Self.argv(.restart(jail: "web", jid: 1, owner: b)) == [["/usr/local/bin/bastille", "restart", "web"]])
        let i = Self.owner(.iocage, "web.1")
        #expect(try Self.argv(.restart(jail: "ioc-web_1", jid: 2, owner: i)) == [["/usr/local/bin/iocage", "restart", "web.1"]],
                "iocage takes its own name, not the kernel's")
        #expect(try Self.argv(.start(jail: "shared", owner: Self.owner(.appjail, "shared"))) == [["/usr/local/bin/appjail", "start", "shared"]])
        let p = Self.owner(.pot, "cache")
        #expect(try Self.argv(.stop(jail: "cache", jid: 4, configured: true, owner: p)) == [["/usr/local/bin/pot", "stop", "-p", "cache"]])
        #expect(try Self.argv(.restart(jail: "cache", jid: 4, owner: p))
            == [["/usr/local/bin/pot", "stop", "-p", "cache"], ["/usr/local/bin/pot", "start", "-p", "cache"]], "pot has no restart")
        #expect(try Self.argv(.start(jail: "mail", owner: Self.owner(.cbsd, "mail"))) == [["/usr/local/bin/cbsd", "jstart", "jname=mail", "inter=0"]])
        #expect(try Self.argv(.restart(jail: "mail", jid: 6, owner: Self.owner(.cbsd, "mail")))
            == [["/usr/local/bin/cbsd", "jrestart", "jname=mail", "inter=0"]])
        #expect(try Self.argv(.start(jail: "web_example_com", owner: Self.owner(.ezjail, "web.example.com")))
            == [["/usr/local/bin/ezjail-admin", "onestart", "web.example.com"]])
        #expect(try Self.argv(.start(jail: "ns", owner: Self.owner(.qjail, "ns", config: "/usr/local/etc/qjail.local/ns"))) == [["/usr/local/bin/qjail", "start", "ns"]])
        #expect(try Self.argv(.stop(jail: "ci", jid: 9, configured: true, owner: Self.owner(.qjail, "ci", config: "/usr/local/etc/qjail.local.lab/ci.man")))
            == [["/usr/local/bin/qjail", "stop", "-z", "lab", "ci"]])
        let uuid = "8c6e2e53-2b2a-11ef-9a3c-6805ca1b2c3d"
        #expect(try Self.argv(.start(jail: "ioc-" + uuid, owner: Self.owner(.iocell, "legacy"))) == [["/usr/local/sbin/iocell", "start", uuid]],
                "iocell is given the UUID: its tag lookup also matches dataset suffixes")
        // Plain jails keep jail(8).
        #expect(try Self.argv(.start(jail: "plain")) == [["/usr/sbin/jail", "-c", "-f", "/etc/jail.conf", "--", "plain"]])
    }

    @Test func namesAManagerWouldMisreadAreRefused() {
        for (manager, name) in [(JailManager.bastille, "-f"), (.cbsd, "pri*"), (.qjail, "web="), (.pot, "a b"), (.appjail, "../x"),
                                (.iocage, "SMALLBOX"), (.iocage, "cleanup"), (.bastille, "")] {
            #expect(throws: ActionError.self, "\(manager) \(name)") {
                try Self.cl.commands(for: .start(jail: name, owner: Self.owner(manager, name)))
            }
        }
        #expect(throws: ActionError.self) { try Self.cl.commands(for: .start(jail: "x", owner: ManagedBy(manager: "podman", name: "x"))) }
    }

    @Test func aStoppedJailWhoseNameIsTakenIsNotStarted() throws {
        var b = Self.owner(.bastille, "shared")
        b.conflict = "the name shared is held by running JID 3 at /usr/local/appjail/jails/shared/jail"
        #expect(throws: ActionError("Bastille cannot start shared now: " + b.conflict!)) {
            try Self.cl.commands(for: .start(jail: "shared", owner: b))
        }
    }

    @Test func consolesAreTheManagersUnlessAskedOtherwise() {
        let root = ActionCommandLine(paths: HostPaths(root: "/tmp/h"), configFile: { _ in nil })
        let cases: [(ManagedBy, String, [String])] = [
            (Self.owner(.bastille, "web"), "/usr/local/bin/bastille", ["console", "web"]),
            (Self.owner(.iocage, "web.1"), "/usr/local/bin/iocage", ["console", "web.1"]),
            (Self.owner(.appjail, "shared"), "/usr/local/bin/appjail", ["login", "shared"]),
            (Self.owner(.pot, "cache"), "/usr/local/bin/pot", ["term", "-p", "cache"]),
            (Self.owner(.cbsd, "mail"), "/usr/local/bin/cbsd", ["jlogin", "jname=mail", "remote=1"]),
            (Self.owner(.ezjail, "web.example.com"), "/usr/local/bin/ezjail-admin", ["console", "web.example.com"]),
            (Self.owner(.qjail, "ci", config: "/usr/local/etc/qjail.local.lab/ci"), "/usr/local/bin/qjail", ["console", "-z", "lab", "ci"]),
        ]
        for (owner, program, arguments) in cases {
            let shell = root.shell(jid: 3, name: "k", shell: nil, owner: owner)
            #expect(shell.executable == "/tmp/h" + program && shell.arguments == arguments)
            #expect(shell.banner.contains("\(owner.managerTitle) console of \(owner.name) (JID 3)"))
        }
        let b = Self.owner(.bastille, "web")
        #expect(root.shell(jid: 3, name: "web", shell: nil, owner: b, console: .jexec).arguments == ["-l", "-U", "root", "--", "3"])
        #expect(root.shell(jid: 3, name: "web", shell: "/bin/csh", owner: b).executable == "/tmp/h/usr/sbin/jexec", "a named shell means jexec")
    }

    static func rule(_ jail: String, _ text: String) throws -> RctlRule { try RuleValidator.rule(from: text, jail: jail) }

    @Test func limitsAreKeptByTheManagersThatKeepThem() throws {
        let mem = try Self.rule("web", "memoryuse:deny=2g"), old = try Self.rule("web", "memoryuse:deny=1g")
        let b = LimitKeeping.manager(Self.owner(.bastille, "web"))
        #expect(try Self.argv(.addRule(mem, keep: b)) == [["/usr/local/bin/bastille", "limits", "web", "add", "memoryuse", "2147483648"]])
        #expect(try Self.argv(.removeRule(mem, keep: b)) == [["/usr/local/bin/bastille", "limits", "web", "remove", "memoryuse"]])
        #expect(try Self.argv(.replaceRule(old: old, new: mem, keep: b))
            == [["/usr/local/bin/bastille", "limits", "web", "remove", "memoryuse"], ["/usr/local/bin/bastille", "limits", "web", "add", "memoryuse", "2147483648"]])
        let ioc = try Self.rule("ioc-web_1", "pcpu:deny=50")
        let i = LimitKeeping.manager(Self.owner(.iocage, "web.1"))
        #expect(try Self.argv(.addRule(ioc, keep: i)) == [["/usr/local/bin/iocage", "set", "pcpu=deny=50", "web.1"]])
        #expect(try Self.argv(.removeRule(ioc, keep: i)) == [["/usr/local/bin/iocage", "set", "pcpu=off", "web.1"]])
        let cb = LimitKeeping.manager(Self.owner(.cbsd, "mail"))
        let mail = try Self.rule("mail", "maxproc:deny=100")
        #expect(try Self.argv(.addRule(mail, keep: cb)) == [["/usr/local/bin/cbsd", "jrctl", "jname=mail", "mode=set", "maxproc=100"]])
        #expect(try Self.argv(.removeRule(mail, keep: cb)) == [
            ["/usr/local/bin/cbsd", "jrctl", "jname=mail", "mode=set", "maxproc=0"], ["/usr/local/bin/cbsd", "jrctl", "jname=mail", "mode=unset"],
            ["/usr/local/bin/cbsd", "jrctl", "jname=mail", "mode=set"],
        ])
        let pot = try Self.rule("cache", "memoryuse:deny=512m")
        #expect(try Self.argv(.addRule(pot, keep: .manager(Self.owner(.pot, "cache")))) == [
            ["/usr/local/bin/pot", "set-rss", "-p", "cache", "-M", "536870912"], ["/usr/bin/rctl", "-a", "jail:cache:memoryuse:deny=536870912"],
        ], "set-rss is for the next start; rctl applies it now")
        let app = try Self.rule("shared", "openfiles:log=1000/process")
        let a = LimitKeeping.manager(Self.owner(.appjail, "shared", config: "/usr/local/appjail/jails/shared/conf/template.conf"))
        #expect(try Self.argv(.addRule(app, keep: a)) == [
            ["/usr/local/bin/appjail", "limits", "set", "shared", "openfiles:log=1000/process"], ["/usr/local/bin/appjail", "limits", "on", "shared"],
        ])
        // A plain jail's new limit can go to /etc/rctl.conf too: tee appends it from stdin.
        let plain = try Self.rule("www", "maxproc:deny=300")
        let commands = try Self.cl.commands(for: .addRule(plain, keep: .rctlConf))
        #expect(commands == [ToolCommand("/usr/bin/rctl", ["-a", plain.rule]), ToolCommand("/usr/bin/tee", ["-a", "/etc/rctl.conf"], input: plain.rule + "\n")])
        #expect(commands[1].description == "echo jail:www:maxproc:deny=300 | /usr/bin/tee -a /etc/rctl.conf")
    }

    @Test func appJailsStoredRuleIsFoundByItsNumberToRemoveIt() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-appjail-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let limits = root.appendingPathComponent("usr/local/appjail/jails/shared/conf/boot/limits")
        for (n, rule) in [(0, "maxproc:deny=50"), (3, "memoryuse:deny=512M")] {
            try FileManager.default.createDirectory(at: limits.appendingPathComponent(String(n)), withIntermediateDirectories: true)
            try "\(rule)\n".write(to: limits.appendingPathComponent("\(n)/rule"), atomically: true, encoding: .utf8)
        }
        let cl = ActionCommandLine(paths: HostPaths(root: root.path), configFile: { _ in nil })
        let owner = Self.owner(.appjail, "shared", config: "/usr/local/appjail/jails/shared/conf/template.conf")
        let mem = try Self.rule("shared", "memoryuse:deny=536870912")
        #expect(try cl.commands(for: .removeRule(mem, keep: .manager(owner))).map { [$0.path] + $0.arguments } == [
            ["/usr/bin/rctl", "-r", "jail:shared:memoryuse:deny=536870912"], ["/usr/local/bin/appjail", "limits", "remove", "nro", "3", "shared"],
            ["/usr/local/bin/appjail", "limits", "on", "shared"],
        ], "512M as stored is the kernel's 536870912")
        let unknown = try Self.rule("shared", "nthr:deny=10")
        #expect(try cl.commands(for: .removeRule(unknown, keep: .manager(owner))).first == ToolCommand("/usr/bin/rctl", ["-r", unknown.rule]),
                "a rule AppJail does not store is the kernel's alone")
    }

    @Test func whatAManagerCannotKeepIsSaid() throws {
        let log = try Self.rule("web", "memoryuse:log=1g")
        #expect(LimitKeeping.managerRefusal(log, owner: Self.owner(.bastille, "web"), running: true, change: .add) == "Bastille keeps only deny limits per jail")
        let deny = try Self.rule("web", "memoryuse:deny=1g")
        #expect(LimitKeeping.managerRefusal(deny, owner: Self.owner(.bastille, "web"), running: false, change: .add) == "Bastille keeps limits only for a running jail")
        #expect(LimitKeeping.managerRefusal(deny, owner: Self.owner(.bastille, "web"), running: true, change: .add) == nil)
        #expect(LimitKeeping.managerRefusal(deny, owner: Self.owner(.iocage, "db2"), running: false, change: .add) == nil, "iocage keeps it for the next start")
        #expect(LimitKeeping.managerRefusal(deny, owner: Self.owner(.pot, "cache"), running: true, change: .remove) != nil)
        #expect(LimitKeeping.managerRefusal(deny, owner: Self.owner(.ezjail, "x"), running: true, change: .add) == "ezjail keeps no limits")
    }

    /// What the review of the managers' own code turned up: names and states a manager would
    /// mishandle while exiting 0 (issue 14).
    @Test func startsAManagerWouldSkipOrHangOnAreRefused() throws {
        #expect(throws: ActionError.self) { try Self.cl.commands(for: .stop(jail: "all", jid: 3, configured: true, owner: Self.owner(.bastille, "all"))) }
        #expect(throws: ActionError.self) { try Self.cl.commands(for: .start(jail: "ALL", owner: Self.owner(.bastille, "ALL"))) }
        let norun = Self.owner(.ezjail, "old.example.com", config: "/usr/local/etc/ezjail/old_example_com.norun")
        #expect(throws: ActionError("ezjail does not start old.example.com (.norun): enable it first with ezjail-admin config -r run old.example.com")) {
            try Self.cl.commands(for: .start(jail: "old_example_com", owner: norun))
        }
        #expect(try Self.argv(.stop(jail: "old_example_com", jid: 4, configured: true, owner: norun)) == [["/usr/local/bin/ezjail-admin", "onestop", "old.example.com"]])
        var pot = Self.owner(.pot, "app")
        pot.tags = [PotTags.notPersistent]
        #expect(throws: ActionError.self) { try Self.cl.commands(for: .start(jail: "app", owner: pot)) }
        // cbsd applies every resource it keeps: a changed resource's old one is zeroed.
        let old = try Self.rule("mail", "maxproc:deny=100"), new = try Self.rule("mail", "nthr:deny=500")
        #expect(try Self.argv(.replaceRule(old: old, new: new, keep: .manager(Self.owner(.cbsd, "mail")))) == [
            ["/usr/bin/rctl", "-r", old.rule], ["/usr/local/bin/cbsd", "jrctl", "jname=mail", "mode=set", "maxproc=0", "nthr=500"],
        ])
        #expect(LimitKeeping.managerRefusal(try Self.rule("s", "openfiles:deny=10/process"), owner: Self.owner(.appjail, "s"), running: true, change: .add)
            == "AppJail keeps only per-jail limits as given")
    }

    @Test func aLimitIsAppendedToRctlConfOnceAndOnALineOfItsOwn() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-rctlconf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        let cl = ActionCommandLine(paths: HostPaths(root: root.path), configFile: { _ in nil })
        let rule = try Self.rule("www", "maxproc:deny=300")
        #expect(cl.rctlConfLine(for: rule) == rule.rule + "\n", "no file yet")
        try "jail:db:maxproc:deny=10".write(to: root.appendingPathComponent("etc/rctl.conf"), atomically: true, encoding: .utf8)
        #expect(cl.rctlConfLine(for: rule) == "\n" + rule.rule + "\n", "the last line had no newline")
        try "jail:db:maxproc:deny=10\n\(rule.rule)\n".write(to: root.appendingPathComponent("etc/rctl.conf"), atomically: true, encoding: .utf8)
        #expect(cl.rctlConfLine(for: rule) == nil)
        #expect(try cl.commands(for: .addRule(rule, keep: .rctlConf)) == [ToolCommand("/usr/bin/rctl", ["-a", rule.rule])], "already there: not twice")
    }
}
