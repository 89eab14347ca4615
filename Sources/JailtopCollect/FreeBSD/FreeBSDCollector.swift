import Foundation
import JailtopModel

/// The live source: runs jls, ps, sysctl, rctl and netstat through a `ToolRunner`, reads
/// jail.conf and passwd files, and composes one `Snapshot`. Every source fails on its own:
/// its part of the sample is left empty and a `SourceIssue` says why; the rest still works.
public actor FreeBSDCollector: Collector {
    /// Knobs for how much work one refresh may do.
    public struct Settings: Sendable {
        /// Per-tool timeout; a tool still running then is killed and reported.
        public var timeout: Duration = .seconds(5)
        /// Most `rctl -u` spawns per refresh; nil means every jail every time (batch commands).
        public var usageCallsPerRefresh: Int? = 48
        /// Most `netstat -j` spawns per refresh for VNET jails; nil means all.
        public var networkCallsPerRefresh: Int? = 16
        /// How many tools run at once.
        public var parallelism = 4

        public init() {}
    }

    public nonisolated let sourceDescription: String
    public nonisolated let isLive = true
    private let runner: any ToolRunner
    private let paths: HostPaths
    private let settings: Settings
    private let passwd = PasswdCache()
    /// The locale ps runs in: a UTF-8 LC_CTYPE when the host has one, so names and arguments
    /// arrive as text instead of vis(3) escapes. Looked up on the first refresh; the parser is
    /// told which, because the two layouts differ for the same bytes (see `PsParser`).
    private var chosenPsLocale: ToolLocale?
    private var previousCPTime: [Int]?
    /// Last known racct usage and interfaces per jail name; refreshed a budget at a time.
    private var usageCache: [String: ResourceUsage] = [:]
    /// When each cached usage was read: racct rates are measured between these moments.
    private var usageTimes: [String: Double] = [:]
    private var networkCache: [String: [NetInterface]] = [:]
    /// Jails the UI shows now: their usage is refreshed first.
    private var priorityNames: [String] = []
    private var usageCursor = 0
    private var networkCursor = 0
    /// Tools that timed out in the sample being taken: they are not waited on again in it, so a
    /// hung rctl costs one timeout per sample, not one per jail.
    private var unresponsive: Set<String> = []
    /// Spawns made by the last refresh, for benchmarks and the debug line.
    public private(set) var lastSpawnCount = 0

    public init(runner: any ToolRunner, paths: HostPaths, settings: Settings = Settings()) {
        self.runner = runner
        self.paths = paths
        self.settings = settings
        self.sourceDescription = paths.root.isEmpty ? "live host" : "live host under JAILTOP_ROOT=\(paths.root)"
    }

    /// Tells the collector which jails are on screen, so their usage is refreshed first.
    public func prioritize(_ names: [String]) async {
        priorityNames = names
    }

    public func collect() async throws -> Snapshot {
        let time = Date().timeIntervalSince1970
        unresponsive = []
        var issues: [SourceIssue] = []
        var spawns = 4

        async let jlsRun = runTool(HostPaths.jls, ["-d", "-n", "--libxo", "json"])
        let psLocale = chosenPsLocale ?? paths.utf8Locale().map { ToolLocale.utf8(ctype: $0) } ?? ToolLocale.c
        chosenPsLocale = psLocale
        async let psRun = runTool(HostPaths.ps, PsParser.arguments, locale: psLocale)
        async let sysctlRun = runTool(HostPaths.sysctl, SysctlParser.arguments)
        async let rulesRun = runTool(HostPaths.rctl, [])
        let config = JailConfCatalog.load(root: paths.root)
        let (jlsResult, psResult, sysctlResult, rulesResult) = await (jlsRun, psRun, sysctlRun, rulesRun)

        // Host facts.
        var sysctls = HostSysctls()
        // Whether every sysctl line was read, so a missing kern.racct.enable means "no racct".
        var sysctlsComplete = false
        switch sysctlResult {
        case .success(let r):
            let parsed = SysctlParser.parseLines(r.stdoutText)
            sysctls = parsed.value
            sysctlsComplete = parsed.skipped.isEmpty
            if let issue = parsed.skipped.issue(.host, unit: "line") {
                issues.append(issue)
            } else if r.status != 0, !r.stderr.isEmpty {
                issues.append(SourceIssue(source: .host, message: "sysctl: \(r.stderrSummary)", skippedRows: 0))
            }
        case .failure(let e): issues.append(SourceIssue(source: .host, message: "\(e)"))
        }

        // Jails that exist now.
        var running: [JlsJail] = []
        // Without a jail list nothing is known to be running or stopped.
        var jailsKnown = true
        switch jlsResult {
        case .success(let r) where r.status == 0:
            do {
                let parsed = try JlsParser.parseEntries(r.stdout)
                running = parsed.value
                if let issue = parsed.skipped.issue(.jails, unit: "jail entry") { issues.append(issue) }
            } catch {
                issues.append(SourceIssue(source: .jails, message: "\(error)"))
                jailsKnown = false
            }
        case .success(let r):
            issues.append(SourceIssue(source: .jails, message: "jls exited \(r.status): \(r.stderrSummary)"))
            jailsKnown = false
        case .failure(let e):
            issues.append(SourceIssue(source: .jails, message: "\(e)"))
            jailsKnown = false
        }

        // Processes. ps exits 1 when nothing matched; only a run without a header is a failure.
        var processes: [JailProcess] = []
        switch psResult {
        case .success(let r) where r.status == 0 || (r.status == 1 && r.stderr.isEmpty):
            do {
                let parsed = try PsParser.parseRows(r.stdout, encoding: psLocale == .c ? .c : .utf8)
                processes = parsed.value
                if let issue = parsed.skipped.issue(.processes) { issues.append(issue) }
            } catch {
                issues.append(SourceIssue(source: .processes, message: "\(error)"))
            }
        case .success(let r): issues.append(SourceIssue(source: .processes, message: "ps exited \(r.status): \(r.stderrSummary)"))
        case .failure(let e): issues.append(SourceIssue(source: .processes, message: "\(e)"))
        }
        processes.sort { $0.pid < $1.pid }
        resolveUserNames(&processes, jails: running)

        // racct: the sysctl says whether it is on; rctl's own message is the authority. When the
        // sysctl could not be read, rctl is asked as if racct were on, and its answer decides.
        var racct: RacctState = switch sysctls.racctEnable {
        case .some(true): .enabled
        case .some(false): .disabled
        case .none: sysctlsComplete ? .absent : .enabled
        }
        var rules: [RctlRule] = []
        switch rulesResult {
        case .success(let r):
            if let state = RacctProbe.state(fromRctlStderr: r.stderrText) {
                racct = state
            } else if r.status != 0 {
                issues.append(SourceIssue(source: .rules, message: "rctl exited \(r.status): \(r.stderrSummary)"))
            } else {
                let parsed = RctlRulesParser.parse(r.stdoutText)
                rules = parsed.rules
                if let first = parsed.errors.first {
                    let noun = parsed.errors.count == 1 ? "rule" : "rules"
                    issues.append(
                        SourceIssue(source: .rules, message: "\(parsed.errors.count) \(noun) unreadable: \(first)", skippedRows: parsed.errors.count))
                }
            }
        case .failure(let e): issues.append(SourceIssue(source: .rules, message: "\(e)"))
        }
        if racct == .enabled {
            spawns += await refreshUsage(for: running.map(\.name), issues: &issues)
        } else {
            usageCache = [:]
            usageTimes = [:]
        }
        spawns += await refreshNetwork(for: running.filter(\.vnet), issues: &issues)

        if !config.errors.isEmpty {
            let first = config.errors[0]
            issues.append(SourceIssue(source: .config, message: "\(first)" + (config.errors.count > 1 ? " (and \(config.errors.count - 1) more)" : "")))
        }

        let jails = compose(running: running, configured: config.jails, rules: rules, racct: racct, jailsKnown: jailsKnown)
        var host = HostInfo(
            hostname: sysctls.hostname, osrelease: sysctls.osrelease, ncpu: sysctls.ncpu, physmemBytes: sysctls.physmemBytes,
            loadavg: sysctls.loadavg, boottime: sysctls.boottime, racct: racct, cpuPercent: nil,
            memUsedBytes: sysctls.memUsedBytes, cpTime: sysctls.cpTime)
        if let now = sysctls.cpTime, let before = previousCPTime {
            host.cpuPercent = SysctlParser.cpuPercent(previous: before, current: now)
        }
        previousCPTime = sysctls.cpTime
        lastSpawnCount = spawns
        return Snapshot(time: time, host: host, jails: jails, processes: processes, errors: issues)
            .withSummariesFromProcesses()
    }
}

