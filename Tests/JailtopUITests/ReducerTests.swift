import Testing

@testable import JailtopModel
@testable import JailtopUI

/// The dashboard's behaviour, driven through the reducer: keys, samples and resizes in,
/// state and effects out.
@Suite struct ReducerTests {
    @Test func firstSampleSelectsTheBusiestJailAndAsksForItsUsage() throws {
        var state = AppState(size: Size(width: 120, height: 40), sourceDescription: "demo", refreshInterval: 2)
        let effects = AppReducer.reduce(&state, .snapshot(UITest.demo.snapshots[0]))
        let rows = state.jailRows()
        #expect(state.jails.selectedName == rows.first?.jail.name)
        #expect(rows.first?.cpuPercent == rows.compactMap(\.cpuPercent).max())
        guard case .prioritize(let priority) = effects.first else { Issue.record("no prioritize effect"); return }
        #expect(priority.jailNames.count == min(rows.count, Layout(size: state.size).jailListRows))
        // The selected jail's visible processes, in the order the Processes tab lists them.
        let shown = rows.first.map { state.processRows(of: $0.jail).map(\.process.pid) } ?? []
        #expect(!shown.isEmpty)
        #expect(priority.processIDs == Array(shown.prefix(Layout(size: state.size).detailListRows)))
        #expect(priority.listedJailIDs == [rows.first?.jail.jid].compactMap { $0 })
        // Sorted by CPU, the jails off screen need no network rates.
        #expect(!priority.needsEveryJailsNetwork)
        state.jails.sort = .network
        #expect(AppReducer.priority(state, rows: state.jailRows()).needsEveryJailsNetwork)
    }

    /// The collector reads the listed jail's processes in detail (the others only for their
    /// totals), so a key that selects another jail says so at once, and only such a key does.
    @Test func selectingAnotherJailTellsTheCollectorWhichJailIsListed() throws {
        var state = UITest.state(size: Size(width: 120, height: 40))
        let rows = state.jailRows()
        let running = rows.filter { $0.jail.jid != nil }
        try #require(running.count >= 2)
        state.jails.selectedName = running[0].jail.name
        state.refreshRows()
        let index = try #require(rows.firstIndex { $0.jail.name == running[1].jail.name })
        let start = try #require(rows.firstIndex { $0.jail.name == running[0].jail.name })
        var effects: [Effect] = []
        for _ in start..<index { effects += AppReducer.reduce(&state, .key(.down)) }
        let priorities = effects.compactMap { if case .prioritize(let p) = $0 { p } else { nil } }
        #expect(priorities.last?.listedJailIDs == [running[1].jail.jid!])
        // A key that changes nothing listed (the tab) asks for nothing.
        #expect(AppReducer.reduce(&state, .key(.tab)).isEmpty)
    }

    @Test func navigationMovesTheSelectionAndKeepsItVisible() {
        var state = UITest.state(size: Size(width: 80, height: 16))
        let rows = state.jailRows()
        UITest.press(&state, .down, .down)
        #expect(state.jails.selectedName == rows[2].jail.name)
        UITest.press(&state, .end)
        #expect(state.jails.selectedName == rows.last?.jail.name)
        let visible = Layout(size: state.size).jailListRows
        #expect(state.jails.scroll == rows.count - visible)
        UITest.press(&state, .character("g"))
        #expect(state.jails.selectedName == rows.first?.jail.name && state.jails.scroll == 0)
        UITest.press(&state, .up)
        #expect(state.jails.selectedName == rows.first?.jail.name)
    }

