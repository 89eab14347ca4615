import JailtopModel

/// The live source: runs jls, ps, sysctl, rctl and netstat through a `ToolRunner`, reads
/// jail.conf and passwd files, and composes one `Snapshot`. Every source fails on its own:
/// its part of the sample is left empty and a `SourceIssue` says why; the rest still works.
public actor FreeBSDCollector: Collector {
    /// The parts of a sample a command can ask for, each read from its own tools or files.
    public enum Part: Sendable, Hashable, CaseIterable {
        /// sysctl: hostname, release, CPUs, memory, load, and whether racct is on.
        case host
        /// jls: the jails that exist now, with every parameter (also needed for usage and network).
        case jails
        /// jls with only JID, name, path and dying: what naming each process's jail needs.
        case jailNames
        /// ps, with user names from the host's and each jail's passwd.
        case processes
        /// ps without user names and argument lists: every process's figures (CPU, memory,
        /// threads, state, comm), what per-jail totals need (the snapshot table, metrics). On
        /// FreeBSD ps then reads no process's argv from the kernel, and no passwd is read.
        /// Implied by `.processes`.
        case processFigures
        /// ps as for `.processFigures`, summed per jail as it is read and no row kept: each
        /// jail's `summary` and the host's process count (`HostInfo.processCount`), with an
        /// empty process list (`processesOf` is `[]`). What a one-off table of jails needs.
        /// Implied by `.processes` and `.processFigures`.
        case processTotals
        /// Plain rctl: every rule on the host.
        case rules
        /// `rctl -u` per jail (plain rctl is then run too, as it tells whether racct is on).
        case usage
        /// `rctl -u` only for jails with a per-jail rule on a resource ps cannot count
        /// (`RacctResource.isCountedByPs`): what a limit column needs, at a fraction of the
        /// spawns. Rules on memoryuse, maxproc and nthr are measured with ps's figures.
        case limitUsage
        /// `netstat -j` per VNET jail.
        case network
        /// jail.conf and rc.conf: the configured jails, stopped ones included.
        case config
        /// The jail managers' own files (Bastille, iocage, AppJail, pot, cbsd, ezjail, qjail):
        /// their jails, stopped ones included, and which running jail is whose.
        case managers
    }

    /// Knobs for how much work one refresh may do.
    public struct Settings: Sendable {
        /// Per-tool timeout; a tool still running then is killed and reported.
        public var timeout: Duration = .seconds(5)
        /// Most jails whose racct usage is read per refresh (in one `rctl -u` run); nil means
        /// every jail every time (batch commands).
        public var usageCallsPerRefresh: Int? = 48
        /// Most `netstat -j` spawns per refresh for VNET jails; nil means all.
        public var networkCallsPerRefresh: Int? = 16
        /// How many tools run at once.
        public var parallelism = 4
        /// Keep each process's user and arguments between refreshes, so later refreshes run ps
        /// without them (`PsParser.Layout.withoutArguments`). Off for a single sample, which
        /// would only pay for remembering 50 000 processes.
        public var readsArgumentsIncrementally = true
        /// Which processes a steady refresh reads beyond their counters (with
        /// `readsArgumentsIncrementally`).
        public var processDetail = ProcessDetail.everyProcess
        /// What a sample holds; a command asks only for what it prints (`ps`: processes and jails).
        public var parts: Set<Part> = Set(Part.allCases)
        /// Read every jail parameter (`jls -n` of all), or only the fields jails are shown by
        /// (`JlsParser.summaryArguments`): the parameters are in the JSON and the dashboard's
        /// info pane, not in a table of totals or the metrics.
        public var readsJailParameters = true
        /// Only these processes, by pid (`ps -p LIST`): what `jailtop ps PID…` asks about,
        /// instead of reading all 50 000 to keep a few. A sample then holds those of them that
        /// exist, and its per-jail totals count only them. nil (or more pids than a `-p` list
        /// takes) reads every process.
        public var processIDs: [Int]?

        public init() {}
    }

    /// How much of each process a steady refresh asks ps for.
    public enum ProcessDetail: Sendable {
        /// Every column but user and args, for every process: every sample is complete (batch
        /// commands that take several samples).
        case everyProcess
        /// Counters (`ProcessCounters`) for every process, the other columns only for the
        /// processes of the jails the UI lists (`CollectionPriority.listedJailIDs`): the rest
        /// keep what was last read of them, which nothing shows until their jail is listed.
        case listedJails
    }

    public nonisolated let sourceDescription: String
    public nonisolated let isLive = true
    private let runner: any ToolRunner
    private let paths: HostPaths
    private let settings: Settings
    private let passwd = PasswdCache()
    /// Each jail's passwd by root, between checks (`passwdCheckEvery`); and refreshes so far.
    private var jailPasswdByRoot: [String: JailPasswd] = [:]
    private var refreshes = 0
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
    /// When each cached jail's interfaces were read: network rates are measured between these.
    private var networkTimes: [String: Double] = [:]
    /// Jails the UI shows now: their usage is refreshed first.
    private var priorityNames: [String] = []
    /// Processes the UI shows now: their argument lists are read on every refresh.
    private var priorityPIDs: Set<Int> = []
    /// Jails whose processes the UI lists: read in detail with `.listedJails`.
    private var listedJailIDs: Set<Int> = []
    /// Whether the UI ranks jails by network traffic, so off-screen ones need fresh rates too.
    /// Until a UI says otherwise (batch commands never do), every jail does.
    private var needsEveryJailsNetwork = true
    /// Plain rctl's last output and its rules.
    private var lastRules: (output: [UInt8], parsed: Parsed<[RctlRule]>)?
    /// The jails' parameters as last read in full.
    private var jailCache = JailListCache()
    /// jls refused `JlsParser.summaryArguments` (a field this kernel does not have).
    private var summaryRefused = false
    /// The short jls listing's last output and its entries.
    private var lastListing: (output: [UInt8], parsed: Parsed<[JlsJail]>)?
    /// The processes this refresh read in full (in pid order), whose user names are ps's and
    /// must be looked up in their jail's passwd; nil when every row was read so.
    private var processesReadInFull: [Int]?
    /// This refresh's user names, for ps's reader (`UserNaming`); nil when no user is named.
    private var userNaming: UserNaming?
    /// What ps's reader found out about `readAllProcesses`'s list as it read it; nil when the
    /// list came from the steady path.
    private var processesReadWhole: PsRows.Facts?
    /// User names and argument lists of the processes seen, between refreshes.
    private var processCache = ProcessCache()
    /// How many processes the last refresh listed: the room made for the next read of them all.
    private var lastProcessCount = 0
    /// The managers' jails, re-read only where their files changed.
    /// Taken out while a sample reads it (in a task of its own) and put back after.
    private var managerCatalog: ManagerCatalog?
    /// Which running jail is whose, kept while the managers' jails stay the same.
    private var ownership: (generation: Int, owners: JailOwnership)?
    private var usageCursor = 0
    private var networkCursor = 0
    /// Tools that timed out in the sample being taken: they are not waited on again in it, so a
    /// hung rctl costs one timeout per sample, not one per jail.
    private var unresponsive: Set<String> = []
    /// Tools run by the last refresh, and the bytes they printed on stdout: what a refresh
    /// costs the host (tests and benchmarks read them).
    public private(set) var lastSpawnCount = 0
    public private(set) var lastBytesRead = 0
    private var spawnsThisRefresh = 0
    private var bytesThisRefresh = 0

    public init(runner: any ToolRunner, paths: HostPaths, settings: Settings = Settings()) {
        self.runner = runner
        self.paths = paths
        self.settings = settings
        self.managerCatalog = ManagerCatalog(root: paths.root, runner: runner, timeout: settings.timeout)
        self.sourceDescription = paths.root.isEmpty ? "live host" : "live host under JAILTOP_ROOT=\(paths.root)"
    }

    /// One process's threads, open files and rules, read now; it does not wait for a sample
    /// being taken.
    public nonisolated func inspect(pid: Int) async -> ProcessInspection {
        await ProcessInspector(runner: runner, timeout: settings.timeout).inspect(pid: pid)
    }

    /// Tells the collector what is on screen: those jails' usage is refreshed first.
    public func prioritize(_ priority: CollectionPriority) async {
        priorityNames = priority.jailNames
        priorityPIDs = Set(priority.processIDs)
        listedJailIDs = Set(priority.listedJailIDs)
        needsEveryJailsNetwork = priority.needsEveryJailsNetwork
    }

    public func collect() async throws -> Snapshot {
        let time = Date().timeIntervalSince1970
        unresponsive = []
        spawnsThisRefresh = 0
        bytesThisRefresh = 0
        let parts = settings.parts
        let wantsJails = !parts.isDisjoint(with: [.jails, .usage, .limitUsage, .network])
        // Plain rctl also says whether racct is on, which usage needs to know.
        let wantsRctl = !parts.isDisjoint(with: [.rules, .usage, .limitUsage])
        var issues: [SourceIssue] = []

        let naming = parts.contains(.processes) ? UserNaming() : nil
        userNaming = naming
        async let jailsRead = readJails(full: wantsJails, names: parts.contains(.jailNames), naming: naming)
        async let hostRead = parts.contains(.host) ? readHost() : nil
        async let rulesRead = wantsRctl ? readRules() : nil
        // The managers' files are read alongside the tools: a first look at 1000 jails' files
        // is some tens of milliseconds, which then overlaps ps.
        // (Never nil here: it is put back below; a new one would only read every file again.)
        if managerCatalog == nil { managerCatalog = ManagerCatalog(root: paths.root, runner: runner, timeout: settings.timeout) }
        let catalog = parts.contains(.managers) ? managerCatalog.take() : nil
        async let managersRead = Self.refreshed(catalog)
        // ps is read in this task while the others run in theirs: an `async let` would keep its
        // own copy of the 50 000 rows, and the first edit below would then copy them all.
        let detailed = parts.contains(.processes)
        let processesReading = detailed ? await readProcesses() : parts.contains(.processFigures) ? await readProcessFigures() : nil
        let totalsReading = processesReading == nil && parts.contains(.processTotals) ? await readProcessTotals() : nil
        let config = parts.contains(.config) ? readConfig() : nil
        let (jails, host, rules) = await (jailsRead, hostRead, rulesRead)
        issues += [host?.issue, jails?.issue, processesReading?.issue, totalsReading?.issue].compactMap { $0 }

        let running = jails?.value ?? []
        let processesRead = processesReading?.value != nil
        var processes = (consume processesReading)?.value ?? []
        if processesRead { lastProcessCount = processes.count }
        // Sorting 50 000 rows that are already in order still moves each one; ps's reader
        // already knows whether they are.
        var namedFrom = processesReadWhole?.namedFrom
        // The reader's totals are the list's, summed in the same order, unless it is sorted.
        var readTotals = processesReadWhole?.totals
        if !(processesReadWhole?.pidsAscend ?? processes.isSortedByPID) {
            processes.sort { $0.pid < $1.pid }
            namedFrom = nil
            readTotals = nil
        }
        // Rows kept from earlier refreshes hold names already looked up; all are looked up
        // again whenever the jails' passwd files are checked again. Rows ps's reader named
        // (from `namedFrom` on, in a list read whole) need no second look.
        let renamesAll = refreshes % Self.passwdCheckEvery == 0
        if detailed {
            let names = naming?.published ?? userNames(jails: running)
            resolveUserNames(&processes, names: names, only: renamesAll ? nil : processesReadInFull, before: namedFrom)
        }
        // Kept after the names are resolved: the sample and the cache then share one array.
        if settings.readsArgumentsIncrementally, detailed, processesRead {
            processCache.remember(processes, recyclingStorage: settings.processDetail == .listedJails)
        }

        // racct: the sysctl says whether it is on; rctl's own message is the authority. When the
        // sysctl could not be read, rctl is asked as if racct were on, and its answer decides.
        let sysctls = host?.value ?? HostSysctls()
        var racct: RacctState = switch sysctls.racctEnable {
        case .some(true): .enabled
        case .some(false): .disabled
        case .none: host?.isComplete == true ? .absent : .enabled
        }
        if let state = rules?.racct { racct = state }
        if let issue = rules?.issue { issues.append(issue) }
        if racct != .enabled {
            usageCache = [:]
            usageTimes = [:]
        } else if parts.contains(.usage) {
            await refreshUsage(for: running.map(\.name), issues: &issues)
        } else if parts.contains(.limitUsage) {
            let ruled = Set(
                (rules?.rules ?? []).filter { $0.subject == .jail && $0.countsPerJail && $0.racctResource?.isCountedByPs != true }
                    .map(\.subjectID))
            await refreshUsage(for: running.map(\.name).filter(ruled.contains), issues: &issues)
        }
        if parts.contains(.network) {
            await refreshNetwork(for: running.filter(\.vnet), issues: &issues)
        }
        if let issue = config?.issue { issues.append(issue) }
        var managed = ManagerDiscovery()
        if let (catalog, discovery) = await managersRead {
            managerCatalog = catalog
            managed = discovery
        }
        if let first = managed.problems.first {
            let more = managed.problems.count > 1 ? "; " + managed.problems.dropFirst().joined(separator: "; ") : ""
            issues.append(SourceIssue(source: .managers, message: first + more))
        }

        if ownership?.generation != managed.generation || managed.generation == 0 {
            ownership = (managed.generation, JailOwnership(managed: managed.jails, resolve: ManagerFileSystem(root: paths.root).realPath))
        }
        let composed = compose(
            running: running, configured: config?.jails ?? [], owners: ownership!.owners,
            rules: parts.contains(.rules) ? rules?.rules ?? [] : [], racct: racct, jailsKnown: jails?.value != nil)
        var hostInfo = HostInfo(
            hostname: sysctls.hostname, osrelease: sysctls.osrelease, ncpu: sysctls.ncpu, physmemBytes: sysctls.physmemBytes,
            loadavg: sysctls.loadavg, boottime: sysctls.boottime, racct: racct, cpuPercent: nil,
            memUsedBytes: sysctls.memUsedBytes, cpTime: sysctls.cpTime)
        if let now = sysctls.cpTime, let before = previousCPTime {
            hostInfo.cpuPercent = SysctlParser.cpuPercent(previous: before, current: now)
        }
        if host != nil { previousCPTime = sysctls.cpTime }
        lastSpawnCount = spawnsThisRefresh
        lastBytesRead = bytesThisRefresh
        // Summaries set in place: the sample holds the only reference to its jails.
        var snapshot = Snapshot(time: time, host: hostInfo, jails: consume composed, processes: consume processes, errors: issues)
        guard let totals = totalsReading?.value else {
            if let readTotals { snapshot.setSummaries(readTotals.byJID()) } else { snapshot.setSummaries(snapshot.processTotalsByJID()) }
            return snapshot
        }
        snapshot.setSummaries(totals.byJID())
        snapshot.host.processCount = totals.count
        snapshot.processesOf = []
        return snapshot
    }
}