// MARK: - Composing jails

extension FreeBSDCollector {
    /// - Parameter jailsKnown: false when jls failed: the configured jails are then `.unknown`,
    ///   not stopped (a failed jls says nothing about whether they run).
    private func compose(
        running: [JlsJail], configured: [ConfiguredJail], rules: [RctlRule], racct: RacctState, jailsKnown: Bool
    ) -> [Jail] {
        var rulesByJail: [String: [RctlRule]] = [:]
        for rule in rules where rule.subject == "jail" { rulesByJail[rule.subjectID, default: []].append(rule) }
        var configByName: [String: ConfiguredJail] = [:]
        for c in configured where configByName[c.name] == nil { configByName[c.name] = c }

        // The kernel keeps racct per jail name (kern_jail.c prison_racct_find_locked matches
        // pr_name), and rctl -u and the caches here go by name too: a restarted jail's dying
        // instance and its successor read the same figures. They are the running one's (a dying
        // jail has no processes); the dying one gets none, rather than its successor's.
        let liveNames = Set(running.filter { !$0.dying }.map(\.name))
        var out: [Jail] = []
        var seen = Set<String>()
        for j in running.sorted(by: { $0.jid < $1.jid }) {
            seen.insert(j.name)
            let superseded = j.dying && liveNames.contains(j.name)
            out.append(
                Jail(
                    jid: j.jid, name: j.name, hostname: j.hostname, path: j.path, state: j.dying ? .dying : .running,
                    parent: j.parent, osrelease: j.osrelease, vnet: j.vnet, ip4: j.ip4, ip6: j.ip6,
                    configured: configByName[j.name] != nil, params: j.params,
                    racct: racct == .enabled && !superseded ? usageCache[j.name] : nil, rules: rulesByJail[j.name] ?? [],
                    interfaces: superseded ? [] : networkCache[j.name] ?? [],
                    racctTime: racct == .enabled && !superseded ? usageTimes[j.name] : nil))
        }
        for c in configured.sorted(by: { $0.name < $1.name }) where !seen.contains(c.name) {
            seen.insert(c.name)
            out.append(
                Jail(
                    jid: nil, name: c.name, hostname: c.hostname ?? "", path: c.path ?? "", state: jailsKnown ? .stopped : .unknown,
                    vnet: c.vnet, ip4: c.ip4, ip6: c.ip6, configured: true, rules: rulesByJail[c.name] ?? []))
        }
        return out
    }