    @Test func clearingAFilterStaysOnTheJailItShowed() {
        var state = UITest.state()
        state.jails.selectedName = "www"
        UITest.press(&state, .character("\\"))
        UITest.type(&state, "mon")
        UITest.press(&state, .enter)
        #expect(state.selectedJail(in: state.jailRows())?.name == "monitor")
        #expect(state.jails.selectedName == "monitor")
        UITest.press(&state, .character("\\"), .control("u"), .enter)
        #expect(state.jailRows().count > 1)
        #expect(state.jails.selectedName == "monitor", "the selection jumped back to the jail selected before the filter")
        // A filter that matches nothing keeps the selection.
        UITest.press(&state, .character("\\"))
        UITest.type(&state, "zzzz-no-such-jail")
        UITest.press(&state, .escape)
        #expect(state.jails.selectedName == "monitor")
    }

    @Test func aProcessFilterMovesTheSelectionToAVisibleProcess() throws {
        var state = UITest.state()
        state.jails.selectedName = "www"
        UITest.press(&state, .enter, .down, .down)
        UITest.press(&state, .character("\\"))
        UITest.type(&state, "worker")
        UITest.press(&state, .enter)
        let jail = try #require(state.selectedJail(in: state.jailRows()))
        let rows = state.processRows(of: jail)
        #expect(!rows.isEmpty)
        #expect(rows.contains { $0.process.pid == state.processes.selectedPID }, "a signal would go to a process the filter hides")
    }

    @Test func selectionFollowsTheJailAcrossSamplesAndResorts() {
        var state = UITest.state()
        UITest.press(&state, .down, .down, .down)
        let chosen = state.jails.selectedName
        for s in UITest.demo.snapshots[2..<8] { _ = AppReducer.reduce(&state, .snapshot(s)) }
        #expect(state.jails.selectedName == chosen)
        UITest.press(&state, .character("N"))
        #expect(state.jails.sort == .jid && !state.jails.descending)
        #expect(state.jailRows().first?.jail.jid == 1)
        #expect(state.jails.selectedName == chosen)
    }

    @Test func sortKeysCycleAndInvert() {
        var state = UITest.state()
        UITest.press(&state, .character("s"))
        #expect(state.jails.sort == .memory)
        UITest.press(&state, .character("S"), .character("S"))
        #expect(state.jails.sort == .state)
        UITest.press(&state, .character("M"))
        let mem = state.jailRows().compactMap(\.memoryBytes)
        #expect(mem == mem.sorted(by: >))
        UITest.press(&state, .character("I"))
        #expect(state.jailRows().compactMap(\.memoryBytes).first == mem.min())
    }

    /// Issue 16 (4): LIM% names the limit it shows, and `L` puts the jail nearest any limit first.
    @Test func theTightestLimitIsNamedAndSortsFirst() throws {
        var state = UITest.state()
        UITest.press(&state, .character("L"))
        let rows = state.jailRows()
        let fractions = rows.compactMap { $0.tightest?.fraction }
        #expect(fractions == fractions.sorted(by: >))
        let first = try #require(rows.first?.tightest)
        let text = Frame.render(state).trimmedLines.joined(separator: "\n")
        let name = try #require(first.rule.racctResource?.shortName)
        #expect(text.contains("\(name) \(Int((first.fraction * 100).rounded(.down)))%") || text.contains("\(name) \(Int((first.fraction * 100).rounded()))%"))
        #expect(RacctResource.allCases.allSatisfy { $0.shortName.count <= 5 }, "fits the column with 100%~")
    }

    /// Issue 16 (6): a kept filter and a `J` jail are shown in the header after Enter.
    @Test func keptFiltersAndTheChosenJailAreShownInTheHeader() {
        var state = UITest.state()
        UITest.press(&state, .character("\\"))
        UITest.type(&state, "ci")
        UITest.press(&state, .enter)
        var text = Frame.render(state).trimmedLines.joined(separator: "\n")
        #expect(text.contains("[/ci]"))
        UITest.press(&state, .character("J"))
        UITest.type(&state, "ci.runner1")
        UITest.press(&state, .enter)
        text = Frame.render(state).trimmedLines.joined(separator: "\n")
        #expect(text.contains("[J ci.runner1]  [/ci]"))
        UITest.press(&state, .character("J"), .enter)
        UITest.press(&state, .character("\\"), .escape)
        text = Frame.render(state).trimmedLines.joined(separator: "\n")
        #expect(!text.contains("[J ") && !text.contains("[/"))
    }

