import JailtopCollect
import JailtopModel
import JailtopSynth
import JailtopTestSupport
import Testing

/// Issue 13 (2): a steady refresh asks the host for less — ps without argument lists, jls with
/// three parameters — while a new or changed process, or a new jail, still shows on the next
/// refresh in full.
@Suite struct SteadyRefreshTests {
    static func host() -> Snapshot {
        var synth = HostSynthesizer(spec: .large(jails: 200, processes: 3000))
        return synth.next()
    }

    /// A collector over these tools that reads processes in `detail` (the dashboard's way by default).
    static func collector(
        _ tools: SyntheticHostTools, detail: FreeBSDCollector.ProcessDetail = .listedJails, root: String = "/nonexistent"
    ) -> FreeBSDCollector {
        var settings = FreeBSDCollector.Settings()
        settings.processDetail = detail
        return FreeBSDCollector(runner: tools.runner, paths: HostPaths(root: root), settings: settings)
    }

    @Test func theSteadyLayoutReadsWhatTheFullOneDoesButUserAndArgs() throws {
        let host = Self.host()
        let builder = FreeBSDOutputs.psBuilder(host)
        let full = try PsParser.parse(builder.text())
        let steady = try PsParser.parseRows(builder.steadyText(), encoding: .utf8, layout: .withoutArguments)
        #expect(steady.rows.skipped.isEmpty && steady.unconfirmed.isEmpty)
        #expect(steady.rows.value.count == full.count)
        let stripped = full.map { p -> JailProcess in
            var q = p
            q.user = ""
            q.args = ""
            return q
        }
        #expect(steady.rows.value == stripped)
        #expect(PsParser.arguments(.withoutArguments).contains("pid=PIDCHECK"))
        #expect(!PsParser.arguments(.withoutArguments).contains("args=ARGS"))
        #expect(!PsParser.arguments(.withoutArguments).contains("user=USER"))
        #expect(PsParser.arguments(forProcesses: [7, 42]).suffix(2) == ["-p", "7,42"])
        #expect(!PsParser.arguments(forProcesses: [7]).contains("-ax"))
    }

    @Test func hostileNamesKeepTheirRowAndTheRowsAfterThem() throws {
        func process(_ pid: Int, _ command: String) -> JailProcess {
            JailProcess(
                pid: pid, ppid: 1, jid: 3, uid: 1001, user: "u", cpuPercent: 1.5, memPercent: 0.1, rssBytes: 4096,
                vszBytes: 8192, cpuTimeS: 1.25, elapsedS: 60, state: "SJ", threads: 1, priority: 20, nice: 0,
                command: command, args: "x")
        }
        var builder = PsTextBuilder()
        // A raw newline and a space inside names, a name of spaces, and a name ending in digits
        // like the pid that follows it.
        for p in [process(100, "a\nb c"), process(101, "  "), process(102, "evil 102"), process(103, "sshd")] {
            builder.add(p)
        }
        let steady = try PsParser.parseRows(builder.steadyText(), encoding: .c, layout: .withoutArguments)
        #expect(steady.rows.skipped.isEmpty)
        #expect(steady.rows.value.map(\.pid) == [100, 101, 102, 103])
        #expect(steady.rows.value.map(\.cpuPercent) == [1.5, 1.5, 1.5, 1.5])
        #expect(steady.rows.value.map(\.command) == ["a\nb c", "", "evil 102", "sshd"])
        #expect(steady.unconfirmed.isEmpty)
    }