    /// ps names users from the host's passwd; a jailed process's uid belongs to the jail's own
    /// `<path>/etc/passwd`. Numeric uids stay when neither file knows them.
    private func resolveUserNames(_ processes: inout [JailProcess], jails: [JlsJail]) {
        var pathByJID: [Int: String] = [:]
        for j in jails { pathByJID[j.jid] = j.path }
        let host = passwd.file(at: paths.resolve(HostPaths.passwd))
        var files: [Int: PasswdFile?] = [:]
        for i in processes.indices {
            let jid = processes[i].jid
            if jid != 0 {
                if files[jid] == nil {
                    files[jid] = pathByJID[jid].flatMap { passwd.file(inJailRoot: paths.resolve($0), path: HostPaths.passwd) }
                }
                if let name = files[jid]??.namesByUID[processes[i].uid] {
                    processes[i].user = name
                    continue
                }
            }
            if let name = host?.namesByUID[processes[i].uid] { processes[i].user = name }
        }
    }
}

// MARK: - Budgeted per-jail calls

extension FreeBSDCollector {
    /// Refreshes `rctl -u` for up to the budget of jails: visible ones first, then the rest in
    /// turn, so 1000 jails never mean 1000 spawns per refresh. Only jails that exist are
    /// queried: rctl answers zeros for any name, even a typo.
    private func refreshUsage(for allNames: [String], issues: inout [SourceIssue]) async -> Int {
        // A restarted jail is listed twice (dying and running): one rctl -u answers for both.
        var unique = Set<String>()
        let names = allNames.filter { unique.insert($0).inserted }
        let existing = Set(names)
        usageCache = usageCache.filter { existing.contains($0.key) }
        usageTimes = usageTimes.filter { existing.contains($0.key) }
        let chosen = pick(names, budget: settings.usageCallsPerRefresh, cursor: &usageCursor)
        let results = await runMany(chosen) { name in (HostPaths.rctl, ["-u", "jail:" + name]) }
        var failures: [String] = []
        var partial: [String] = []
        for (name, result, readAt) in results {
            switch result {
            case .success(let r) where r.status == 0:
                do {
                    let parsed = try RctlUsageParser.parseLines(r.stdoutText)
                    usageCache[name] = parsed.value
                    usageTimes[name] = readAt
                    if !parsed.skipped.isEmpty { partial.append("\(name): \(parsed.skipped.summary(unit: "line"))") }
                } catch {
                    failures.append("\(name): \(error)")
                }
            case .success(let r): failures.append("\(name): rctl exited \(r.status): \(r.stderrSummary)")
            case .failure(let e): failures.append("\(name): \(e)")
            }
        }
        Self.report(failures: failures, partial: partial, source: .usage, into: &issues)
        return chosen.count
    }