// MARK: - One function per source

extension FreeBSDCollector {
    /// What reading the host's sysctls gave, and whether every line was read (so that a missing
    /// kern.racct.enable means "no racct", not "unreadable").
    struct HostReading: Sendable {
        var value: HostSysctls?
        var isComplete: Bool
        var issue: SourceIssue?
    }

    /// What plain rctl gave: the rules, or the racct state its error output revealed.
    struct RulesReading: Sendable {
        var rules: [RctlRule]
        /// Set when rctl said racct is disabled or absent.
        var racct: RacctState?
        var issue: SourceIssue?
    }

    /// What reading jail.conf and rc.conf gave.
    struct ConfigReading: Sendable {
        var jails: [ConfiguredJail]
        var issue: SourceIssue?
    }

    private func readHost() async -> HostReading {
        let reading = await read(HostPaths.sysctl, SysctlParser.arguments, tool: "sysctl", accepting: { _ in true }) {
            SysctlParser.parseLines($0.stdoutText)
        }
        var issue = reading.issue(.host, unit: "line")
        // sysctl exits non-zero for an OID this kernel lacks; the lines it printed still count.
        if issue == nil, let r = reading.result, r.status != 0, !r.stderr.isEmpty {
            issue = SourceIssue(source: .host, message: "sysctl: \(r.stderrSummary)", skippedRows: 0)
        }
        return HostReading(value: reading.value, isComplete: reading.value != nil && reading.skipped.isEmpty, issue: issue)
    }