    @Test func incrementalFilterNarrowsAndEscapeClears() {
        var state = UITest.state()
        UITest.press(&state, .character("\\"))
        #expect(state.overlay == .filter)
        UITest.type(&state, "ci")
        #expect(state.jailRows().map(\.jail.name).sorted() == ["ci", "ci.runner1"])
        UITest.press(&state, .backspace, .character("a"))
        #expect(state.jails.filter == "ca")
        UITest.press(&state, .enter)
        #expect(state.overlay == nil && state.jails.filter == "ca")
        UITest.press(&state, .character("\\"), .escape)
        #expect(state.jails.filter.isEmpty && state.overlay == nil)
    }

    @Test func processPaneSortsFiltersTreesAndTags() throws {
        var state = UITest.state()
        UITest.press(&state, .character("N"), .home)  // by JID: www (JID 1) first
        UITest.press(&state, .enter)
        #expect(state.focus == .detail && state.tab == .processes)
        let jail = try #require(state.selectedJail(in: state.jailRows()))
        #expect(jail.name == "www")
        var rows = state.processRows(of: jail)
        #expect(rows.map(\.cpuPercent) == rows.map(\.cpuPercent).sorted(by: >))
        UITest.press(&state, .character("t"))
        rows = state.processRows(of: jail)
        let master = try #require(rows.firstIndex { $0.process.args.hasPrefix("nginx: master") })
        #expect(rows[master].treePrefix.isEmpty)
        #expect(rows[master + 1].process.ppid == rows[master].process.pid)
        #expect(rows[master + 1].treePrefix.hasSuffix("─ "))
        UITest.press(&state, .character("\\"))
        UITest.type(&state, "nginx")
        UITest.press(&state, .enter)
        #expect(state.processRows(of: jail).allSatisfy { $0.process.args.contains("nginx") })
        UITest.press(&state, .home, .character(" "), .character(" "))
        #expect(state.processes.tagged.count == 2)
        UITest.press(&state, .character("U"))
        #expect(state.processes.tagged.isEmpty)
        #expect(!state.paused)
    }

    @Test func tabsSwitchWithArrowsAndDigits() {
        var state = UITest.state()
        UITest.press(&state, .right)
        #expect(state.tab == .limits)
        UITest.press(&state, .left, .left)
        #expect(state.tab == .network)
        UITest.press(&state, .character("3"))
        #expect(state.tab == .info)
    }

    /// Issue 16 (2): in the process list Left and Right scroll the command lines (htop's), so
    /// a 4 KB java command line can be read; another jail starts at its first column again.
    @Test func theProcessListScrollsSideways() throws {
        var state = UITest.state(size: Size(width: 80, height: 24))
        let jail = try #require(state.jailRows().first { $0.jail.name == "ci.runner1" })
        state.jails.selectedName = jail.key
        UITest.press(&state, .tab)
        let before = Frame.render(state).lines.joined(separator: "\n")
        UITest.press(&state, .right)
        #expect(state.tab == .processes && state.processes.commandOffset == AppReducer.commandScrollStep)
        let after = Frame.render(state).lines.joined(separator: "\n")
        #expect(after.contains("COMMAND from column 17"))
        #expect(after != before)
        UITest.press(&state, .left, .left)
        #expect(state.processes.commandOffset == 0)
        // A line is never scrolled past its end.
        for _ in 0..<1000 { UITest.press(&state, .right) }
        let longest = state.processRows(of: jail.jail).map { $0.process.args.count }.max() ?? 0
        #expect(state.processes.commandOffset <= longest)
        UITest.press(&state, .tab, .down)
        #expect(state.processes.commandOffset == 0)
        // < and > sort, as htop's.
        UITest.press(&state, .character(">"))
        #expect(state.message?.hasPrefix("jails sorted by") == true)
    }