    private func refreshNetwork(for jails: [JlsJail], issues: inout [SourceIssue]) async -> Int {
        var unique = Set<String>()
        let names = jails.map(\.name).filter { unique.insert($0).inserted }
        let existing = Set(names)
        networkCache = networkCache.filter { existing.contains($0.key) }
        // netstat -j goes by JID: for a restarted jail, the running instance's, not the dying one's.
        let jidByName = Dictionary(jails.map { ($0.name, $0) }, uniquingKeysWith: { a, b in a.dying ? b : a }).mapValues(\.jid)
        let chosen = pick(names, budget: settings.networkCallsPerRefresh, cursor: &networkCursor)
        let results = await runMany(chosen) { name in (HostPaths.netstat, NetstatParser.arguments(jid: jidByName[name] ?? 0)) }
        var failures: [String] = []
        var partial: [String] = []
        for (name, result, _) in results {
            switch result {
            case .success(let r) where r.status == 0:
                do {
                    let parsed = try NetstatParser.parseRows(r.stdout)
                    networkCache[name] = parsed.value
                    if !parsed.skipped.isEmpty { partial.append("\(name): \(parsed.skipped.summary(unit: "interface"))") }
                } catch {
                    failures.append("\(name): \(error)")
                }
            case .success(let r): failures.append("\(name): netstat exited \(r.status): \(r.stderrSummary)")
            case .failure(let e): failures.append("\(name): \(e)")
            }
        }
        Self.report(failures: failures, partial: partial, source: .network, into: &issues)
        return chosen.count
    }