    /// Jails that exist now; nil value when jls failed (nothing is then known to run or be stopped).
    /// Every parameter is read on the first refresh, whenever the list of jails (JID, name,
    /// dying) changes, and every `JailListCache.fullReadEvery` refreshes (for `jail -m`
    /// changes); in between, jls lists only those three and the last full read is reused.
    /// The jails (in full, or only their names, or not at all), then, when users are named
    /// (`naming`), each one's passwd looked up and the names published to ps's reader: on this
    /// task, while ps is still being read and parsed.
    private func readJails(full: Bool, names: Bool, naming: UserNaming?) async -> SourceReading<[JlsJail]>? {
        let reading = full ? await readJails() : names ? await readJailNames() : nil
        if let naming {
            refreshes += 1
            if refreshes % Self.passwdCheckEvery == 0 { jailPasswdByRoot = [:] }
            naming.publish(userNames(jails: reading?.value ?? []))
        }
        return reading
    }

    private func readJails() async -> SourceReading<[JlsJail]> {
        if jailCache.wantsFullRead { return await readAllJails() }
        // The same listing as last time (the usual case) is not parsed again.
        let last = lastListing
        let reading = await read(HostPaths.jls, JlsParser.listArguments, tool: "jls") { result in
            if let last, last.output == result.stdout { return last.parsed }
            return try JlsParser.parseEntries(result.stdout)
        }
        if let r = reading.result, r.status == 0, let listed = reading.value {
            lastListing = (r.stdout, Parsed(listed, skipped: reading.skipped))
        }
        guard let listed = reading.value, reading.skipped.isEmpty else { return await readAllJails() }
        guard let jails = jailCache.jails(matching: listed) else { return await readAllJails() }
        return SourceReading(value: jails, issue: nil)
    }

    /// The short listing only, for commands that name jails and nothing more.
    private func readJailNames() async -> SourceReading<[JlsJail]> {
        let reading = await read(HostPaths.jls, JlsParser.listArguments, tool: "jls") { try JlsParser.parseEntries($0.stdout) }
        return SourceReading(value: reading.value, issue: reading.issue(.jails, unit: "jail entry"))
    }

    private func readAllJails() async -> SourceReading<[JlsJail]> {
        let summary = !settings.readsJailParameters && !summaryRefused
        var reading = await read(HostPaths.jls, summary ? JlsParser.summaryArguments : JlsParser.arguments, tool: "jls") {
            try JlsParser.parseEntries($0.stdout)
        }
        if summary, let refused = reading.result, refused.status != 0,
            String(decoding: refused.stderr, as: UTF8.self).contains("unknown parameter")
        {
            // This kernel lacks one of the fields (no INET6, no VIMAGE): every parameter, from now on.
            summaryRefused = true
            reading = await read(HostPaths.jls, JlsParser.arguments, tool: "jls") { try JlsParser.parseEntries($0.stdout) }
        }
        jailCache.replace(with: reading.value, complete: reading.skipped.isEmpty)
        return SourceReading(value: reading.value, issue: reading.issue(.jails, unit: "jail entry"))
    }

