import JailtopCollect
import JailtopModel
import JailtopSynth
import Testing

/// Issue 13: batch commands ask only for what they print — `ps` names jails from jls's short
/// listing, and `snapshot`'s LIMIT column asks `rctl -u` only where ps cannot count the resource.
@Suite struct BatchPartsTests {
    static func host() -> Snapshot {
        var synth = HostSynthesizer(spec: .large(jails: 100, processes: 1500))
        return synth.next()
    }

    static func collector(
        _ tools: SyntheticHostTools, parts: Set<FreeBSDCollector.Part>, jailParameters: Bool = true, processIDs: [Int]? = nil
    ) -> FreeBSDCollector {
        var settings = FreeBSDCollector.Settings()
        settings.parts = parts
        settings.readsJailParameters = jailParameters
        settings.processIDs = processIDs
        settings.usageCallsPerRefresh = nil
        return FreeBSDCollector(runner: tools.runner, paths: HostPaths(root: "/nonexistent"), settings: settings)
    }

    @Test func psNamesJailsFromTheShortListing() async throws {
        let host = Self.host()
        let tools = SyntheticHostTools(host)
        let s = try await Self.collector(tools, parts: [.processes, .jailNames]).collect()
        #expect(s.errors.isEmpty, "\(s.errors)")
        #expect(tools.runner.calls.filter { $0.path == HostPaths.jls }.map(\.arguments) == [JlsParser.listArguments])
        let running = host.jails.filter { $0.jid != nil }
        #expect(s.jails.map(\.name) == running.sorted { ($0.jid ?? 0) < ($1.jid ?? 0) }.map(\.name))
        #expect(s.jails.map(\.path) == running.sorted { ($0.jid ?? 0) < ($1.jid ?? 0) }.map(\.path))
        #expect(s.processes.count == host.processes.count)
    }

    /// `jailtop ps PID…`: ps is asked for those pids only (a pid no FreeBSD process can have
    /// is left out), not every process. A pid above a lowered kern.pid_max makes ps refuse the
    /// list: every process is read then, and that pid is simply not found.
    @Test func askedPIDsAreAllThatPsReads() async throws {
        let host = Self.host()
        let highest = try #require(host.processes.map(\.pid).max())
        try #require(highest + 1 < FreeBSDCollector.possiblePIDs.upperBound)
        let tools = SyntheticHostTools(host, pidMax: highest + 1)
        let wanted = [host.processes[20], host.processes[10]]
        let asked = wanted.map(\.pid) + [123_456, -1, wanted[0].pid]
        let s = try await Self.collector(tools, parts: [.processes, .jailNames], processIDs: asked).collect()
        #expect(s.errors.isEmpty, "\(s.errors)")
        let sorted = wanted.map(\.pid).sorted()
        #expect(s.processes.map(\.pid) == sorted)
        #expect(s.processes.map(\.args) == wanted.sorted { $0.pid < $1.pid }.map(\.args))
        #expect(tools.psCalls(since: 0) == [PsParser.arguments(forProcesses: sorted)])

        let mark = tools.runner.calls.count
        let refused = try await Self.collector(tools, parts: [.processes, .jailNames], processIDs: sorted + [highest + 2]).collect()
        #expect(refused.errors.isEmpty, "\(refused.errors)")
        #expect(refused.processes.count == host.processes.count)
        #expect(tools.psCalls(since: mark) == [PsParser.arguments(forProcesses: sorted + [highest + 2]), PsParser.arguments])
    }