    /// One issue for a round of per-jail calls: jails whose call failed (their figures are
    /// missing) come first; jails that lost only some lines make a partial issue.
    private static func report(failures: [String], partial: [String], source: SourceIssue.Source, into issues: inout [SourceIssue]) {
        if let first = failures.first {
            issues.append(SourceIssue(source: source, message: first + (failures.count > 1 ? " (and \(failures.count - 1) more)" : "")))
        } else if let first = partial.first {
            issues.append(
                SourceIssue(
                    source: source, message: first + (partial.count > 1 ? " (and \(partial.count - 1) more jails)" : ""),
                    skippedRows: partial.count))
        }
    }

    /// Up to `budget` names: prioritized (visible) ones first, then round-robin from `cursor`.
    private func pick(_ names: [String], budget: Int?, cursor: inout Int) -> [String] {
        guard let budget, budget < names.count else { return names }
        let present = Set(names)
        var chosen: [String] = []
        var taken = Set<String>()
        for name in priorityNames where present.contains(name) && chosen.count < budget / 2 + 1 {
            if taken.insert(name).inserted { chosen.append(name) }
        }
        var i = 0
        while chosen.count < budget, i < names.count {
            let name = names[(cursor + i) % names.count]
            if taken.insert(name).inserted { chosen.append(name) }
            i += 1
        }
        cursor = (cursor + i) % max(1, names.count)
        return chosen
    }

    /// Runs one tool per name, a few at a time, keeping the names' order; each result comes
    /// with the time it finished (seconds since the epoch). Once a tool has timed out in this
    /// sample, the calls still to make are not made: they are reported as skipped.
    private func runMany(
        _ names: [String], command: @Sendable (String) -> (String, [String])
    ) async -> [(String, Result<ToolResult, ToolRunError>, Double)] {
        let runner = runner, timeout = settings.timeout
        var results: [(String, Result<ToolResult, ToolRunError>, Double)] = []
        var index = 0
        while index < names.count {
            let batch = Array(names[index..<min(names.count, index + settings.parallelism)])
            index += batch.count
            let batchResults = await withTaskGroup(of: (Int, Result<ToolResult, ToolRunError>, Double).self) { group in
                for (i, name) in batch.enumerated() {
                    let (path, args) = command(name)
                    if unresponsive.contains(path) {
                        group.addTask { (i, .failure(.skipped(path: path)), Date().timeIntervalSince1970) }
                        continue
                    }
                    group.addTask {
                        let result = await Self.attempt(runner, path, args, timeout)
                        return (i, result, Date().timeIntervalSince1970)
                    }
                }
                var collected: [(Int, Result<ToolResult, ToolRunError>, Double)] = []
                for await r in group { collected.append(r) }
                return collected.sorted { $0.0 < $1.0 }
            }
            for (i, r, t) in batchResults {
                noteTimeout(r, of: command(batch[i]).0)
                results.append((batch[i], r, t))
            }
        }
        return results
    }

    /// Remembers a tool (by the path asked for, before JAILTOP_ROOT) that timed out, for the
    /// rest of this sample.
    private func noteTimeout(_ result: Result<ToolResult, ToolRunError>, of path: String) {
        if case .failure(.timedOut) = result { unresponsive.insert(path) }
    }

    private func runTool(_ path: String, _ args: [String], locale: ToolLocale = .c) async -> Result<ToolResult, ToolRunError> {
        let result = await Self.attempt(runner, path, args, settings.timeout, locale: locale)
        noteTimeout(result, of: path)
        return result
    }

    /// One tool run as a `Result`, so a failure is data the composer can place.
    private static func attempt(
        _ runner: any ToolRunner, _ path: String, _ args: [String], _ timeout: Duration, locale: ToolLocale = .c
    ) async -> Result<ToolResult, ToolRunError> {
        do {
            return .success(try await runner.run(path, args, locale: locale, timeout: timeout))
        } catch {
            return .failure(error)
        }
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