    /// Every process. The first refresh reads every column; later ones ask ps for less
    /// (`Settings.ProcessDetail`) and fill in the rest from `processCache`, reading in full
    /// (`ps -p`) only the processes that are new, changed or on screen — or everything again
    /// when that is most of them.
    private func readProcesses() async -> SourceReading<[JailProcess]> {
        processesReadWhole = nil
        if processCache.isEmpty { return await readAllProcesses() }
        let steady = switch settings.processDetail {
        case .everyProcess: await readEveryProcessSteadily()
        case .listedJails: await readListedJailsSteadily()
        }
        var (rows, pending, issue): ([JailProcess], [Int: Int], SourceIssue?)
        switch steady {
        case .readAll: return await readAllProcesses()
        case .failed(let failure):
            processCache = ProcessCache()
            return SourceReading(value: nil, issue: failure)
        case .read(let r, let p, let i): (rows, pending, issue) = (r, p, i)
        }
        processesReadInFull = pending.keys.sorted()
        if !pending.isEmpty {
            let full = await readPs(
                PsParser.arguments(forProcesses: processesReadInFull ?? []), layout: .full, expectedRows: pending.count)
            if let fullRows = full.value?.rows {
                ProcessCache.merge(fullRows, into: &rows, pending: pending, dropMissing: full.skipped.isEmpty)
            } else if issue == nil, let failure = full.failure {
                // The counters are all there; only these processes lack the rest.
                issue = SourceIssue(
                    source: .processes, message: "\(pending.count) processes not read in full: \(failure)", skippedRows: 0)
            }
        }
        return SourceReading(value: rows, issue: issue)
    }

    /// What a steady refresh's ps runs gave before the full read.
    enum SteadyReading {
        /// The rows, the processes to read in full (by pid, with their index in the rows), and
        /// the issue so far.
        case read([JailProcess], pending: [Int: Int], issue: SourceIssue?)
        /// ps failed: no process list this refresh.
        case failed(SourceIssue?)
        /// So many processes are pending that one full ps is cheaper.
        case readAll
    }

    /// Every process in the steady layout (no user, no args).
    private func readEveryProcessSteadily() async -> SteadyReading {
        var reading = await readPs(
            PsParser.arguments(.withoutArguments), layout: .withoutArguments, expectedRows: everyProcessRowsExpected)
        guard var rows = reading.value?.rows else { return .failed(reading.issue(.processes)) }
        let unconfirmed = reading.value?.unconfirmed ?? []
        // The reading lets go of the rows, so filling them in below does not copy all 50 000.
        reading.value = nil
        // ps orders by terminal, then pid; the cache is matched in pid order (and the sample
        // is sorted by pid anyway, which then finds it sorted).
        if !rows.isSortedByPID { rows.sort { $0.pid < $1.pid } }
        let pending = processCache.complete(&rows, alsoRead: priorityPIDs.union(unconfirmed))
        if pending.count > Self.mostProcessesReadByPID { return .readAll }
        return .read(rows, pending: pending, issue: reading.issue(.processes))
    }

    /// Counters for every process, then the steady layout for the processes of the listed jails.
    private func readListedJailsSteadily() async -> SteadyReading {
        let reading = await read(HostPaths.ps, PsParser.counterArguments, tool: "ps", accepting: Self.psAccepts) {
            try PsParser.parseCounters($0.stdout)
        }
        guard var counters = reading.value else { return .failed(reading.issue(.processes)) }
        if !counters.ascends(by: \.pid) { counters.sort { $0.pid < $1.pid } }
        var (rows, pending) = processCache.rows(from: counters, alsoRead: priorityPIDs)
        if pending.count > Self.mostProcessesReadByPID { return .readAll }
        var issue = reading.issue(.processes)
        // A plain walk: a filter over 50 000 rows with a set lookup each cost more than the rest.
        let listedJIDs = listedJailIDs.sorted()
        var listed: [Int] = []
        if !listedJIDs.isEmpty {
            for i in rows.indices where listedJIDs.contains(rows[i].jid) && pending[rows[i].pid] == nil { listed.append(rows[i].pid) }
        }
        if !listed.isEmpty {
            // A long `-p` list would outgrow the argv; past that, every process steadily.
            let readsEvery = listed.count > Self.mostListedProcessesReadByPID
            let arguments = readsEvery
                ? PsParser.arguments(.withoutArguments) : PsParser.arguments(forProcesses: listed, layout: .withoutArguments)
            let steady = await readPs(
                arguments, layout: .withoutArguments, expectedRows: readsEvery ? everyProcessRowsExpected : listed.count)
            if var steadyRows = steady.value?.rows {
                if !steadyRows.isSortedByPID { steadyRows.sort { $0.pid < $1.pid } }
                ProcessCache.refresh(&rows, with: steadyRows, pending: &pending)
                for pid in steady.value?.unconfirmed ?? [] {
                    if let i = rows.firstIndex(where: { $0.pid == pid }) { pending[pid] = i }
                }
            } else if issue == nil, let failure = steady.failure {
                issue = SourceIssue(
                    source: .processes, message: "the listed jails' processes are as last read: \(failure)", skippedRows: 0)
            }
        }
        return .read(rows, pending: pending, issue: issue)
    }

    /// The pids a FreeBSD process can have (`PID_MAX` in sys/proc.h); ps refuses a `-p` list
    /// holding any other, so one that asks for such a pid is simply not found.
    public static let possiblePIDs = 0...99_999

    /// Above this many processes to read by pid, one full ps costs less than a long `-p` list.
    static let mostProcessesReadByPID = 512
    /// Rows made room for before a first read of every process (11 MB of address space, in
    /// pages only as rows fill it): at 50 000 processes, growing by doubling instead copied
    /// 11 MB of rows and touched 19 MB of pages, a sixth of `jailtop snapshot`'s time.
    static let everyProcessRowsReserved = 1 << 16

