import Foundation
import JailtopTestSupport
import Testing

@testable import JailtopModel

/// Issue 15 (2, 5, 7): `snapshot` and `ps` across hosts, through the real ssh client and a real
/// sshd on loopback, each host alias forced into its own stand-in root.
@Suite(
    .serialized,
    .enabled(if: ["sshd", "ssh", "ssh-keygen"].allSatisfy { ExternalTool.path($0) != nil } && getuid() == 0,
             "needs OpenSSH (sshd, ssh, ssh-keygen) and root (CI installs them)"))
struct FleetBatchTests {
    @Test func threeHostsInOneTableAndOneJSONLinePerHost() throws {
        let fleet = try LoopbackFleet([
            ("h1", .standIn(hostname: "h1.example.org")), ("h2", .standIn(hostname: "h2.example.org")),
            ("h3", .standIn(hostname: "h3.example.org")),
        ])
        defer { fleet.stop() }
        let table = try fleet.run(["snapshot", "--host", "h1", "--host", "h2", "--host", "h3"])
        #expect(table.status == 0, "\(table.stderr)\n\(fleet.serverLog)")
        let lines = table.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("h1: h1.example.org  14.3-RELEASE  up "))
        #expect(lines.contains { $0.hasPrefix("h2: h2.example.org") })
        #expect(lines.contains { $0.hasPrefix("h3: h3.example.org") })
        let header = try #require(lines.first { $0.hasPrefix("HOST") })
        #expect(header.hasPrefix("HOST JID NAME"))
        for host in ["h1", "h2", "h3"] {
            #expect(lines.contains { $0.hasPrefix("\(host)     1 www   running") }, "\(host) www row in\n\(table.stdout)")
        }
        // Each host's own tools ran, on its own root.
        for host in ["h1", "h2", "h3"] { #expect(fleet.calls(host).contains { $0.hasPrefix("ps -ax") }) }

        let json = try fleet.run(["snapshot", "--json", "--host", "h1", "--host", "h3"])
        #expect(json.status == 0, "\(json.stderr)")
        let samples = try json.stdout.split(separator: "\n").map { try Snapshot(jsonLine: Data($0.utf8)) }
        #expect(samples.map(\.remote) == ["h1", "h3"])
        #expect(samples.map(\.host.hostname) == ["h1.example.org", "h3.example.org"])
    }