    @Test func aSteadyRefreshReadsArgumentsOnlyForNewChangedAndVisibleProcesses() async throws {
        var host = Self.host()
        let tools = SyntheticHostTools(host)
        let collector = FreeBSDCollector(runner: tools.runner, paths: HostPaths(root: "/nonexistent"))
        let first = try await collector.collect()
        #expect(first.errors.isEmpty)
        let fullBytes = await collector.lastBytesRead
        #expect(tools.psCalls(since: 0).map { $0.contains("args=ARGS") } == [true])

        // Nothing changed; three processes are on screen.
        let visible = Array(first.processes.suffix(3).map(\.pid))
        await collector.prioritize(CollectionPriority(jailNames: [], processIDs: visible))
        var mark = tools.runner.calls.count
        let second = try await collector.collect()
        #expect(second.errors.isEmpty)
        #expect(second.processes == first.processes)
        let calls = tools.psCalls(since: mark)
        #expect(calls.count == 2)
        #expect(calls.first?.contains("pid=PIDCHECK") == true)
        #expect(calls.last?.suffix(2) == ["-p", visible.sorted().map(String.init).joined(separator: ",")])
        let jlsCalls = tools.runner.calls[mark...].filter { $0.path == HostPaths.jls }.map(\.arguments)
        #expect(jlsCalls == [JlsParser.listArguments])
        let steadyBytes = await collector.lastBytesRead
        #expect(steadyBytes < fullBytes * 3 / 4)

        // A new process, and one that exec'd another program (same pid, new comm and args).
        var newcomer = host.processes[host.processes.count / 2]
        newcomer.pid = 99_001
        newcomer.args = "/usr/local/bin/newcomer --fresh"
        newcomer.command = "newcomer"
        let execIndex = host.processes.count / 3
        host.processes[execIndex].command = "sh"
        host.processes[execIndex].args = "/bin/sh -c backup"
        host.processes.append(newcomer)
        host.processes.sort { $0.pid < $1.pid }
        tools.host.set(host)
        await collector.prioritize(CollectionPriority())
        mark = tools.runner.calls.count
        let third = try await collector.collect()
        let byPID = tools.psCalls(since: mark).last ?? []
        #expect(byPID.suffix(2) == ["-p", [host.processes[execIndex].pid, 99_001].sorted().map(String.init).joined(separator: ",")])
        #expect(third.processes.first { $0.pid == 99_001 }?.args == "/usr/local/bin/newcomer --fresh")
        #expect(third.processes.first { $0.pid == host.processes[execIndex].pid }?.args == "/bin/sh -c backup")
        #expect(third.processes.count == first.processes.count + 1)
    }