    /// The room for a read of every process: what the last refresh found, with a quarter more
    /// for new ones, and never less than `everyProcessRowsReserved`.
    private var everyProcessRowsExpected: Int {
        max(Self.everyProcessRowsReserved, lastProcessCount + lastProcessCount / 4)
    }
    /// Above this many processes in the listed jails, their steady read is of every process:
    /// a `-p` list of 4096 pids is 24 KiB of argv, far below ARG_MAX (256 KiB on FreeBSD).
    static let mostListedProcessesReadByPID = 4096

    /// Every process without user or argument list (`Part.processFigures`), on every refresh:
    /// nothing to keep between them. A row whose comm the repeated pid did not confirm keeps
    /// its figures, which are right; only its comm may be cut wrong.
    private func readProcessFigures() async -> SourceReading<[JailProcess]> {
        let reading = await readPs(
            PsParser.arguments(.withoutArguments), layout: .withoutArguments, expectedRows: everyProcessRowsExpected)
        return SourceReading(value: reading.value?.rows, issue: reading.issue(.processes))
    }

    /// Every process's figures summed per JID as ps writes them (`Part.processTotals`).
    private func readProcessTotals() async -> SourceReading<ProcessTotals> {
        let locale = psLocale()
        let stream = PsParser.RowStream(totalsOf: .withoutArguments, encoding: locale == .c ? .c : .utf8)
        let reading = await read(
            HostPaths.ps, PsParser.arguments(.withoutArguments), locale: locale, tool: "ps", accepting: Self.psAccepts,
            streamingTo: stream
        ) { stream throws(ToolOutputError) in try stream.totals() }
        return SourceReading(value: reading.value, issue: reading.issue(.processes))
    }

    private func readAllProcesses() async -> SourceReading<[JailProcess]> {
        processesReadInFull = nil
        if let asked = settings.processIDs.map({ Set($0.filter(Self.possiblePIDs.contains)).sorted() }),
            asked.count <= Self.mostListedProcessesReadByPID
        {
            guard !asked.isEmpty else { return SourceReading(value: [], issue: nil) }
            let reading = await readPs(
                PsParser.arguments(forProcesses: asked), layout: .full, expectedRows: asked.count, naming: userNaming)
            // ps refuses the whole list for a pid above kern.pid_max (lowered from PID_MAX):
            // every process is read then, and the pid is simply not found. A ps that did not
            // finish, or printed what cannot be read, is not run again.
            guard let refused = reading.result, !Self.psAccepts(refused) else {
                processesReadWhole = reading.value?.facts
                return SourceReading(value: reading.value?.rows, issue: reading.issue(.processes))
            }
        }
        let reading = await readPs(PsParser.arguments, layout: .full, expectedRows: everyProcessRowsExpected, naming: userNaming)
        processesReadWhole = reading.value?.facts
        return SourceReading(value: reading.value?.rows, issue: reading.issue(.processes))
    }

    /// ps exits 1 when nothing matched; only a run without a header is a failure.
    private static let psAccepts: @Sendable (ToolResult) -> Bool = { $0.status == 0 || ($0.status == 1 && $0.stderr.isEmpty) }

    /// The locale ps runs in: a UTF-8 one when the host has it (comm and args then come as
    /// text), chosen once.
    private func psLocale() -> ToolLocale {
        let locale = chosenPsLocale ?? paths.utf8Locale().map { ToolLocale.utf8(ctype: $0) } ?? ToolLocale.c
        chosenPsLocale = locale
        return locale
    }

    /// - Parameter naming: names users as the rows are read, once it has names (`.full` only).
    private func readPs(
        _ arguments: [String], layout: PsParser.Layout, expectedRows: Int, naming: UserNaming? = nil
    ) async -> ToolReading<PsRows> {
        let locale = psLocale()
        // Parsed as ps writes it: 50 000 rows are read by the time the last one arrives.
        let stream = PsParser.RowStream(
            encoding: locale == .c ? .c : .utf8, layout: layout, expectedRows: expectedRows, naming: layout == .full ? naming : nil)
        return await read(HostPaths.ps, arguments, locale: locale, tool: "ps", accepting: Self.psAccepts, streamingTo: stream) {
            stream throws(ToolOutputError) in
            let parsed = try stream.rows()
            return Parsed(
                PsRows(
                    rows: parsed.rows.value, unconfirmed: parsed.unconfirmed,
                    facts: PsRows.Facts(namedFrom: stream.namedFrom, pidsAscend: stream.pidsAscend, totals: stream.rowTotals)),
                skipped: parsed.rows.skipped)
        }
    }

    private func readRules() async -> RulesReading {
        // The rules change only when someone adds or removes one: the same text gives the same
        // rules, so 2000 rules are not parsed again every second.
        let last = lastRules
        let reading = await read(HostPaths.rctl, RctlRulesParser.arguments, tool: "rctl") { result in
            if let last, last.output == result.stdout { return last.parsed }
            return RctlRulesParser.parseLines(result.stdoutText)
        }
        if let r = reading.result, r.status == 0, let rules = reading.value {
            lastRules = (r.stdout, Parsed(rules, skipped: reading.skipped))
        }
        if let r = reading.result, let state = RacctProbe.state(fromRctlStderr: r.stderrText) {
            return RulesReading(rules: [], racct: state, issue: nil)
        }
        return RulesReading(rules: reading.value ?? [], racct: nil, issue: reading.issue(.rules, unit: "rule"))
    }

    /// The managers' jails, read off the actor; the catalog comes back with what it learnt.
    private nonisolated static func refreshed(_ catalog: ManagerCatalog?) async -> (ManagerCatalog, ManagerDiscovery)? {
        guard var catalog else { return nil }
        let discovery = await catalog.refresh()
        return (catalog, discovery)
    }

    private func readConfig() -> ConfigReading {
        let config = JailConfCatalog.load(root: paths.root)
        guard let first = config.errors.first else { return ConfigReading(jails: config.jails, issue: nil) }
        let more = config.errors.count > 1 ? " (and \(config.errors.count - 1) more)" : ""
        return ConfigReading(jails: config.jails, issue: SourceIssue(source: .config, message: "\(first)" + more))
    }
}

extension Array {
    /// Whether `key` never goes down along the array.
    func ascends(by key: (Element) -> Int) -> Bool {
        var previous = Int.min
        for element in self {
            let value = key(element)
            if value < previous { return false }
            previous = value
        }
        return true
    }
}

extension [JailProcess] {
    /// Whether the pids ascend: what the sample and `ProcessCache` need.
    var isSortedByPID: Bool { ascends(by: \.pid) }
}