    @Test func aHostWithoutJailtopOrWithARefusedKeyIsNamedAndTheOthersStillPrint() throws {
        let fleet = try LoopbackFleet([("good", .standIn(hostname: "good.example.org")), ("bare", .withoutJailtop), ("locked", .refusingKey)])
        defer { fleet.stop() }
        let r = try fleet.run(["snapshot", "--host", "good", "--host", "bare", "--host", "locked"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("good: good.example.org"))
        #expect(r.stdout.contains("good   1 www"))
        #expect(r.stderr.contains("jailtop: bare: not installed: no jailtop on bare"), "\(r.stderr)")
        #expect(r.stderr.contains("--remote-command PATH"))
        #expect(r.stderr.contains("jailtop: locked: auth failed: "), "\(r.stderr)")
        #expect(r.stderr.contains("Permission denied"))
    }

    @Test func psAcrossHostsHasAHostColumnAndJSONAHostMember() throws {
        let fleet = try LoopbackFleet([("h1", .standIn(hostname: "h1.example.org")), ("h2", .standIn(hostname: "h2.example.org"))])
        defer { fleet.stop() }
        let hostsFile = fleet.dir.appendingPathComponent("hosts")
        try "# the fleet\nh1\n\nh2   # the second\nh1\n".write(to: hostsFile, atomically: true, encoding: .utf8)
        let r = try fleet.run(["ps", "--hosts", hostsFile.path, "-J", "www"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("HOST  PID JID JAIL"))
        #expect(lines.filter { $0.hasPrefix("h1 ") }.count == lines.filter { $0.hasPrefix("h2 ") }.count)
        #expect(lines.contains { $0.hasPrefix("h2   2102   1 www") })
        let json = try fleet.run(["ps", "--json", "--host", "h2", "2102"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.contains("\"host\":\"h2\""))
        #expect(json.stdout.contains("\"pid\":2102"))
        let missing = try fleet.run(["ps", "--host", "h1", "999999"])
        #expect(missing.status == 1 && missing.stderr.contains("no process 999999 on any host"))
    }

    @Test func badHostArgumentsAreUsageErrors() throws {
        for args in [["snapshot", "--host", "-oProxyCommand=sh"], ["snapshot", "--host", "a b"], ["ps", "--host", ""],
                     ["snapshot", "--stream", "--json", "--host", "h1"]] {
            let r = try CommandRunner.run(args)
            #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hosts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try "ok\n-bad\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try CommandRunner.run(["snapshot", "--hosts", file.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(file.path):2: \"-bad\" would be read by ssh as an option"))
    }

    // Issue 15 (3, 4, 7): the fleet dashboard, the real binary in tmux over a real sshd; in
    // this serialized suite, so two loopback fleets never start at once.
    @Test(.enabled(if: TmuxSession.available, "needs tmux"))
    func threeHostsOneDroppedAndBackOneBareOneHangingAndAnActionOnHost2Only() throws {
        let fleet = try LoopbackFleet([
            ("h1", .standIn(hostname: "h1.example.org")), ("h2", .standIn(hostname: "h2.example.org")),
            ("h3", .standIn(hostname: "h3.example.org")), ("bare", .withoutJailtop), ("slow", .hanging),
        ])
        defer { fleet.stop() }
        let t = try TmuxSession(width: 160, height: 45, environment: fleet.environment)
        defer { t.close() }
        let hosts = ["h1", "h2", "h3", "bare", "slow"].map { "--host \($0)" }.joined(separator: " ")
        try t.run(CommandRunner.commandLine("-d 1 \(hosts)"))
        // The hanging host does not hold the others back.
        try t.waitFor("bare not installed", timeout: 30)
        var screen = try t.waitFor("Hosts: 3/5 ok", timeout: 30)
        #expect(screen.contains("bare not installed  slow connecting  (bare: no jailtop on bare"), "\(screen)")
        for host in ["h1", "h2", "h3"] { #expect(screen.contains("\n\(host) "), "\(host) rows in\n\(screen)") }
        #expect(screen.contains("HOST"))

        // h2's link drops and it cannot come back yet: its rows stay, marked; the others go on.
        try fleet.setDown("h2", true)
        fleet.dropConnection("h2")
        screen = try t.waitFor("h2!", timeout: 20)
        #expect(screen.contains("Hosts: 2/5 ok"))
        try fleet.setDown("h2", false)
        screen = try t.waitFor("Hosts: 3/5 ok", absent: ["h2!"], timeout: 90)

        // An action on an h2 jail runs on h2 only.
        try t.keys("F4")
        try t.run("vnet1")
        var moved = 0
        try t.keys("Home")
        Thread.sleep(forTimeInterval: 0.3)
        screen = try t.screen()
        while moved < 4, !(screen.contains("vnet1 on h2")) {
            try t.keys("Down")
            Thread.sleep(forTimeInterval: 0.3)
            screen = try t.screen()
            moved += 1
        }
        #expect(screen.contains("vnet1 on h2"), "\(screen)")
        try t.keys("x")
        // The whole dialog, not its first lines half drawn.
        screen = try t.waitFor("h2 -- jailtop stop -- vnet1")
        #expect(screen.contains("Really stop jail vnet1?"))
        #expect(screen.contains("On h2, through ssh"))
        #expect(screen.contains("h2 -- jailtop stop -- vnet1"))
        try t.keys("y")
        try t.waitFor("h2: vnet1 stopped", timeout: 30)
        #expect(fleet.calls("h2").contains { $0.hasPrefix("jail -r ") && $0.hasSuffix("-- vnet1") })
        #expect(!fleet.calls("h1").contains { $0.hasPrefix("jail ") })
        #expect(!fleet.calls("h3").contains { $0.hasPrefix("jail ") })
        try t.keys("q")
        #expect(isSaneTTY(try t.sttyAfterExit()))
    }
}