    @Test func theCountersLayoutReadsTheFullLayoutsCounters() throws {
        let host = Self.host()
        let builder = FreeBSDOutputs.psBuilder(host)
        let full = try PsParser.parse(builder.text())
        let counters = try PsParser.parseCounters(builder.countersText())
        #expect(counters.skipped.isEmpty)
        #expect(counters.value == full.map(ProcessCacheTests.counters))
        #expect(builder.countersText().count * 3 < builder.steadyText().count * 2)
        // A bad row costs that row; a foreign header costs the run.
        var text = builder.countersText()
        let secondLine = text.firstIndex(of: 0x0A)! + 1
        text.replaceSubrange(secondLine..<secondLine, with: Array("   1   1   1 soon 5 1\n".utf8))
        let parsed = try PsParser.parseCounters(text)
        #expect(parsed.value.count == full.count && parsed.skipped.count == 1)
        #expect("\(parsed.skipped.first!)".contains("field time"))
        #expect(throws: ToolOutputError.self) { try PsParser.parseCounters(builder.steadyText()) }
        // What the quick reader leaves to the careful one: a decimal comma, a swapped-out
        // process's "-" age, long minutes.
        let odd = try PsParser.parseCounters(Array("JID PID RSS TIME ETIMES NLWP\n  3  70   8 1:02,50 100 2\n  3  71  16 0:00.01 - 1\n  0  72   4 125000:03.45 9 3\n".utf8))
        #expect(odd.skipped.isEmpty)
        #expect(odd.value == [
            ProcessCounters(jid: 3, pid: 70, rssBytes: 8192, cpuTimeS: 62.5, elapsedS: 100, threads: 2),
            ProcessCounters(jid: 3, pid: 71, rssBytes: 16384, cpuTimeS: 0.01, elapsedS: 0, threads: 1),
            ProcessCounters(jid: 0, pid: 72, rssBytes: 4096, cpuTimeS: 7_500_003.45, elapsedS: 9, threads: 3),
        ])
    }

    /// The dashboard's way: counters for every process, the listed jail in the steady layout.
    @Test func aListingRefreshReadsOnlyCountersOutsideTheListedJail() async throws {
        var host = Self.host()
        let tools = SyntheticHostTools(host)
        let collector = Self.collector(tools)
        let first = try await collector.collect()
        let fullBytes = await collector.lastBytesRead
        let listed = try #require(first.jails.first { $0.state == .running && $0.summary.processes > 2 })
        let listedJID = try #require(listed.jid)
        let other = try #require(first.jails.first { $0.state == .running && $0.jid != listedJID && $0.summary.processes > 1 })

        // Every process gets busier and changes state; nothing else changes.
        for i in host.processes.indices {
            host.processes[i].cpuTimeS += 1.5
            host.processes[i].elapsedS += 2
            host.processes[i].rssBytes += 8192
            host.processes[i].state = "R"
        }
        tools.host.set(host)
        await collector.prioritize(CollectionPriority(listedJailIDs: [listedJID]))
        var mark = tools.runner.calls.count
        let second = try await collector.collect()
        #expect(second.errors.isEmpty)
        let listedPIDs = host.processes.filter { $0.jid == listedJID }.map(\.pid)
        #expect(tools.psCalls(since: mark) == [
            PsParser.counterArguments, PsParser.arguments(forProcesses: listedPIDs, layout: .withoutArguments),
        ])
        #expect(await collector.lastBytesRead * 3 < fullBytes)
        // The listed jail's processes are as ps prints them now; every process's counters are
        // new, the rest of an unlisted one is as last read.
        // (What ps prints of the host: times in hundredths.)
        var printed = try PsParser.parse(FreeBSDOutputs.ps(host))
        #expect(second.processes.filter { $0.jid == listedJID } == printed.filter { $0.jid == listedJID })
        let unlisted = second.processes.filter { $0.jid == other.jid }
        #expect(!unlisted.isEmpty && unlisted.allSatisfy { $0.state != "R" })
        #expect(unlisted.map(\.cpuTimeS) == printed.filter { $0.jid == other.jid }.map(\.cpuTimeS))
        #expect(second.processes.count == host.processes.count)
        #expect(second.jail(named: other.name)?.summary.rssBytes == host.processes.filter { $0.jid == other.jid }.reduce(0) { $0 + $1.rssBytes })

        // A process starts in an unlisted jail and one exits there: both show on this refresh,
        // the newcomer in full. Then the jail is listed: its states are read.
        var newcomer = host.processes.first { $0.jid == other.jid }!
        newcomer.pid = 99_002
        newcomer.command = "newcomer"
        newcomer.args = "/usr/local/bin/newcomer --now"
        newcomer.elapsedS = 0
        let leaver = host.processes.last { $0.jid == other.jid }!
        host.processes.removeAll { $0.pid == leaver.pid }
        host.processes.append(newcomer)
        host.processes.sort { $0.pid < $1.pid }
        tools.host.set(host)
        mark = tools.runner.calls.count
        let third = try await collector.collect()
        #expect(tools.psCalls(since: mark).last == PsParser.arguments(forProcesses: [99_002]))
        #expect(third.processes.first { $0.pid == 99_002 }?.args == newcomer.args)
        #expect(!third.processes.contains { $0.pid == leaver.pid })
        await collector.prioritize(CollectionPriority(listedJailIDs: [other.jid!]))
        let fourth = try await collector.collect()
        printed = try PsParser.parse(FreeBSDOutputs.ps(host))
        #expect(fourth.processes.filter { $0.jid == other.jid } == printed.filter { $0.jid == other.jid })
    }

    /// Issue 16 (3): the host's own processes (`J 0`) are listed as a jail's are: JID 0 is
    /// read in the steady layout, the jails' processes as counters only.
    @Test func theHostsOwnProcessesAreReadWhenListed() async throws {
        var host = Self.host()
        let tools = SyntheticHostTools(host)
        let collector = Self.collector(tools)
        _ = try await collector.collect()
        let hostPIDs = host.processes.filter { $0.jid == 0 }.map(\.pid)
        try #require(!hostPIDs.isEmpty)
        for i in host.processes.indices { host.processes[i].state = "R" }
        tools.host.set(host)
        await collector.prioritize(CollectionPriority(listedJailIDs: [0]))
        let mark = tools.runner.calls.count
        let sample = try await collector.collect()
        #expect(tools.psCalls(since: mark) == [
            PsParser.counterArguments, PsParser.arguments(forProcesses: hostPIDs, layout: .withoutArguments),
        ])
        let printed = try PsParser.parse(FreeBSDOutputs.ps(host))
        #expect(sample.processes.filter { $0.jid == 0 } == printed.filter { $0.jid == 0 })
        #expect(sample.processes.filter { $0.jid != 0 }.allSatisfy { $0.state != "R" })
    }

    @Test func aNewProcessThatExitsBeforeItsFullReadIsNotShown() async throws {
        let host = Self.host()
        let tools = SyntheticHostTools(host)
        let collector = Self.collector(tools)
        _ = try await collector.collect()
        // The counters run sees pid 99 003; by the time of `ps -p` it is gone.
        var ghost = host.processes[host.processes.count / 2]
        ghost.pid = 99_003
        tools.shortLived.set([ghost])
        let mark = tools.runner.calls.count
        let s = try await collector.collect()
        #expect(tools.psCalls(since: mark).last == PsParser.arguments(forProcesses: [99_003]))
        #expect(s.errors.isEmpty)
        #expect(!s.processes.contains { $0.pid == 99_003 })
        #expect(s.processes.count == host.processes.count)
        #expect(!s.processes.contains { $0.command == "?" })
    }

    @Test func aChangedJailListIsReadInFullAtOnce() async throws {
        var host = Self.host()
        let tools = SyntheticHostTools(host)
        let collector = FreeBSDCollector(runner: tools.runner, paths: HostPaths(root: "/nonexistent"))
        _ = try await collector.collect()
        _ = try await collector.collect()
        // A jail stops: the short listing differs, so the same refresh reads every parameter.
        let gone = host.jails.first { $0.jid != nil }!
        host.jails.removeAll { $0.name == gone.name }
        host.processes.removeAll { $0.jid == gone.jid }
        tools.host.set(host)
        let mark = tools.runner.calls.count
        let s = try await collector.collect()
        let jlsCalls = tools.runner.calls[mark...].filter { $0.path == HostPaths.jls }.map(\.arguments)
        #expect(jlsCalls == [JlsParser.listArguments, JlsParser.arguments])
        #expect(s.jail(named: gone.name)?.state != .running)
        #expect(s.jails.filter { $0.state == .running }.count == host.jails.filter { $0.jid != nil }.count)
        // And every so often anyway, for parameters `jail -m` changed.
        for _ in 0..<40 { _ = try await collector.collect() }
        let full = tools.runner.calls[mark...].filter { $0.path == HostPaths.jls && $0.arguments == JlsParser.arguments }
        #expect(full.count >= 2)
    }

    @Test func rulesAreParsedAgainOnlyWhenRctlPrintsOtherRules() async throws {
        var host = Self.host()
        let tools = SyntheticHostTools(host)
        let collector = FreeBSDCollector(runner: tools.runner, paths: HostPaths(root: "/nonexistent"))
        let first = try await collector.collect()
        let second = try await collector.collect()
        #expect(second.jails.map(\.rules) == first.jails.map(\.rules))
        let index = try #require(host.jails.firstIndex { $0.jid != nil })
        let name = host.jails[index].name
        host.jails[index].rules.append(RctlRule(subjectID: name, resource: "openfiles", action: .deny, amount: 64))
        tools.host.set(host)
        let third = try await collector.collect()
        #expect(third.jail(named: name)?.rules.contains { $0.resource == "openfiles" && $0.amount == 64 } == true)
    }

    @Test func aJailsPasswdIsCheckedAgainEveryFewRefreshesNotEveryOne() async throws {
        let host = Self.host()
        let base = try ScratchRoot("steady-passwd")
        defer { base.remove() }
        let process = try #require(host.processes.first { $0.jid != 0 })
        let jail = try #require(host.jails.first { $0.jid == process.jid })
        try base.write("first:*:\(process.uid):\(process.uid)::/:/bin/sh\n", at: jail.path + "/etc/passwd")
        let collector = FreeBSDCollector(runner: SyntheticHostTools(host).runner, paths: HostPaths(root: base.path))
        let user = { (s: Snapshot) in s.processes.first { $0.pid == process.pid }?.user }
        #expect(user(try await collector.collect()) == "first")
        try base.write("second:*:\(process.uid):\(process.uid)::/:/bin/sh\n", at: jail.path + "/etc/passwd")
        var names: [String?] = []
        for _ in 0..<FreeBSDCollector.passwdCheckEvery { names.append(user(try await collector.collect())) }
        #expect(names.first == "first", "read again only at the next check")
        #expect(names.last == "second", "\(names)")
    }

    /// Kept rows keep their names; a process read in full on a steady refresh is named from its
    /// jail's passwd at once, in either layout.
    @Test(arguments: [FreeBSDCollector.ProcessDetail.everyProcess, .listedJails])
    func aNewProcessIsNamedFromItsJailsPasswdOnItsFirstRefresh(detail: FreeBSDCollector.ProcessDetail) async throws {
        var host = Self.host()
        let base = try ScratchRoot("steady-names")
        defer { base.remove() }
        let process = try #require(host.processes.first { $0.jid != 0 })
        let jail = try #require(host.jails.first { $0.jid == process.jid })
        try base.write("keeper:*:\(process.uid):\(process.uid)::/:/bin/sh\nnewbie:*:4242:4242::/:/bin/sh\n", at: jail.path + "/etc/passwd")
        let tools = SyntheticHostTools(host)
        let collector = Self.collector(tools, detail: detail, root: base.path)
        _ = try await collector.collect()
        _ = try await collector.collect()
        var newcomer = process
        newcomer.pid = 99_004
        newcomer.uid = 4242
        newcomer.user = "4242"  // what the host's ps prints for a uid only the jail knows
        host.processes.append(newcomer)
        host.processes.sort { $0.pid < $1.pid }
        tools.host.set(host)
        let s = try await collector.collect()
        #expect(s.processes.first { $0.pid == 99_004 }?.user == "newbie")
        #expect(s.processes.first { $0.pid == process.pid }?.user == "keeper")
    }

    @Test func oneRctlRunAnswersForManyJails() throws {
        let usage = { (cpu: Int) in RacctResource.allCases.map { "\($0.rawValue)=\($0 == .cputime ? cpu : 7)\n" }.joined() }
        // a, then b's failure on stderr (nothing on stdout for it), then c.
        let answers = RctlUsageParser.parseUsages(
            stdout: usage(1) + usage(3), stderr: "rctl: failed to show resource consumption for 'jail:b': Operation not permitted\n",
            jails: ["a", "b", "c"])
        #expect((try? answers["a"]?.get())?.value[.cputime] == 1)
        #expect((try? answers["c"]?.get())?.value[.cputime] == 3)
        guard case .failure(let error)? = answers["b"] else { Issue.record("b: \(String(describing: answers["b"]))"); return }
        #expect("\(error)".contains("Operation not permitted"))
        // Blocks that cannot be matched to the jails are nobody's.
        let short = RctlUsageParser.parseUsages(stdout: usage(1), stderr: "", jails: ["a", "b"])
        #expect(short.values.allSatisfy { if case .failure = $0 { true } else { false } })
        // racct switched off between plain rctl and -u: rctl says so, and that is the reason.
        let off = RctlUsageParser.parseUsages(
            stdout: "", stderr: "rctl: RACCT/RCTL present, but disabled; enable using kern.racct.enable=1 tunable\n", jails: ["a"])
        guard case .failure(let why)? = off["a"] else { Issue.record("a: \(String(describing: off["a"]))"); return }
        #expect("\(why)".contains("disabled"))
        #expect(RctlUsageParser.arguments(jails: ["a", "b"]) == ["-u", "jail:a", "jail:b"])
    }
}
