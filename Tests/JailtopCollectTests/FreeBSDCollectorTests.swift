import Foundation
import JailtopSynth
import JailtopTestSupport
import Testing

@testable import JailtopCollect
@testable import JailtopModel

/// The live collector composed from recorded FreeBSD outputs through a scripted runner: the
/// whole snapshot, each source failing on its own, and the rctl spawn budget on 1000 jails.
@Suite struct FreeBSDCollectorTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/freebsd-14.3")
    /// A root with jail.conf, rc.conf and passwd files (the CLI tests' stand-in host).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CLITests/Fixtures/standin-host").path

    static func file(_ name: String) -> [UInt8] {
        (try? Array(Data(contentsOf: fixtures.appendingPathComponent(name)))) ?? []
    }

    /// Answers like the 14.3 host of the fixtures; `override` replaces one tool's answer.
    static func runner(
        override: [String: Result<ToolResult, ToolRunError>] = [:], usage: Result<ToolResult, ToolRunError>? = nil
    ) -> ScriptedToolRunner {
        let outputs: [String: [UInt8]] = [
            HostPaths.jls: file("jls.json"), HostPaths.ps: file("ps.txt"), HostPaths.sysctl: file("sysctl.txt"),
            "rules": file("rctl-rules.txt"), "www": file("rctl-u-www.txt"), HostPaths.netstat: file("netstat-vnet1.json"),
        ]
        return ScriptedToolRunner { path, args throws(ToolRunError) in
            if let o = override[path] { return try o.get() }
            if path == HostPaths.rctl {
                if args.first == "-u", let usage { return try usage.get() }
                if args.first == "-u" {
                    // Each filter's usage in turn: www's recorded one, zeros for the rest.
                    let text = args.dropFirst().flatMap { filter in
                        filter == "jail:www" ? outputs["www"] ?? [] : Array(FreeBSDOutputs.rctlUsage(nil).utf8)
                    }
                    return ToolResult(status: 0, stdout: text)
                }
                return ToolResult(status: 0, stdout: outputs["rules"] ?? [])
            }
            guard let out = outputs[path] else { throw .notFound(path: path) }
            return ToolResult(status: 0, stdout: out)
        }
    }

    static func collector(_ runner: ScriptedToolRunner, batch: Bool = true) -> FreeBSDCollector {
        var settings = FreeBSDCollector.Settings()
        if batch {
            settings.usageCallsPerRefresh = nil
            settings.networkCallsPerRefresh = nil
        }
        return FreeBSDCollector(runner: runner, paths: HostPaths(root: root), settings: settings)
    }

    @Test func composesTheWholeSnapshot() async throws {
        let runner = Self.runner()
        let s = try await Self.collector(runner).collect()
        #expect(s.errors.isEmpty, "\(s.errors)")
        #expect(s.host.hostname == "h1.example.org" && s.host.ncpu == 8 && s.host.racct == .enabled)
        #expect(s.host.loadavg == [0.42, 0.38, 0.35])
        #expect(s.jails.map(\.name) == ["www", "db", "vnet1", "a", "a.b", "old", "build"])
        let www = try #require(s.jail(named: "www"))
        #expect(www.configured && www.state == .running && www.rules.count == 3)
        #expect(www.racct?[.memoryuse] != nil && www.racct?[.memoryuse] != 0)
        #expect(www.summary.processes == s.processes.filter { $0.jid == 1 }.count)
        #expect(s.jail(named: "a.b")?.parent == 4)
        #expect(s.jail(named: "old")?.state == .dying)
        let build = try #require(s.jail(named: "build"))
        #expect(build.jid == nil && build.state == .stopped && build.ip4 == ["192.0.2.30"])
        #expect(build.path == "/usr/local/jails/build" && build.hostname == "build.example.org")
        #expect(s.jail(named: "vnet1")?.interfaces.contains { $0.name.hasPrefix("epair") } == true)
        #expect(s.processes.count == 43)
        // uid 1002 is "admin" on the host but "builder" in vnet1's own passwd.
        #expect(s.processes.first { $0.pid == 2310 }?.user == "builder")
        #expect(s.processes.first { $0.pid == 2102 }?.user == "www")
        // rctl -u only for jails that exist (running or dying), never for "build"; all in one run.
        let usageCalls = runner.calls.filter { $0.arguments.first == "-u" }
        #expect(usageCalls.count == 1)
        #expect(Set(usageCalls.flatMap { $0.arguments.dropFirst() }) == ["jail:www", "jail:db", "jail:vnet1", "jail:a", "jail:a.b", "jail:old"])
        #expect(s.jail(named: "www")?.racct?[.memoryuse] != s.jail(named: "db")?.racct?[.memoryuse], "each jail got its own block")
        #expect(runner.calls.contains { $0.path == HostPaths.netstat && $0.arguments == ["-j", "3", "-ibn", "--libxo", "json"] })
    }

    @Test func psRunsWithAUTF8CtypeWhenTheHostHasOne() async throws {
        // The stand-in root has no /usr/share/locale: ps stays in the C locale like every tool.
        let plain = Self.runner()
        _ = try await Self.collector(plain).collect()
        #expect(plain.calls.allSatisfy { $0.locale == .c })

        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-ctype-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let ctype = root.appendingPathComponent("usr/share/locale/C.UTF-8")
        try FileManager.default.createDirectory(at: ctype, withIntermediateDirectories: true)
        try Data().write(to: ctype.appendingPathComponent("LC_CTYPE"))
        let runner = Self.runner(override: [HostPaths.ps: .success(ToolResult(status: 0, stdout: Self.file("ps-utf8.txt")))])
        let collector = FreeBSDCollector(runner: runner, paths: HostPaths(root: root.path))
        let s = try await collector.collect()
        #expect(runner.calls.filter { $0.path == HostPaths.ps }.map(\.locale) == [.utf8(ctype: "C.UTF-8")])
        #expect(runner.calls.filter { $0.path != HostPaths.ps }.allSatisfy { $0.locale == .c })
        #expect(s.processes.first { $0.pid == 3001 }?.args == "/usr/local/bin/日本語 -x")
        #expect(s.processes.first { $0.pid == 3006 }?.args == "./n\\M^El")
    }

    /// Issue 12 (7): a collector asked for some parts runs only their tools.
    @Test func onlyTheAskedPartsAreCollected() async throws {
        var settings = FreeBSDCollector.Settings()
        settings.parts = [.processes, .jails]
        let runner = Self.runner()
        let collector = FreeBSDCollector(runner: runner, paths: HostPaths(root: Self.root), settings: settings)
        let s = try await collector.collect()
        #expect(Set(runner.calls.map(\.path)) == [HostPaths.jls, HostPaths.ps])
        #expect(await collector.lastSpawnCount == 2)
        #expect(s.errors.isEmpty, "\(s.errors)")
        #expect(s.processes.count == 43 && s.processes.first { $0.pid == 2310 }?.user == "builder")
        #expect(s.jails.map(\.name) == ["www", "db", "vnet1", "a", "a.b", "old"])
        #expect(s.jails.allSatisfy { $0.rules.isEmpty && $0.racct == nil && $0.interfaces.isEmpty })
        // Usage alone still asks plain rctl whether racct is on, but keeps no rules.
        settings.parts = [.usage]
        let usageRunner = Self.runner()
        let u = try await FreeBSDCollector(runner: usageRunner, paths: HostPaths(root: Self.root), settings: settings).collect()
        #expect(usageRunner.calls.contains { $0.path == HostPaths.rctl && $0.arguments.isEmpty })
        #expect(usageRunner.calls.contains { $0.arguments.first == "-u" && $0.arguments.contains("jail:www") })
        #expect(!usageRunner.calls.contains { $0.path == HostPaths.ps || $0.path == HostPaths.sysctl || $0.path == HostPaths.netstat })
        #expect(u.jail(named: "www")?.racct != nil && u.jail(named: "www")?.rules.isEmpty == true)
    }

    @Test func hostCPUComesFromTwoSamples() async throws {
        let collector = Self.collector(Self.runner())
        #expect(try await collector.collect().host.cpuPercent == nil)
        // Same cp_time twice: no ticks passed, so still unknown rather than a made-up 0.
        #expect(try await collector.collect().host.cpuPercent == nil)
    }

    @Test(arguments: [
        (HostPaths.jls, SourceIssue.Source.jails, Result<ToolResult, ToolRunError>.failure(.timedOut(path: "/usr/sbin/jls", after: .seconds(5)))),
        (HostPaths.jls, .jails, .success(ToolResult(status: 1, stdout: "", stderr: "jls: jail_get: Operation not permitted\n"))),
        (HostPaths.ps, .processes, .success(ToolResult(status: 0, stdout: "\u{1B}[31mgarbage\n{{{\n"))),
        (HostPaths.ps, .processes, .failure(.notFound(path: "/bin/ps"))),
        (HostPaths.sysctl, .host, .success(ToolResult(status: 0, stdout: "vm.loadavg={ x y z }\n"))),
        (HostPaths.netstat, .network, .success(ToolResult(status: 1, stdout: "", stderr: "netstat: jail \"3\" not found\n"))),
    ])
    func aFailingSourceBlanksOnlyItsPart(tool: String, source: SourceIssue.Source, answer: Result<ToolResult, ToolRunError>) async throws {
        let s = try await Self.collector(Self.runner(override: [tool: answer])).collect()
        let issue = try #require(s.issue(for: source), "\(s.errors)")
        #expect(!issue.message.isEmpty)
        #expect(s.errors.count == 1, "\(s.errors)")
        if source != .jails { #expect(s.jails.filter { $0.jid != nil }.count == 6) }
        if source != .processes { #expect(s.processes.count == 43) }
        if source == .jails {
            #expect(s.jails.map(\.name) == ["build", "vnet1", "db", "www"].sorted())
            // A failed jls says nothing about whether a configured jail runs: unknown, never "stopped".
            #expect(s.jails.allSatisfy { $0.state == .unknown && $0.jid == nil }, "\(s.jails.map(\.state))")
        } else {
            #expect(!s.jails.contains { $0.state == .unknown })
        }
    }

    /// Issue 11 (5): a hung rctl used to cost one timeout per jail (jails ÷ 4 × 5 s per sample).
    /// After the first timeout it is not waited on again in that sample.
    @Test func aHungToolIsWaitedOnOncePerSample() async throws {
        let runner = Self.runner(usage: .failure(.timedOut(path: HostPaths.rctl, after: .seconds(5))))
        let collector = Self.collector(runner)
        let s = try await collector.collect()
        let usageCalls = runner.calls.filter { $0.arguments.first == "-u" }
        // One rctl for all six jails was tried and waited on once.
        #expect(usageCalls.count == 1, "\(usageCalls.map(\.arguments))")
        let issue = try #require(s.issue(for: .usage))
        #expect(issue.message.contains("did not finish within 5s"), "\(issue.message)")
        #expect(issue.message.contains("(and 5 more)"))
        // The next sample tries again.
        _ = try await collector.collect()
        #expect(runner.calls.filter { $0.arguments.first == "-u" }.count == 2)
        // A hung rules call (plain rctl) means no usage call at all in that sample.
        let rulesHang = Self.runner(override: [HostPaths.rctl: .failure(.timedOut(path: HostPaths.rctl, after: .seconds(5)))])
        _ = try await Self.collector(rulesHang).collect()
        #expect(rulesHang.calls.filter { $0.arguments.first == "-u" }.isEmpty)
    }

    @Test func racctDisabledIsReportedNotAnError() async throws {
        let disabled = ToolResult(status: 1, stdout: "", stderr: "rctl: RACCT/RCTL present, but disabled; enable using kern.racct.enable=1 tunable\n")
        let s = try await Self.collector(Self.runner(override: [HostPaths.rctl: .success(disabled)])).collect()
        #expect(s.host.racct == .disabled)
        #expect(s.errors.isEmpty)
        #expect(s.jails.allSatisfy { $0.racct == nil })
        // ps-based estimates still stand in for limits.
        #expect(s.jail(named: "www")?.summary.rssBytes ?? 0 > 0)
        let absent = ToolResult(status: 1, stdout: "", stderr: "rctl: RACCT/RCTL support not present in kernel; see rctl(8) for details\n")
        let a = try await Self.collector(Self.runner(override: [HostPaths.rctl: .success(absent)])).collect()
        #expect(a.host.racct == .absent)
    }

    @Test func rctlSpawnsAreBoundedOnAThousandJails() async throws {
        var synth = HostSynthesizer(spec: .large(jails: 1000, processes: 4000))
        let host = synth.next()
        let runner = SyntheticHostTools(host).runner
        let collector = FreeBSDCollector(runner: runner, paths: HostPaths(root: "/nonexistent"))
        let first = try await collector.collect()
        #expect(first.jails.count == 1000 && first.processes.count == host.processes.count)
        let spawns = await collector.lastSpawnCount
        let settings = FreeBSDCollector.Settings()
        // jls, ps, sysctl, rctl, one rctl -u for the budget's 48 jails, the netstat budget.
        #expect(spawns <= 5 + (settings.networkCallsPerRefresh ?? 0))
        // The budget counts jails; they are asked about in one rctl.
        let firstUsage = runner.calls.filter { $0.arguments.first == "-u" }
        #expect(firstUsage.count == 1 && firstUsage[0].arguments.count - 1 == settings.usageCallsPerRefresh)
        // Visible jails are refreshed first on the next pass.
        let visible = ["web0991", "db0992", "mail0993"]
        await collector.prioritize(CollectionPriority(jailNames: visible))
        let before = runner.calls.count
        _ = try await collector.collect()
        let next = runner.calls[before...].filter { $0.arguments.first == "-u" }.flatMap { $0.arguments.dropFirst().map { String($0.dropFirst(5)) } }
        #expect(Array(next.prefix(3)) == visible)
        // Round-robin covers every jail within a few more than ceil(1000 / 48) refreshes (the
        // visible jails take some of each budget).
        for _ in 0..<22 { _ = try await collector.collect() }
        let covered = Set(runner.calls.filter { $0.arguments.first == "-u" }.flatMap { $0.arguments.dropFirst() })
        #expect(covered.count == 1000)
        let last = try await collector.collect()
        #expect(last.jails.allSatisfy { $0.racct != nil })
    }

    /// netstat -j runs once per VNET jail: the dashboard reads the visible ones every refresh
    /// and only a couple of others, unless the table is sorted by network, when the budget goes
    /// round them all.
    @Test func offScreenVNETJailsAreReadByTheBudgetOnlyWhenRankedByNetwork() async throws {
        var synth = HostSynthesizer(spec: .large(jails: 300, processes: 3000))
        let host = synth.next()
        let vnet = host.jails.filter { $0.vnet && $0.jid != nil }.map(\.name)
        try #require(vnet.count > 20)
        let runner = SyntheticHostTools(host).runner
        let collector = FreeBSDCollector(runner: runner, paths: HostPaths(root: "/nonexistent"))
        _ = try await collector.collect()
        func netstatCalls(_ priority: CollectionPriority) async throws -> Int {
            await collector.prioritize(priority)
            let before = runner.calls.count
            _ = try await collector.collect()
            return runner.calls[before...].filter { $0.path == HostPaths.netstat }.count
        }
        let visible = Array(vnet.prefix(3)) + ["not-vnet"]
        let budget = FreeBSDCollector.Settings().networkCallsPerRefresh ?? 0
        #expect(try await netstatCalls(CollectionPriority(jailNames: visible)) == 3 + FreeBSDCollector.offScreenNetworkCallsPerRefresh)
        #expect(try await netstatCalls(CollectionPriority(jailNames: visible, needsEveryJailsNetwork: true)) == budget)
        // Many visible VNET jails: each is read every refresh, up to the whole budget.
        #expect(try await netstatCalls(CollectionPriority(jailNames: Array(vnet.prefix(12)))) == 12 + FreeBSDCollector.offScreenNetworkCallsPerRefresh)
    }

    /// Issue 10 (8): jls -d lists a restarted jail twice, dying JID 4 and running JID 11. The
    /// kernel's racct is per name, so rctl -u jail:www is asked once and its answer is JID 11's.
    @Test func aRestartedJailsDyingInstanceGetsNoUsage() async throws {
        let jls = #"{"__version": "2", "jail-information": {"jail": [{"jid":"4","name":"www","dying":true},{"jid":"11","name":"www","dying":false}]}}"#
        let runner = Self.runner(override: [HostPaths.jls: .success(ToolResult(status: 0, stdout: jls))])
        let s = try await Self.collector(runner).collect()
        let www = s.jails.filter { $0.name == "www" }
        #expect(www.map(\.jid) == [4, 11])
        #expect(www[0].state == .dying && www[0].racct == nil && www[0].limitUsages().isEmpty)
        #expect(www[1].state == .running && www[1].racct?[.cputime] != nil)
        #expect(runner.calls.filter { $0.arguments == ["-u", "jail:www"] }.count == 1)
    }
}