    /// The snapshot table and the metrics show jails by their fields, not their parameters:
    /// jls lists only those, and the jails are the full listing's but for the parameters. On a
    /// kernel that lacks one of the fields jls refuses the list, and the full listing is read,
    /// then and on later refreshes.
    @Test(arguments: [false, true])
    func aTableOfJailsReadsTheirFieldsOnly(refused: Bool) async throws {
        let host = Self.host()
        let tools = SyntheticHostTools(host, refusesSummary: refused)
        let parts: Set<FreeBSDCollector.Part> = [.jails, .processFigures, .rules]
        let collector = Self.collector(tools, parts: parts, jailParameters: false)
        let s = try await collector.collect()
        #expect(s.errors.isEmpty, "\(s.errors)")
        let full = try await Self.collector(SyntheticHostTools(host), parts: parts).collect()
        // The same jails, whose parameters are those jls listed: the summary's fields, or all.
        func withoutParameters(_ jails: [Jail]) -> [Jail] {
            jails.map { jail in
                var jail = jail
                jail.params = [:]
                return jail
            }
        }
        #expect(withoutParameters(s.jails) == withoutParameters(full.jails), "the jails differ beyond their parameters")
        let fields = Set(JlsParser.summaryArguments.dropFirst(JlsParser.arguments.count))
        #expect(s.jails.allSatisfy { Set($0.params.keys).isSubset(of: fields) } != refused)
        #expect(full.jails.allSatisfy { $0.params.count > fields.count })
        let jls = tools.runner.calls.filter { $0.path == HostPaths.jls }.map(\.arguments)
        #expect(jls == (refused ? [JlsParser.summaryArguments, JlsParser.arguments] : [JlsParser.summaryArguments]))
        // Refused once, not asked again.
        _ = try await collector.collect()
        let later = tools.runner.calls.filter { $0.path == HostPaths.jls }.map(\.arguments).dropFirst(jls.count)
        #expect(!later.contains(JlsParser.summaryArguments) || !refused)
    }

    /// One snapshot table sums ps's rows as they are read and keeps none: the same jails with
    /// the same summaries, and the same host process count, as from the rows of the same ps,
    /// which it runs with the same argv (no user, no args).
    @Test func aTableOfJailsSumsPsWithoutKeepingItsRows() async throws {
        let host = Self.host()
        let tools = SyntheticHostTools(host)
        let summed = try await Self.collector(tools, parts: [.jails, .processTotals, .rules]).collect()
        #expect(summed.errors.isEmpty, "\(summed.errors)")
        let figuresTools = SyntheticHostTools(host)
        let rows = try await Self.collector(figuresTools, parts: [.jails, .processFigures, .rules]).collect()
        #expect(summed.processes.isEmpty)
        #expect(summed.processesOf == [])
        #expect(summed.host.processCount == host.processes.count)
        #expect(summed.processCount == rows.processCount)
        #expect(rows.host.processCount == nil && rows.processesOf == nil)
        #expect(summed.jails == rows.jails)
        #expect(summed.jails.contains { $0.summary.processes > 0 })
        func psCalls(_ tools: SyntheticHostTools) -> [[String]] { tools.runner.calls.filter { $0.path == HostPaths.ps }.map(\.arguments) }
        #expect(psCalls(tools) == [PsParser.arguments(.withoutArguments)])
        #expect(psCalls(tools) == psCalls(figuresTools))
        // Rows asked for as well: they are read, and the totals come from them.
        let both = try await Self.collector(SyntheticHostTools(host), parts: [.jails, .processFigures, .processTotals]).collect()
        #expect(both.processes.count == host.processes.count && both.processesOf == nil)
    }

    @Test func limitUsageAsksTheKernelOnlyForWhatPsCannotCount() async throws {
        var host = Self.host()
        let ruled = host.jails.filter { $0.jid != nil && !$0.rules.isEmpty }
        #expect(!ruled.isEmpty && ruled.allSatisfy { $0.rules.allSatisfy { $0.racctResource?.isCountedByPs == true } })
        // One jail also limits open files, which only racct counts.
        let target = try #require(ruled.first)
        let index = try #require(host.jails.firstIndex { $0.name == target.name })
        host.jails[index].rules.append(RctlRule(subjectID: target.name, resource: "openfiles", action: .deny, amount: 1000))
        let tools = SyntheticHostTools(host)
        let s = try await Self.collector(tools, parts: [.jails, .processes, .rules, .limitUsage]).collect()
        let usageCalls = tools.runner.calls.filter { $0.arguments.first == "-u" }.map(\.arguments)
        #expect(usageCalls == [["-u", "jail:" + target.name]])
        // The others' limits are measured from ps, and say so.
        let other = try #require(s.jail(named: ruled.dropFirst().first?.name ?? ""))
        #expect(other.racct == nil && other.tightestLimit?.estimated == true)
        #expect(s.jail(named: target.name)?.racct?[.openfiles] != nil)
    }
}