    @Test func jailPromptScopesToOneJailAndEmptyShowsAll() {
        var state = UITest.state()
        UITest.press(&state, .character("J"))
        UITest.type(&state, "db")
        UITest.press(&state, .enter)
        #expect(state.jailRows().map(\.jail.name) == ["db"])
        UITest.press(&state, .character("J"))
        UITest.type(&state, "nosuch")
        UITest.press(&state, .enter)
        #expect(state.message == "no jail nosuch" && state.jailRows().count == 1)
        UITest.press(&state, .character("J"), .enter)
        #expect(state.jailRows().count == UITest.demo.snapshots[1].jails.count)
    }

    @Test func intervalPauseAndQuitAreEffects() {
        var state = UITest.state()
        #expect(AppReducer.reduce(&state, .key(.character("+"))) == [.setInterval(3)])
        #expect(AppReducer.reduce(&state, .key(.character("-"))) == [.setInterval(2)])
        #expect(AppReducer.reduce(&state, .key(.character(" "))) == [.collectNow])
        #expect(AppReducer.reduce(&state, .key(.character("Z"))) == [.setPaused(true)])
        #expect(Frame.render(state).lines[0].contains("FROZEN"))
        let frozen = state.snapshot?.time
        _ = AppReducer.reduce(&state, .snapshot(UITest.demo.snapshots[5]))
        #expect(state.snapshot?.time == frozen)
        #expect(AppReducer.reduce(&state, .key(.character("Z"))) == [.setPaused(false), .collectNow])
        #expect(AppReducer.reduce(&state, .key(.function(10))) == [.quit])
        var other = UITest.state()
        #expect(AppReducer.reduce(&other, .quitSignal) == [.quit])
    }

    @Test func helpOpensAndAnyKeyCloses() {
        var state = UITest.state()
        UITest.press(&state, .character("?"))
        #expect(state.overlay == .help)
        #expect(Frame.render(state).lines.joined().contains("FreeBSD jails at a glance"))
        UITest.press(&state, .character("x"))
        #expect(state.overlay == nil)
    }

    @Test func helpScrollsWhereTheScreenIsShort() {
        var state = UITest.state(size: Size(width: 80, height: 24))
        UITest.press(&state, .function(1))
        let first = Frame.render(state).lines
        #expect(first.joined().contains("FreeBSD jails at a glance"))
        #expect(first.joined().contains("Up/Down PgUp/PgDn scroll"))
        // Every line inside the box, none cut by the screen's edge.
        #expect(first.allSatisfy { $0.count <= 80 })
        UITest.press(&state, .end)
        #expect(state.overlay == .help)
        let last = Frame.render(state).lines.joined(separator: "\n")
        #expect(last.contains("LIM% is the share"))
        #expect(!last.contains("FreeBSD jails at a glance"))
        UITest.press(&state, .home)
        #expect(Frame.render(state).lines.joined().contains("FreeBSD jails at a glance"))
        UITest.press(&state, .character("x"))
        #expect(state.overlay == nil)
    }