/// One ps run's processes, and the pids whose comm split was not confirmed (`PsParser`).
struct PsRows: Sendable {
    var rows: [JailProcess]
    var unconfirmed: [Int]
    var facts: Facts

    /// What the reader found out about the rows as it read them.
    struct Facts: Sendable {
        /// The first row it named (`PsParser.RowStream.namedFrom`).
        var namedFrom: Int?
        /// Whether their pids ascend.
        var pidsAscend: Bool
        /// Their totals per JID, summed in their order.
        var totals: ProcessTotals
    }
}

/// A source's value, if it could be read, and the issue to report about it.
struct SourceReading<Value: Sendable>: Sendable {
    var value: Value?
    var issue: SourceIssue?
}

/// One tool's answer as a source reads it: the parsed value and the rows it skipped, or why
/// there is no value (the run failed, its exit status was refused, or its output was unreadable).
struct ToolReading<Value: Sendable>: Sendable {
    var value: Value?
    var skipped = SkippedRows()
    var failure: String?
    /// The run's exit status and output, when the tool ran at all.
    var result: ToolResult?

    /// The failure, or else the skipped rows, as an issue of `source`.
    func issue(_ source: SourceIssue.Source, unit: String = "row") -> SourceIssue? {
        if let failure { return SourceIssue(source: source, message: failure) }
        return skipped.issue(source, unit: unit)
    }
}

// MARK: - Composing jails

extension FreeBSDCollector {
    /// - Parameter jailsKnown: false when jls failed: the configured jails are then `.unknown`,
    ///   not stopped (a failed jls says nothing about whether they run).
    private func compose(
        running: [JlsJail], configured: [ConfiguredJail], owners: JailOwnership, rules: [RctlRule], racct: RacctState,
        jailsKnown: Bool
    ) -> [Jail] {
        var rulesByJail: [String: [RctlRule]] = [:]
        for rule in rules where rule.subject == .jail { rulesByJail[rule.subjectID, default: []].append(rule) }
        var configByName: [String: ConfiguredJail] = [:]
        for c in configured where configByName[c.name] == nil { configByName[c.name] = c }

        // The kernel keeps racct per jail name (kern_jail.c prison_racct_find_locked matches
        // pr_name), and rctl -u and the caches here go by name too: a restarted jail's dying
        // instance and its successor read the same figures. They are the running one's (a dying
        // jail has no processes); the dying one gets none, rather than its successor's.
        // By index throughout: a `for j in running` or a filter copied each entry (its strings
        // and parameters retained and released), three times over 1000 jails every refresh.
        var liveNames = Set<String>(minimumCapacity: running.count)
        for i in running.indices where !running[i].dying { liveNames.insert(running[i].name) }
        var out: [Jail] = []
        out.reserveCapacity(running.count + configured.count)
        var seen = Set<String>(minimumCapacity: running.count)
        // jls lists by JID already: sorting 1000 entries anyway copied every one.
        let byJID = running.ascends(by: \.jid) ? running : running.sorted(by: { $0.jid < $1.jid })
        for i in byJID.indices {
            let name = byJID[i].name, dying = byJID[i].dying
            seen.insert(name)
            let superseded = dying && liveNames.contains(name)
            let owner = owners.owner(ofRunning: name, path: byJID[i].path)
            out.append(
                Jail(
                    jid: byJID[i].jid, name: name, hostname: byJID[i].hostname, path: byJID[i].path,
                    state: dying ? .dying : .running, parent: byJID[i].parent, osrelease: byJID[i].osrelease,
                    vnet: byJID[i].vnet, ip4: byJID[i].ip4, ip6: byJID[i].ip6,
                    configured: configByName[name] != nil || owner != nil, params: byJID[i].params,
                    racct: racct == .enabled && !superseded ? usageCache[name] : nil, rules: rulesByJail[name] ?? [],
                    interfaces: superseded ? [] : networkCache[name] ?? [],
                    racctTime: racct == .enabled && !superseded ? usageTimes[name] : nil,
                    interfacesTime: superseded ? nil : networkTimes[name], managedBy: owner?.info))
        }
        var stopped: [Jail] = []
        for c in configured where !seen.contains(c.name) && !owners.claims(configured: c) {
            seen.insert(c.name)
            stopped.append(
                Jail(
                    jid: nil, name: c.name, hostname: c.hostname ?? "", path: c.path ?? "", state: jailsKnown ? .stopped : .unknown,
                    vnet: c.vnet, ip4: c.ip4, ip6: c.ip6, configured: true, rules: rulesByJail[c.name] ?? []))
        }
        let notRunning = owners.notRunning(running)
        var runningByName: [String: Int] = [:]
        if !notRunning.isEmpty {
            for i in running.indices where !running[i].dying && runningByName[running[i].name] == nil { runningByName[running[i].name] = i }
        }
        for m in notRunning {
            var info = m.info
            if let other = runningByName[m.kernelName] {
                // Only one jail can hold a name: this one cannot start while the other runs.
                info.conflict = "the name \(m.kernelName) is held by running JID \(running[other].jid) at \(running[other].path)"
            }
            stopped.append(
                Jail(
                    jid: nil, name: m.kernelName, hostname: m.hostname, path: m.path ?? "", state: jailsKnown ? .stopped : .unknown,
                    vnet: m.vnet, ip4: m.ip4, ip6: m.ip6, configured: true,
                    rules: info.conflict == nil ? rulesByJail[m.kernelName] ?? [] : [], managedBy: info))
        }
        // Stopped jails by the name shown, whoever keeps them (a stable order between refreshes).
        stopped.sort { ($0.displayName, $0.managedBy?.manager ?? "") < ($1.displayName, $1.managedBy?.manager ?? "") }
        out.append(contentsOf: stopped)
        return out
    }

    /// ps names users from the host's passwd; a jailed process's uid belongs to the jail's own
    /// `<path>/etc/passwd`. Numeric uids stay when neither file knows them.
    /// - Parameters:
    ///   - pids: only these processes (in pid order, as `processes` is), or all;
    ///   - before: with every process, only those before this position (the rest are named).
    private func resolveUserNames(_ processes: inout [JailProcess], names: UserNames, only pids: [Int]?, before: Int?) {
        // Each (jail, uid) pair is looked up in its files once.
        var cache = UserNameCache()
        func name(at i: Int) {
            let jid = processes[i].jid, uid = processes[i].uid
            let name = cache.name(jid: jid, uid: uid) { names.name(jid: jid, uid: uid) }
            // Most rows already hold the name (ps's, or kept from an earlier refresh): no store then.
            if let name, processes[i].user != name { processes[i].user = name }
        }
        if let pids {
            for i in Self.positions(of: pids, in: processes) { name(at: i) }
        } else {
            for i in 0..<min(before ?? processes.count, processes.count) { name(at: i) }
        }
    }

    /// The user names of this refresh: the host's passwd and that of each of `jails`.
    private func userNames(jails: [JlsJail]) -> UserNames {
        var pathByJID: [Int: String] = [:]
        for j in jails where j.jid != 0 { pathByJID[j.jid] = j.path }
        var files: [Int: PasswdFile] = [:]
        for (jid, path) in pathByJID {
            if let file = jailPasswd(root: path) { files[jid] = file }
        }
        return UserNames(host: passwd.file(at: paths.resolve(HostPaths.passwd)), jailFiles: files)
    }

    /// Where these pids (ascending) are in `processes` (sorted by pid).
    private static func positions(of pids: [Int], in processes: [JailProcess]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(pids.count)
        var low = 0
        for pid in pids {
            var high = processes.count
            while low < high {
                let mid = (low + high) / 2
                if processes[mid].pid < pid { low = mid + 1 } else { high = mid }
            }
            if low < processes.count, processes[low].pid == pid { out.append(low) }
        }
        return out
    }

    /// Every this many refreshes each jail's passwd is looked up again (its path resolved inside
    /// the jail and its stamp checked): in between, 1000 jails cost no lstat(2) at all. A user
    /// added in a jail shows by name within this many refreshes.
    public static let passwdCheckEvery = 10

    /// The passwd of the jail rooted at `root` (a path as jls prints it), from the memo.
    private func jailPasswd(root: String) -> PasswdFile? {
        if let known = jailPasswdByRoot[root] { return known.file }
        let file = passwd.file(inJailRoot: paths.resolve(root), path: HostPaths.passwd)
        jailPasswdByRoot[root] = JailPasswd(file: file)
        return file
    }
}

// MARK: - Budgeted per-jail calls

extension FreeBSDCollector {
    /// Refreshes racct usage for up to the budget of jails: visible ones first, then the rest in
    /// turn, so 1000 jails never mean 1000 answers to read per refresh. Only jails that exist
    /// are queried: rctl answers zeros for any name, even a typo.
    private func refreshUsage(for allNames: [String], issues: inout [SourceIssue]) async {
        // A restarted jail is listed twice (dying and running): one rctl -u answers for both.
        var unique = Set<String>()
        let names = allNames.filter { unique.insert($0).inserted }
        let existing = Set(names)
        usageCache = usageCache.filter { existing.contains($0.key) }
        usageTimes = usageTimes.filter { existing.contains($0.key) }
        let chosen = pick(names, budget: settings.usageCallsPerRefresh, cursor: &usageCursor)
        var round = PerJailRound(unit: "line")
        // One rctl for many jails (it takes any number of filters): one spawn a refresh instead
        // of one per jail, and a batch command's 1000 jails in a few.
        for start in stride(from: 0, to: chosen.count, by: Self.jailsPerUsageCall) {
            let chunk = Array(chosen[start..<min(chosen.count, start + Self.jailsPerUsageCall)])
            let result: Result<ToolResult, ToolRunError>
            if unresponsive.contains(HostPaths.rctl) {
                result = .failure(.skipped(path: HostPaths.rctl))
            } else {
                result = await Self.attempt(runner, HostPaths.rctl, RctlUsageParser.arguments(jails: chunk), settings.timeout)
                noteTimeout(result, of: HostPaths.rctl)
                count(result)
            }
            let readAt = Date().timeIntervalSince1970
            // The exit status is the number of filters that failed: each is told apart on stderr.
            let run = Self.check(result, tool: "rctl", accepting: { _ in true }) { Parsed($0) }
            guard let ran = run.value else {
                for name in chunk { round.note(name, ToolReading<ResourceUsage>(failure: run.failure)) }
                continue
            }
            let answers = RctlUsageParser.parseUsages(stdout: ran.stdoutText, stderr: ran.stderrText, jails: chunk)
            for name in chunk {
                var reading = ToolReading<ResourceUsage>(result: ran)
                switch answers[name] {
                case .success(let parsed)?:
                    reading.value = parsed.value
                    reading.skipped = parsed.skipped
                    usageCache[name] = parsed.value
                    usageTimes[name] = readAt
                case .failure(let error)?: reading.failure = "\(error)"
                case nil: reading.failure = "rctl -u: no answer for jail:\(name)"
                }
                round.note(name, reading)
            }
        }
        round.report(.usage, into: &issues)
    }

    /// Most jails one `rctl -u` is asked about: well within any argv limit, and a hung rctl
    /// still costs only one timeout a sample (`unresponsive`).
    static let jailsPerUsageCall = 128

    private func refreshNetwork(for jails: [JlsJail], issues: inout [SourceIssue]) async {
        var unique = Set<String>()
        let names = jails.map(\.name).filter { unique.insert($0).inserted }
        let existing = Set(names)
        networkCache = networkCache.filter { existing.contains($0.key) }
        networkTimes = networkTimes.filter { existing.contains($0.key) }
        // netstat -j goes by JID: for a restarted jail, the running instance's, not the dying one's.
        let jidByName = Dictionary(jails.map { ($0.name, $0) }, uniquingKeysWith: { a, b in a.dying ? b : a }).mapValues(\.jid)
        // Off screen, a VNET jail's rate shows only when the table is sorted by it: then the
        // budget goes round every jail; else the visible ones take it, and a couple more a
        // refresh keep the others' counters from going very old.
        let chosen = needsEveryJailsNetwork
            ? pick(names, budget: settings.networkCallsPerRefresh, cursor: &networkCursor)
            : pick(names, budget: settings.networkCallsPerRefresh, cursor: &networkCursor, offScreen: Self.offScreenNetworkCallsPerRefresh)
        let results = await runMany(chosen) { name in (HostPaths.netstat, NetstatParser.arguments(jid: jidByName[name] ?? 0)) }
        var round = PerJailRound(unit: "interface")
        for (name, result, finished) in results {
            let reading = Self.check(result, tool: "netstat") { try NetstatParser.parseRows($0.stdout) }
            if let interfaces = reading.value {
                networkCache[name] = interfaces
                networkTimes[name] = finished
            }
            round.note(name, reading)
        }
        round.report(.network, into: &issues)
    }