    @Test func messagesAreKeptWithTheirTimes() {
        var state = UITest.state(size: Size(width: 80, height: 24))
        state.utcOffsetSeconds = 0
        _ = AppReducer.reduce(&state, .tick(3600 * 14 + 60 * 2 + 11))
        UITest.press(&state, .character("s"))
        let sorted = state.message
        _ = AppReducer.reduce(&state, .tick(3600 * 14 + 60 * 3))
        UITest.press(&state, .control("w"))
        #expect(state.messageLog.map(\.text) == [sorted, "Ctrl-W does nothing here (? lists the keys)"])
        UITest.press(&state, .character("!"))
        #expect(state.overlay == .messages)
        let text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("14:02:11  \(sorted ?? "")"))
        #expect(text.contains("14:03:00  Ctrl-W does nothing here"))
        UITest.press(&state, .escape)
        #expect(state.overlay == nil)
        // Only the last 20 are kept.
        for i in 0..<30 { state.message = "message \(i)" }
        #expect(state.messageLog.count == AppState.messageLogLength)
        #expect(state.messageLog.last?.text == "message 29")
        #expect(state.messageLog.first?.text == "message 10")
    }

    @Test func framesOfHelpAndMessages() throws {
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
            var state = UITest.state(size: size)
            _ = AppReducer.reduce(&state, .tick(3600 * 14))
            UITest.press(&state, .character("s"), .character("w"), .character("!"))
            try UITest.assertFrame(Frame.render(state), "messages-\(size.width)x\(size.height)")
            UITest.press(&state, .escape, .function(1))
            try UITest.assertFrame(Frame.render(state), "help-\(size.width)x\(size.height)")
        }
    }

    @Test func wrappingBreaksAtSpacesAndCutsLongWords() {
        #expect(ScrolledText.wrap("alpha beta gamma  delta", width: 11) == ["alpha beta", "gamma delta"])
        #expect(ScrolledText.wrap(String(repeating: "x", count: 25), width: 10) == ["xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"])
        #expect(ScrolledText.wrap("", width: 10) == [""])
    }

    @Test func aLongMessageIsReadInFullInTheHistory() {
        var state = UITest.state(size: Size(width: 80, height: 24))
        let long = "the action failed: " + (1...30).map { "word\($0)" }.joined(separator: " ")
        state.message = long
        UITest.press(&state, .character("!"))
        let lines = Frame.render(state).lines
        #expect(lines.joined(separator: " ").contains("word30"))
        #expect(lines.joined(separator: " ").contains("word1 "))
    }

    @Test func theHeaderSaysWhenTheSampleIsLate() {
        var state = UITest.state(size: Size(width: 120, height: 40))
        state.refreshInterval = 2
        _ = AppReducer.reduce(&state, .tick(1000))
        _ = AppReducer.reduce(&state, .snapshot(UITest.demo.snapshots[1]))
        _ = AppReducer.reduce(&state, .tick(1003))
        #expect(!Frame.render(state).lines[2].contains("ago"))
        _ = AppReducer.reduce(&state, .tick(1007.5))
        #expect(Frame.render(state).lines[2].contains("every 2s, last 7s ago"))
        _ = AppReducer.reduce(&state, .snapshot(UITest.demo.snapshots[2]))
        #expect(!Frame.render(state).lines[2].contains("ago"))
    }

    @Test func resizeKeepsSelectionVisible() {
        var state = UITest.state()
        UITest.press(&state, .end)
        _ = AppReducer.reduce(&state, .resize(Size(width: 80, height: 14)))
        let rows = state.jailRows()
        let i = state.selectedJailIndex(in: rows) ?? -1
        let visible = Layout(size: state.size).jailListRows
        #expect(i >= state.jails.scroll && i < state.jails.scroll + visible)
    }

    @Test func collectionErrorsShowAndClear() {
        var state = AppState(size: Size(width: 100, height: 30), sourceDescription: "live host", refreshInterval: 2)
        _ = AppReducer.reduce(&state, .collectFailed("jls: permission denied"))
        #expect(Frame.render(state).lines.joined().contains("jls: permission denied"))
        _ = AppReducer.reduce(&state, .snapshot(UITest.demo.snapshots[0]))
        #expect(state.collectError == nil)
        #expect(!Frame.render(state).lines.joined().contains("permission denied"))
    }

    // MARK: Issue 10 (7)–(9)

    static func host(time: Double, jails: [Jail], processes: [JailProcess] = []) -> Snapshot {
        let host = HostInfo(hostname: "h", osrelease: "14.3", ncpu: 8, physmemBytes: 1, loadavg: [0, 0, 0], boottime: 0, racct: .enabled)
        return Snapshot(time: time, host: host, jails: jails, processes: processes).withSummariesFromProcesses()
    }

    static func busy(time: Double, cpu: Double) -> Snapshot {
        let p = JailProcess(
            pid: 10, ppid: 1, jid: 3, uid: 0, user: "root", cpuPercent: 0, memPercent: 0, rssBytes: 0, vszBytes: 0,
            cpuTimeS: cpu, elapsedS: 1000 + Int(time), state: "RJ", threads: 1, priority: 20, nice: 0, command: "cc", args: "cc")
        return host(time: time, jails: [Jail(jid: 3, name: "www", state: .running)], processes: [p])
    }

    /// (9) The re-sample 0.2 s after an action keeps the rates and adds no sparkline point; the
    /// next sample is measured from the last full window.
    @Test func aQuickResampleKeepsTheRatesAndTheHistory() {
        var state = AppState(size: Size(width: 120, height: 40), sourceDescription: "t", refreshInterval: 2)
        _ = AppReducer.reduce(&state, .snapshot(Self.busy(time: 100, cpu: 50)))
        _ = AppReducer.reduce(&state, .snapshot(Self.busy(time: 102, cpu: 52)))  // 2 s of CPU in 2 s
        #expect(state.jailRows().first?.cpuPercent == 100)
        _ = AppReducer.reduce(&state, .snapshot(Self.busy(time: 102.2, cpu: 52)))  // ps has not moved yet
        #expect(state.jailRows().first?.cpuPercent == 100)
        #expect(state.cpuHistory[3]?.count == 2 && state.cpuHistory[3]?.last == 100)
        _ = AppReducer.reduce(&state, .snapshot(Self.busy(time: 104, cpu: 55.6)))  // from 102: 3.6 s in 2 s
        #expect(abs((state.jailRows().first?.cpuPercent ?? 0) - 180) < 1e-9)
        #expect(state.cpuHistory[3]?.count == 3)
    }

    /// (8) A dying instance shows nothing of its successor's; (7) a parent's cells are its own.
    @Test func rowsShowEachJailsOwnFigures() throws {
        let mib = 1 << 20
        func usage(_ memory: Int, _ read: Int) -> ResourceUsage {
            var u = ResourceUsage()
            u[.memoryuse] = memory
            u[.readbps] = read
            u[.writebps] = 0
            return u
        }
        let rule = RctlRule(subjectID: "www", resource: "memoryuse", action: .deny, amount: 2 << 30)
        let jails = [
            Jail(jid: 4, name: "www", state: .dying, racct: usage(300 * mib, 1_000_000), rules: [rule]),
            Jail(jid: 11, name: "www", state: .running, racct: usage(300 * mib, 1_000_000), rules: [rule]),
            Jail(jid: 5, name: "build", state: .running, racct: usage(912 * mib, 4_500_000)),
            Jail(jid: 6, name: "build.ci", state: .running, parent: 5, racct: usage(912 * mib, 4_500_000)),
        ]
        var state = AppState(size: Size(width: 120, height: 40), sourceDescription: "t", refreshInterval: 2)
        _ = AppReducer.reduce(&state, .snapshot(Self.host(time: 0, jails: jails)))
        var rows: [Int: JailRow] = [:]
        for r in state.jailRows() { rows[r.jail.jid ?? 0] = r }
        let dying = try #require(rows[4])
        #expect(dying.readBytesPerSecond == nil && dying.tightest == nil && dying.memoryBytes == nil)
        #expect(rows[11]?.readBytesPerSecond == 1_000_000 && rows[11]?.tightest != nil)
        #expect(rows[5]?.memoryBytes == 0 && rows[5]?.readBytesPerSecond == 0 && rows[5]?.includesChildJails == false)
        #expect(rows[6]?.memoryBytes == 912 * mib)
    }
}