    /// VNET jails off screen read per refresh while the UI does not rank jails by network.
    static let offScreenNetworkCallsPerRefresh = 2

    /// Up to `budget` names: prioritized (visible) ones first, then round-robin from `cursor`.
    /// - Parameter offScreen: at most this many round-robin names; the visible ones may then
    ///   take the whole budget (else at most half of it, so the round goes on).
    private func pick(_ names: [String], budget: Int?, cursor: inout Int, offScreen: Int? = nil) -> [String] {
        guard let budget, budget < names.count else { return names }
        let present = Set(names)
        var chosen: [String] = []
        var taken = Set<String>()
        let visibleLimit = offScreen == nil ? budget / 2 + 1 : budget
        for name in priorityNames where present.contains(name) && chosen.count < visibleLimit {
            if taken.insert(name).inserted { chosen.append(name) }
        }
        let limit = min(budget, chosen.count + (offScreen ?? budget))
        var i = 0
        while chosen.count < limit, i < names.count {
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
                count(r)
                results.append((batch[i], r, t))
            }
        }
        return results
    }

    /// Adds a run to this refresh's cost (a call skipped for an unresponsive tool made none).
    private func count(_ result: Result<ToolResult, ToolRunError>) {
        switch result {
        case .success(let r):
            spawnsThisRefresh += 1
            bytesThisRefresh += r.stdoutBytes
        case .failure(.skipped), .failure(.notFound): break
        case .failure: spawnsThisRefresh += 1
        }
    }

    /// Remembers a tool (by the path asked for, before JAILTOP_ROOT) that timed out, for the
    /// rest of this sample.
    private func noteTimeout(_ result: Result<ToolResult, ToolRunError>, of path: String) {
        if case .failure(.timedOut) = result { unresponsive.insert(path) }
    }

    /// Run → check → parse, the shape every source shares: runs one tool and reads its answer.
    /// The parse runs off the actor (`checkOffActor`), so ps, jls and rctl, started together by
    /// `collect`, are also parsed together, one per core, instead of one after another here.
    private func read<Value: Sendable>(
        _ path: String, _ args: [String], locale: ToolLocale = .c, tool: String,
        accepting accepts: @escaping @Sendable (ToolResult) -> Bool = { $0.status == 0 },
        parse: @escaping @Sendable (ToolResult) throws -> Parsed<Value>
    ) async -> ToolReading<Value> {
        let result = await Self.attempt(runner, path, args, settings.timeout, locale: locale)
        noteTimeout(result, of: path)
        count(result)
        return await Self.checkOffActor(result, tool: tool, accepting: accepts, parse: parse)
    }

    /// Run → check → read the stream: the same shape for a tool whose stdout is parsed while
    /// it is read (`ToolOutputStream`), on the runner's thread; `parse` takes what it made.
    private func read<Value: Sendable, Stream: ToolOutputStream>(
        _ path: String, _ args: [String], locale: ToolLocale = .c, tool: String,
        accepting accepts: @escaping @Sendable (ToolResult) -> Bool = { $0.status == 0 },
        streamingTo stream: Stream, parse: @escaping @Sendable (Stream) throws -> Parsed<Value>
    ) async -> ToolReading<Value> {
        let outcome: Result<(result: ToolResult, stream: Stream), ToolRunError>
        do {
            outcome = .success(try await runner.run(path, args, locale: locale, timeout: settings.timeout, streamingTo: stream))
        } catch {
            outcome = .failure(error)
        }
        let result = outcome.map(\.result)
        noteTimeout(result, of: path)
        count(result)
        switch outcome {
        case .failure(let error): return ToolReading(failure: "\(error)")
        case .success(let (_, streamed)): return Self.check(result, tool: tool, accepting: accepts) { _ in try parse(streamed) }
        }
    }

    /// `check` on the global executor: a nonisolated async function does not hold the actor.
    private nonisolated static func checkOffActor<Value: Sendable>(
        _ result: Result<ToolResult, ToolRunError>, tool: String,
        accepting accepts: @Sendable (ToolResult) -> Bool, parse: @Sendable (ToolResult) throws -> Parsed<Value>
    ) async -> ToolReading<Value> {
        check(result, tool: tool, accepting: accepts, parse: parse)
    }

    /// Check → parse: a failed run, an exit status `accepts` refuses, or an output `parse` cannot
    /// read is the reading's failure, in words for the user (`jls exited 1: …`).
    static func check<Value: Sendable>(
        _ result: Result<ToolResult, ToolRunError>, tool: String,
        accepting accepts: (ToolResult) -> Bool = { $0.status == 0 }, parse: (ToolResult) throws -> Parsed<Value>
    ) -> ToolReading<Value> {
        let r: ToolResult
        switch result {
        case .failure(let e): return ToolReading(failure: "\(e)")
        case .success(let ran): r = ran
        }
        guard accepts(r) else { return ToolReading(failure: "\(tool) exited \(r.status): \(r.stderrSummary)", result: r) }
        do {
            let parsed = try parse(r)
            return ToolReading(value: parsed.value, skipped: parsed.skipped, result: r)
        } catch {
            return ToolReading(failure: "\(error)", result: r)
        }
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

/// A jail's passwd as looked up for one refresh: `file` is nil when the jail has none.
private struct JailPasswd {
    var file: PasswdFile?
}

/// One issue for a round of per-jail calls: jails whose call failed (their figures are
/// missing) come first; jails that lost only some rows make a partial issue.
struct PerJailRound {
    /// What a skipped row is called (`line`, `interface`).
    let unit: String
    private var failures: [String] = []
    private var partial: [String] = []

    init(unit: String) {
        self.unit = unit
    }

    mutating func note<Value>(_ name: String, _ reading: ToolReading<Value>) {
        if let failure = reading.failure {
            failures.append("\(name): \(failure)")
        } else if !reading.skipped.isEmpty {
            partial.append("\(name): \(reading.skipped.summary(unit: unit))")
        }
    }

    func report(_ source: SourceIssue.Source, into issues: inout [SourceIssue]) {
        if let first = failures.first {
            issues.append(SourceIssue(source: source, message: first + (failures.count > 1 ? " (and \(failures.count - 1) more)" : "")))
        } else if let first = partial.first {
            issues.append(
                SourceIssue(
                    source: source, message: first + (partial.count > 1 ? " (and \(partial.count - 1) more jails)" : ""),
                    skippedRows: partial.count))
        }
    }
}
